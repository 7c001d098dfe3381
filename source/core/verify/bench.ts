import {mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../env.js';
import {goError, type GoAdapter} from '../go-adapter.js';
import type {BuildKind, MeasurementEvent} from '../measure/events.js';
import {isCancelled, throwIfCancelled, type Task} from '../task.js';
import {BUILD_FLAGS, BuildFailed, measuredBuild, PATTERNS, type BuildRecord} from './build-run.js';
import {nothingToBuild} from './nothing-built.js';
import {buildablePackages, chooseLeaf, dependencyModules, listDeps, type ListedPackage} from './packages.js';
import {applyLeafEdit, cacheRootBeside, copyProject, copyWorkspace, freshDir, scratchDir} from './project.js';
import type {Workspace} from './project-dir.js';
import {spread, verdict, type Spread, type Verdict} from './stats.js';

export const KINDS: BuildKind[] = ['cold', 'warm', 'incremental'];

/**
 * One set of settings to measure: the current ones, or (before/after) the baseline passed in the environment:
 * ENV on top of the user's, and GOENVTEXT, when set, as the GOENV file go reads (see baseline.ts).
 */
export type BenchSide = {key: string; label: string; env: Env; goenvText?: string};

export type BenchInput = {
	/** The user's go, with the user's environment. */
	go: GoAdapter;
	/** Root of the module to measure (it is copied; see project.ts), or of the workspace when at its root. */
	moduleRoot: string;
	/** The go.work workspace moduleRoot is in: copied with all the modules it uses, and built as go builds it. */
	workspace?: Workspace;
	runs: number;
	/** Default: the current settings only. Two sides are measured interleaved (A B A B) so drift hits both. */
	sides?: BenchSide[];
	/** Prefix for event ids, so several measurements can share the panels. */
	idPrefix?: string;
	buildTimeoutMs?: number;
};

export type KindSummary = {
	kind: BuildKind;
	wallMs: number[];
	/** Null when this kind was not measured (Go's error in `error`). */
	stats: Spread | null;
	actions: number | null;
	hits: number | null;
	misses: number | null;
	/** Incremental only: the edited file, relative to the module root. */
	edited?: string;
	error?: string;
};

export type SideResult = {
	key: string;
	label: string;
	goVersion: string | null;
	/** The GOCACHE this side's settings configure; the measured caches were created beside it. */
	gocache: string | null;
	kinds: KindSummary[];
	builds: BuildRecord[];
	/** Import paths of the module's own packages (for "no hit among the module's packages"). */
	ownPackages: string[];
	/** Module cache: dependency modules found already downloaded vs downloaded by this measurement. */
	modules: {reused: number; downloaded: number; verified: boolean | null; verifyMessage: string} | null;
	/** Slowest compiles: per package the median over the cold runs, slowest first. */
	slowest: Array<{package: string; ms: number}>;
	/** The first failure (Go's words); later kinds were not run. */
	error?: string;
};

/** verdict and ratio are null (with the reason in error) when a side could not be measured: never a guess. */
export type Comparison = {
	baseline: SideResult;
	current: SideResult;
	verdict: Verdict | null;
	ratio: number | null;
	error?: string;
	perKind: Array<{kind: BuildKind; verdict: Verdict; ratio: number} | {kind: BuildKind; error: string}>;
};

export type BenchResult = {project: string; sides: SideResult[]; comparison: Comparison | null};

type SideState = {
	side: BenchSide;
	env: Env;
	result: SideResult;
	copy: string;
	scratch: string;
	cacheRoot?: string;
	packages: ListedPackage[];
	names: Set<string>;
	editFile?: string;
	/** What go build and go list are given: ./... of the module, or at a workspace's root every module's path/... */
	patterns: string[];
	hasMain: boolean;
	cache?: string;
	outDir?: string;
	failed: boolean;
};

/**
 * Cold, warm and incremental builds of a temporary copy of the module, each repeated, with every number from the
 * real go: wall time around go build, hits/misses/compile times from its action graph, progress from -v. The
 * user's GOCACHE is never read from or written to: every go command here runs with a GOCACHE of its own, created
 * beside the configured one. Emits MeasurementEvents (ids per run) so the panels show a build while it runs.
 */
export const runBench: Task<BenchInput, MeasurementEvent, BenchResult> = async (input, {emit, signal}) => {
	const sides = input.sides ?? [{key: 'current', label: '', env: {}}];
	const prefix = input.idPrefix ?? 'bench';
	const timeoutMs = input.buildTimeoutMs ?? 30 * 60_000;
	const scratch = await scratchDir(input.go.env);
	const states: SideState[] = [];
	try {
		for (const side of sides) states.push(await prepareSide(input, side, scratch, signal));
		const current = states.at(-1)!;
		if (current.result.modules)
			emit({type: 'modules', reused: current.result.modules.reused, downloaded: current.result.modules.downloaded});
		for (const kind of KINDS) {
			for (let run = 1; run <= input.runs; run++) {
				for (const state of states) {
					if (state.failed) continue;
					throwIfCancelled(signal, 'the measurement');
					await oneBuild(input, state, kind, run, `${prefix}-${state.side.key}-${kind}-${run}`, timeoutMs, emit, signal);
				}
			}
		}
		for (const state of states) {
			summarize(state, input.runs);
			if (!state.failed) await verifyModules(input.go, state, signal);
		}
		if (current.result.modules)
			emit({type: 'modules', reused: current.result.modules.reused, downloaded: current.result.modules.downloaded});
		return {
			project: input.moduleRoot,
			sides: states.map(s => s.result),
			comparison: states.length === 2 ? compare(states[0]!.result, states[1]!.result) : null,
		};
	} finally {
		await rm(scratch, {recursive: true, force: true});
		for (const state of states) if (state.cacheRoot) await rm(state.cacheRoot, {recursive: true, force: true});
	}
};

async function prepareSide(input: BenchInput, side: BenchSide, scratch: string, signal: AbortSignal): Promise<SideState> {
	const dir = await freshDir(path.join(scratch, side.key));
	const goenv = side.goenvText === undefined ? {} : {GOENV: path.join(dir, 'goenv')};
	if (goenv.GOENV) await writeFile(goenv.GOENV, side.goenvText!, {mode: 0o600});
	// GOWORK=off for a module alone: the copy is outside any workspace, and no other go.work may decide what is
	// measured. A workspace's copy gets GOWORK set to its copied go.work below.
	const env: Env = {...side.env, ...goenv, GOTOOLCHAIN: 'local', GOWORK: 'off'};
	const result: SideResult = {
		key: side.key,
		label: side.label,
		goVersion: null,
		gocache: null,
		kinds: [],
		builds: [],
		ownPackages: [],
		modules: null,
		slowest: [],
	};
	const state: SideState = {
		side,
		env,
		result,
		copy: '',
		scratch: dir,
		packages: [],
		names: new Set(),
		patterns: PATTERNS,
		hasMain: false,
		failed: false,
	};
	const fail = (message: string) => {
		result.error = message;
		state.failed = true;
		return state;
	};
	const info = await input.go.run(['env', 'GOVERSION', 'GOCACHE', 'GOTMPDIR', 'CGO_ENABLED'], {env, signal, timeoutMs: 30_000});
	throwIfCancelled(signal, 'the measurement');
	if (info.exitCode !== 0) return fail(goError(info));
	const [goVersion = '', gocache = '', gotmpdir = '', cgoEnabled = ''] = info.stdout.split('\n');
	// go's own work directories go to the scratch dir (the temp dir's filesystem, like go's default), so a cancelled
	// build (go killed before it can clean up) leaves nothing behind. A GOTMPDIR the user chose is kept.
	if (gotmpdir === '') env['GOTMPDIR'] = await freshDir(path.join(dir, 'gotmp'));
	result.goVersion = goVersion || null;
	result.gocache = gocache || null;
	if (!gocache || gocache === 'off' || !path.isAbsolute(gocache))
		return fail(
			`GOCACHE is ${gocache === '' ? 'not set' : `"${gocache}"`}: go needs an absolute build cache directory to build (go env GOCACHE)`,
		);
	state.cacheRoot = await cacheRootBeside(gocache);
	if (input.workspace) {
		const {file, modules} = input.workspace;
		const copyOf = await copyWorkspace(
			file,
			modules.map(m => m.dir),
			dir,
		);
		state.copy = copyOf(input.moduleRoot);
		env['GOWORK'] = copyOf(file);
		// At the root, outside every module, ./... matches nothing ("directory prefix . does not contain modules
		// listed in go.work"): the workspace's packages are each module's path/..., which every go since 1.18 takes.
		if (!modules.some(m => path.resolve(m.dir) === path.resolve(input.moduleRoot))) state.patterns = modules.map(m => `${m.path}/...`);
	} else state.copy = await copyProject(input.moduleRoot, dir);
	// go list writes module-index entries into GOCACHE: it gets a cache of its own, so the cold cache starts empty.
	const list = await listDeps(input.go, BUILD_FLAGS, state.patterns, {
		cwd: state.copy,
		env: {...env, GOCACHE: path.join(state.cacheRoot, 'list')},
		signal,
		timeoutMs: 10 * 60_000,
	});
	throwIfCancelled(signal, 'the measurement');
	if ('error' in list) return fail(list.error);
	state.packages = buildablePackages(list.packages);
	state.names = new Set(state.packages.map(p => p.importPath));
	result.ownPackages = state.packages.filter(p => p.module?.main).map(p => p.importPath);
	// go build ./... of zero packages succeeds in a few ms: a time for it would measure nothing.
	if (result.ownPackages.length === 0)
		return fail(
			await nothingToBuild(
				input.go,
				{root: state.copy, shownAs: input.moduleRoot, cgoEnabled},
				{
					env: {...env, GOCACHE: path.join(state.cacheRoot, 'list')},
					signal,
					timeoutMs: 60_000,
				},
			),
		);
	state.hasMain = state.packages.some(p => p.module?.main && p.name === 'main');
	const deps = dependencyModules(list.packages);
	const downloaded = new Set(list.downloads);
	result.modules = {reused: deps.filter(m => !downloaded.has(m)).length, downloaded: downloaded.size, verified: null, verifyMessage: ''};
	const leaf = chooseLeaf(list.packages);
	if (leaf) state.editFile = path.join(leaf.dir, [...leaf.goFiles].sort()[0]!);
	return state;
}

async function oneBuild(
	input: BenchInput,
	state: SideState,
	kind: BuildKind,
	run: number,
	id: string,
	timeoutMs: number,
	emit: (e: MeasurementEvent) => void,
	signal: AbortSignal,
) {
	const {cacheRoot, result} = state;
	if (kind === 'cold') {
		state.cache = await freshDir(path.join(cacheRoot!, `cold-${run}`));
		state.outDir = await freshDir(path.join(state.scratch, `out-${run}`));
	}
	if (kind === 'incremental') {
		if (!state.editFile) {
			fail(state, kind, 'the module has no package with Go files to edit');
			return;
		}
		await applyLeafEdit(state.editFile, run);
	}
	const label = `${state.side.label ? `${state.side.label} ` : ''}${kind} ${run}/${input.runs}`;
	try {
		const record = await measuredBuild({
			go: input.go,
			id,
			kind,
			label,
			goVersion: result.goVersion ?? '',
			run,
			of: input.runs,
			cwd: state.copy,
			env: {...state.env, GOCACHE: state.cache!},
			outDir: state.hasMain ? state.outDir : undefined,
			patterns: state.patterns,
			actionGraphFile: path.join(state.scratch, `${id}.json`),
			packages: state.names,
			timeoutMs,
			signal,
			emit,
		});
		result.builds.push(record);
		if (result.modules) result.modules.downloaded += record.downloads.length;
	} catch (error) {
		if (error instanceof BuildFailed) fail(state, kind, error.goMessage);
		else if (isCancelled(error)) throw error;
		else throw error;
	}
}

function fail(state: SideState, kind: BuildKind, message: string) {
	state.failed = true;
	state.result.error ??= message;
	state.result.kinds.push({kind, wallMs: [], stats: null, actions: null, hits: null, misses: null, error: message});
}

function summarize(state: SideState, runs: number) {
	const {result} = state;
	for (const kind of KINDS) {
		if (result.kinds.some(k => k.kind === kind)) continue;
		const builds = result.builds.filter(b => b.kind === kind);
		if (builds.length < runs) {
			result.kinds.push({
				kind,
				wallMs: builds.map(b => b.wallMs),
				stats: null,
				actions: null,
				hits: null,
				misses: null,
				error: result.error ?? 'an earlier build failed',
			});
			continue;
		}
		const last = builds.at(-1)!;
		result.kinds.push({
			kind,
			wallMs: builds.map(b => b.wallMs),
			stats: spread(builds.map(b => b.wallMs))!,
			actions: last.actions,
			hits: last.hits,
			misses: last.misses,
			...(kind === 'incremental' && state.editFile ? {edited: path.relative(state.copy, state.editFile)} : {}),
		});
	}
	result.kinds.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
	const times = new Map<string, number[]>();
	for (const build of result.builds.filter(b => b.kind === 'cold')) {
		for (const p of build.packages) if (!p.hit) times.set(p.package, [...(times.get(p.package) ?? []), p.ms]);
	}
	result.slowest = [...times]
		.map(([pkg, ms]) => ({package: pkg, ms: Math.round(spread(ms)!.medianMs)}))
		.sort((a, b) => b.ms - a.ms || a.package.localeCompare(b.package))
		.slice(0, 5);
}

async function verifyModules(go: GoAdapter, state: SideState, signal: AbortSignal) {
	// Not in a workspace: go 1.19's go mod verify fails there on the workspace's own modules ("missing ziphash").
	if (!state.result.modules || state.env['GOWORK'] !== 'off') return;
	await mkdir(state.cache!, {recursive: true});
	const run = await go.run(['mod', 'verify'], {
		cwd: state.copy,
		env: {...state.env, GOCACHE: state.cache!},
		signal,
		timeoutMs: 10 * 60_000,
	});
	throwIfCancelled(signal, 'the measurement');
	state.result.modules.verified = run.exitCode === 0;
	state.result.modules.verifyMessage = run.exitCode === 0 ? run.stdout.trim() || 'all modules verified' : goError(run);
}

/** Before/after: per kind and overall (the sum of one round's cold, warm and incremental wall times). */
export function compare(baseline: SideResult, current: SideResult): Comparison {
	const perKind = KINDS.map(kind => {
		const a = baseline.kinds.find(k => k.kind === kind)?.stats;
		const b = current.kinds.find(k => k.kind === kind)?.stats;
		if (!a || !b) return {kind, error: 'not measured on both sides'};
		return {kind, ...verdict(a, b)};
	});
	const a = spread(roundTotals(baseline));
	const b = spread(roundTotals(current));
	if (!a || !b)
		return {
			baseline,
			current,
			perKind,
			verdict: null,
			ratio: null,
			error: `not measured: ${baseline.error ?? current.error ?? 'a build failed'}`,
		};
	return {baseline, current, perKind, ...verdict(a, b)};
}

function roundTotals(side: SideResult): number[] {
	const kinds = side.kinds.filter(k => k.stats !== null);
	if (kinds.length !== KINDS.length) return [];
	const runs = Math.min(...kinds.map(k => k.wallMs.length));
	return Array.from({length: runs}, (_, i) => kinds.reduce((sum, k) => sum + k.wallMs[i]!, 0));
}
