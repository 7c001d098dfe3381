import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty} from '../env.js';
import {GoAdapter, goError} from '../go-adapter.js';
import {resolveGo} from '../go-resolver.js';
import {openJournal, type ChangeSet, type Journal} from '../journal/index.js';
import {findUp} from '../module/detect.js';
import {parseModText} from '../module/gomod-text.js';
import type {Runtime} from '../runtime.js';
import {compareGoVersions, parseGoVersion, parseGoVersionOutput, parseLanguageVersion, type GoVersion} from '../version.js';
import {isCancelled, TaskCancelled, throwIfCancelled, type TaskContext} from '../task.js';
import {versionName} from './choices.js';
import {watchToolchainDownload} from './download-watch.js';

/** What `gotune pin SPEC` runs: `go get toolchain@goX.Y.Z` (the toolchain line) or `go get go@X.Y[.Z]` (the go line). */
export type PinSpec = {argument: string; line: 'toolchain' | 'go'; version: string};

export class PinRefusal extends Error {}
export class PinFailure extends Error {}

const RELEASE = String.raw`1\.\d+(?:\.\d+|rc\d+|beta\d+)`;

/** Reads SPEC: go1.27.3 or toolchain@go1.27.3 pin the toolchain line; go@1.27 or go@1.27.3 raise the go line. */
export function parsePinSpec(spec: string): PinSpec | string {
	const toolchain = new RegExp(`^(?:toolchain@)?go(${RELEASE})$`).exec(spec);
	if (toolchain) return {argument: `toolchain@go${toolchain[1]}`, line: 'toolchain', version: `go${toolchain[1]}`};
	const go = new RegExp(String.raw`^go@(1\.\d+(?:\.\d+|rc\d+|beta\d+)?)$`).exec(spec);
	if (go) return {argument: `go@${go[1]}`, line: 'go', version: go[1]!};
	const language = /^(?:toolchain@)?go(1\.\d+)$/.exec(spec);
	if (language)
		return `${spec} is a language version, not a toolchain: give a release such as go${language[1]}.0 for the toolchain line, or go@${language[1]} to raise the go line`;
	return `"${spec}" is not a toolchain to pin: give goX.Y.Z (the toolchain line, e.g. go1.27.3) or go@X.Y[.Z] (the go line, e.g. go@1.27)`;
}

export type ModLines = {go?: string; toolchain?: string};

export type PinPlan = {
	spec: PinSpec;
	goMod: string;
	goSum: string;
	/** The module's directory: go get and the proof run there. */
	dir: string;
	lines: ModLines;
	goBin: string;
	installed: GoVersion;
	/** GOTOOLCHAIN as the environment sets it ('' = go's default from the GOENV file or $GOROOT/go.env). */
	gotoolchain: string;
	/** go env GOMODCACHE: where a toolchain go downloads for the pin lands (its progress is read there). */
	modcache?: string;
};

/** Finds go.mod from DIR up and the go that will edit it. Changes nothing. */
export async function planPin(runtime: Pick<Runtime, 'env' | 'cwd'>, spec: string, dir: string): Promise<PinPlan> {
	const parsed = parsePinSpec(spec);
	if (typeof parsed === 'string') throw new PinRefusal(parsed);
	const goMod = await findUp(path.resolve(runtime.cwd, dir), 'go.mod');
	if (goMod === undefined)
		throw new PinRefusal(`no go.mod in ${path.resolve(runtime.cwd, dir)} or above: pin works in a module (gotune init creates one)`);
	const goBin = await resolveGo(runtime.env);
	if (goBin === undefined) throw new PinFailure('no go on PATH to run go get with: gotune install-go installs one');
	const adapter = new GoAdapter(goBin, runtime.env);
	const options = {env: {GOTOOLCHAIN: 'local', GOFLAGS: undefined}, timeoutMs: 15_000};
	const [run, modcache] = await Promise.all([adapter.run(['version'], options), adapter.run(['env', 'GOMODCACHE'], options)]);
	const installed = parseGoVersionOutput(run.stdout);
	if (installed === undefined) throw new PinFailure(`${goBin} version failed: ${goError(run)}`);
	if (installed.major === 1 && installed.minor < 21 && !installed.devel)
		throw new PinFailure(
			`${versionName(installed)} (${goBin}) knows no toolchain lines or go@ versions (Go 1.21 and later): put a newer go first on PATH (gotune use), then pin`,
		);
	return {
		spec: parsed,
		goMod,
		goSum: path.join(path.dirname(goMod), 'go.sum'),
		dir: path.dirname(goMod),
		lines: await modLines(goMod),
		goBin,
		installed,
		gotoolchain: nonEmpty(runtime.env, 'GOTOOLCHAIN') ?? '',
		...(modcache.exitCode === 0 && modcache.stdout.trim() !== '' ? {modcache: modcache.stdout.trim()} : {}),
	};
}

export async function modLines(goMod: string): Promise<ModLines> {
	const text = parseModText(await readFile(goMod, 'utf8'));
	return {...(text.go ? {go: text.go} : {}), ...(text.toolchain ? {toolchain: text.toolchain} : {})};
}

export type PinResult = {
	changeSet?: ChangeSet;
	lines: ModLines;
	goSumChanged: boolean;
	/** What go get said (its "go: added toolchain go1.27.3" lines). */
	goOutput: string;
	/** `go version` in the module's directory afterwards, with the user's GOTOOLCHAIN. */
	proof: {goVersion: string; runs?: string; pinned: boolean; wanted?: string; gotoolchain: string};
};

/** Long enough for go to download a toolchain through the proxy (GOTOOLCHAIN=auto) before it answers. */
const GO_TIMEOUT_MS = 300_000;

/** What a pin is doing: the go command it started, each line go prints, and the toolchain download's bytes so far. */
export type PinEvent =
	{kind: 'run'; args: string[]} | {kind: 'go'; line: string} | {kind: 'download'; bytes: number; bytesPerSecond: number | null};

/**
 * Runs the real `go get toolchain@goX.Y.Z` (or go@X.Y) in the module, recorded as one change set of go.mod and go.sum
 * (rollback puts both back byte for byte), then `go version` there: the proof of which go now runs for this project.
 * Either may download a toolchain (GOTOOLCHAIN=auto): go's lines and the download's bytes are emitted. Cancelled
 * (Ctrl-C, Esc) at any point: go and what it started are killed, go.mod and go.sum are put back as they were by the
 * journal, and the run rejects with TaskCancelled.
 */
export async function runPin(
	runtime: Runtime,
	plan: PinPlan,
	{emit, signal}: TaskContext<PinEvent>,
	origin = 'pin',
	journal: Journal = openJournal(runtime),
): Promise<PinResult> {
	const go = new GoAdapter(plan.goBin, runtime.env, plan.dir);
	const stream = async (args: string[]) => {
		throwIfCancelled(signal, 'the pin');
		emit({kind: 'run', args});
		const started = Date.now();
		const stop = plan.modcache
			? watchToolchainDownload(plan.modcache, bytes => {
					const seconds = (Date.now() - started) / 1000;
					emit({kind: 'download', bytes, bytesPerSecond: seconds >= 1 ? bytes / seconds : null});
				})
			: () => undefined;
		try {
			const run = await go.stream(args, {
				timeoutMs: GO_TIMEOUT_MS,
				signal,
				onLine: (line, from) => {
					if (from === 'stderr' && line.trim() !== '') emit({kind: 'go', line});
				},
			});
			if (run.cancelled) throw new TaskCancelled('the pin');
			return run;
		} finally {
			stop();
		}
	};
	const targets = [plan.goMod, plan.goSum].map(file => ({kind: 'file' as const, path: file}));
	const {result, changeSet} = await journal.applyExternal(
		targets,
		origin,
		async () => {
			const get = await stream(['get', plan.spec.argument]);
			return {get, version: get.exitCode === 0 ? await stream(['version']) : undefined};
		},
		{undoIf: isCancelled},
	);
	const {get, version} = result;
	if (get.exitCode !== 0 || version === undefined)
		throw new PinFailure(
			`go get ${plan.spec.argument} failed:\n${goError(get)}\n${changeSet ? `What it changed is change set #${changeSet.id} (gotune rollback --last)` : 'go.mod and go.sum are as they were'}`,
		);
	if (version.exitCode !== 0)
		throw new PinFailure(
			`go version in ${plan.dir} failed after the pin:\n${goError(version)}\nThe pin is change set #${changeSet?.id ?? '?'} (gotune rollback --last undoes it)`,
		);
	const runs = parseGoVersionOutput(version.stdout);
	const lines = await modLines(plan.goMod);
	const wanted = pinnedToolchain(lines);
	const policy = await go.run(['env', 'GOTOOLCHAIN'], {timeoutMs: 30_000});
	return {
		...(changeSet ? {changeSet} : {}),
		lines,
		goSumChanged: changeSet?.entries.some(e => e.target.kind === 'file' && e.target.path === plan.goSum && !sameText(e)) ?? false,
		goOutput: get.stderr.trim(),
		proof: {
			goVersion: version.stdout.trim(),
			...(runs ? {runs: versionName(runs)} : {}),
			pinned: runs !== undefined && versionName(runs) === wanted,
			...(wanted ? {wanted} : {}),
			gotoolchain: policy.stdout.trim(),
		},
	};
}

/** The toolchain go.mod's lines ask for: the toolchain line, or the go line when that is newer (go1.27 → go1.27.0). */
function pinnedToolchain(lines: ModLines): string | undefined {
	const goLine = lines.go === undefined ? undefined : parseLanguageVersion(lines.go);
	const fromGo =
		goLine && `go${lines.go}${goLine.patch === undefined && goLine.prerelease === undefined && goLine.minor >= 21 ? '.0' : ''}`;
	const toolchain = lines.toolchain === undefined ? undefined : parseGoVersion(lines.toolchain);
	if (toolchain && (goLine === undefined || compareGoVersions(toolchain, goLine) > 0)) return lines.toolchain;
	return fromGo;
}

function sameText(entry: ChangeSet['entries'][number]): boolean {
	return (
		entry.before.present === entry.after.present && (!entry.before.present || entry.before.value === (entry.after as {value: string}).value)
	);
}
