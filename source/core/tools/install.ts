import {lstat, mkdir, mkdtemp, rm} from 'node:fs/promises';
import path from 'node:path';
import {GoAdapter, goError} from '../go-adapter.js';
import {resolveGo} from '../go-resolver.js';
import {InstallFailure, InstallRefusal} from '../install/errors.js';
import {removeStaleStaging, stagingPrefix} from '../install/staging.js';
import {openJournal, type ChangeStep, type Journal, type StepProgress} from '../journal/index.js';
import type {Runtime} from '../runtime.js';
import {TaskCancelled, throwIfCancelled, type TaskContext} from '../task.js';
import {compareGoVersions, parseGoVersionOutput, parseLanguageVersion, type GoVersion} from '../version.js';
import {inspectTools, readBuildInfo, type ToolsDir} from './inspect.js';
import {parseToolWord, type KnownTool} from './known.js';

export type ToolsPlan = {
	goBin: string;
	goVersion: string;
	toolsDir: ToolsDir;
	items: Array<{tool: KnownTool; version: string; existing?: {path: string; version?: string}}>;
};

export type ToolsEvent =
	| {kind: 'build'; name: string; version: string; index: number; of: number}
	/** A line go printed while it built (go: downloading MODULE VERSION, compile errors). */
	| {kind: 'go'; name: string; line: string}
	| {kind: 'journal'; progress: StepProgress};

export type InstalledTool = {
	name: string;
	module: string;
	version: string;
	path: string;
	builtWith: string;
	replaced: boolean;
	seconds: number;
};

export type ToolsResult = {changeSet: string; toolsDir: string; installed: InstalledTool[]};

/** `go install` of a big tool (gopls) on a slow shared machine: minutes, not seconds. */
const BUILD_TIMEOUT_MS = 30 * 60_000;
const ORIGIN = 'tools';

/** NAME or NAME@VERSION (VERSION: vX.Y.Z or latest), checked against the known tools. Bad input is a refusal (exit 2). */
export function parseToolRequest(word: string): {tool: KnownTool; version: string} {
	const parsed = parseToolWord(word);
	if ('problem' in parsed) throw new InstallRefusal(parsed.problem);
	return parsed;
}

/** Which go builds, where the programs go, what each replaces. Changes nothing. */
export async function planToolsInstall(runtime: Pick<Runtime, 'env' | 'cwd'>, words: string[], signal?: AbortSignal): Promise<ToolsPlan> {
	const requests = words.map(parseToolRequest);
	const goBin = await resolveGo(runtime.env);
	if (goBin === undefined) throw new InstallFailure('no go on PATH: the tools are built by go install (gotune install-go installs Go)');
	const go = new GoAdapter(goBin, runtime.env, runtime.cwd, signal);
	const run = await go.run(['version'], {env: {GOTOOLCHAIN: 'local'}, timeoutMs: 15_000});
	const version = run.exitCode === 0 ? parseGoVersionOutput(run.stdout) : undefined;
	if (version === undefined) throw new InstallFailure(`${goBin} does not run: ${goError(run)}`);
	for (const {tool} of requests) {
		const problem = tooOld(tool, version);
		if (problem) throw new InstallRefusal(problem);
	}
	const report = await inspectTools(runtime, goBin, {goVersion: version, ...(signal ? {signal} : {})});
	if (report.toolsDir === undefined)
		throw new InstallFailure(`${goBin} env reports neither GOBIN nor GOPATH: there is nowhere to install to`);
	const toolsDir = report.toolsDir;
	const items = await Promise.all(
		requests.map(async ({tool, version: wanted}) => {
			const target = path.join(toolsDir.dir, tool.name);
			const present = await lstat(target).then(
				() => true,
				() => false,
			);
			const state = report.tools.find(t => t.name === tool.name);
			const existing = present ? {path: target, ...(state?.path === target && state.version ? {version: state.version} : {})} : undefined;
			return {tool, version: wanted, ...(existing ? {existing} : {})};
		}),
	);
	return {goBin, goVersion: version.raw, toolsDir, items};
}

/**
 * A go before 1.21 cannot switch to the newer toolchain a tool's go.mod asks for: say so before building (a go that
 * can switch tries, and go's own words say why when GOTOOLCHAIN=local stops it).
 */
export function tooOld(tool: KnownTool, go: GoVersion): string | undefined {
	const wanted = parseLanguageVersion(tool.goLine)!;
	if (compareGoVersions(go, wanted) >= 0 || (go.major === 1 && go.minor >= 21)) return undefined;
	return `${tool.name} ${tool.defaultVersion} needs go ${tool.goLine} or newer to build, and ${go.raw} cannot switch toolchains (Go 1.21 and later can): install a newer Go first (gotune install-go)`;
}

/**
 * Builds each tool with `go install PKG@VERSION` into a staging GOBIN beside the tools directory (the user's GOPROXY,
 * GOFLAGS and caches, as go reads them), checks what was built (`go version -m`), then puts the binaries in place as
 * ONE change set: an existing binary is set aside (rollback puts it back byte for byte), a new one is removed by
 * rollback. Cancelled or failed: the staging directory is removed and the tools directory is as it was.
 */
export async function runToolsInstall(
	runtime: Runtime,
	plan: ToolsPlan,
	context: TaskContext<ToolsEvent>,
	journal: Journal = openJournal(runtime),
): Promise<ToolsResult> {
	const staged = await buildTools(runtime, plan, context);
	try {
		const changeSet = await journal.applySteps(staged.steps, ORIGIN, {
			emit: progress => context.emit({kind: 'journal', progress}),
			signal: context.signal,
		});
		if (changeSet === undefined) throw new InstallFailure('the journal applied nothing: no tool was installed');
		return {changeSet: changeSet.id, toolsDir: plan.toolsDir.dir, installed: staged.installed};
	} finally {
		await staged.cleanup();
	}
}

/**
 * The build half of runToolsInstall, for a caller that applies the steps in a change set of its own (the onboarding
 * installs the team's tools with its settings): the journal steps, what was built, and CLEANUP, which removes the
 * staging directory (call it after applying, whatever happened). ENV: settings go install runs with (the team's
 * GOPROXY before it is applied).
 */
export async function buildTools(
	runtime: Runtime,
	plan: ToolsPlan,
	{emit, signal}: TaskContext<ToolsEvent>,
	env: Record<string, string> = {},
): Promise<{steps: ChangeStep[]; installed: InstalledTool[]; cleanup: () => Promise<void>}> {
	const dir = plan.toolsDir.dir;
	// go install creates GOBIN itself when it is missing; the journal's rename needs it to exist first.
	await mkdir(dir, {recursive: true});
	await removeStaleStaging(dir);
	const staging = await mkdtemp(path.join(path.dirname(dir), `${stagingPrefix(dir)}${process.pid}-`));
	const cleanup = () => rm(staging, {recursive: true, force: true});
	const go = new GoAdapter(plan.goBin, runtime.env, runtime.cwd);
	try {
		const built: Array<InstalledTool & {staged: string}> = [];
		for (const [index, item] of plan.items.entries()) {
			throwIfCancelled(signal, 'the install');
			const {tool, version} = item;
			emit({kind: 'build', name: tool.name, version, index: index + 1, of: plan.items.length});
			const into = path.join(staging, String(index));
			await mkdir(into);
			const started = Date.now();
			const run = await go.stream(['install', `${tool.pkg}@${version}`], {
				env: {...env, GOBIN: into},
				timeoutMs: BUILD_TIMEOUT_MS,
				signal,
				onLine: (line, stream) => {
					if (stream === 'stderr' && line.trim() !== '') emit({kind: 'go', name: tool.name, line});
				},
			});
			if (run.cancelled) throw new TaskCancelled('the install');
			if (run.exitCode !== 0) throw new InstallFailure(`go install ${tool.pkg}@${version} failed: ${goError(run)}. Nothing was installed`);
			const staged = path.join(into, tool.name);
			const read = await readBuildInfo(go, staged);
			if ('error' in read) throw new InstallFailure(`go install ${tool.pkg}@${version} left no readable ${tool.name}: ${read.error}`);
			const got = read.info.module?.version ?? '?';
			if (version !== 'latest' && got !== version)
				throw new InstallFailure(`go install ${tool.pkg}@${version} built ${got} instead. Nothing was installed`);
			built.push({
				name: tool.name,
				module: tool.module,
				version: got,
				path: path.join(dir, tool.name),
				builtWith: read.info.goVersion,
				replaced: item.existing !== undefined,
				seconds: (Date.now() - started) / 1000,
				staged,
			});
		}
		throwIfCancelled(signal, 'the install');
		const steps: ChangeStep[] = built.flatMap(tool => [
			...(tool.replaced ? [{kind: 'set-aside' as const, path: tool.path}] : []),
			{kind: 'put-dir' as const, staged: tool.staged, to: tool.path},
		]);
		return {steps, installed: built.map(({staged: _staged, ...tool}) => tool), cleanup};
	} catch (error) {
		await cleanup();
		throw error;
	}
}
