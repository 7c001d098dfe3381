import {mkdir, mkdtemp, readdir, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {nonEmpty, type Env} from '../env.js';
import {GoAdapter} from '../go-adapter.js';
import {openJournal, type ChangeSet, type ChangeStep, type Journal} from '../journal/index.js';
import type {Runtime} from '../runtime.js';
import {throwIfCancelled, type TaskContext} from '../task.js';
import {discoverToolchains, isOnPath, type FoundGo} from '../toolchain.js';
import {parseGoVersion, parseGoVersionOutput, type GoVersion} from '../version.js';
import {downloadArchive} from './download.js';
import {InstallFailure, InstallRefusal} from './errors.js';
import type {InstallEvent} from './events.js';
import {chosenMirror, fetchReleaseIndex, fileUrl, normalizeMirror, type Release, type ReleaseFile} from './feed.js';
import {choosePrefix} from './prefix.js';
import {currentPlatform, pickArchive, resolveVersion, type GoPlatform} from './resolve.js';
import {extractTarGz} from './safe-extract.js';
import {policyProblem} from './toolchain-policy.js';
import {currentShellCommand, hasBlock, pathBlockLines, STARTUP_MARKER, startupTarget, type StartupTarget} from './startup-file.js';

export type InstallRequest = {
	/** 1.23.4, go1.23.4, 1.23 or latest (the default). */
	version?: string;
	prefix?: string;
	mirror?: string;
	platform?: GoPlatform;
	indexTimeoutMs?: number;
	/** A GOTOOLCHAIN policy to write to the GOENV file in the same change set (Go >= 1.21 only). */
	gotoolchain?: string;
};

export type ExistingTree = {path: string; version?: string; error?: string};

export type InstallPlan = {
	release: Release;
	archive: ReleaseFile & {url: string};
	mirror: string;
	prefix: string;
	goBin: string;
	/** The tree at the prefix today: set aside (never deleted) and restored on failure or rollback. */
	existing?: ExistingTree;
	/** The marked PATH block, or undefined when HOME is unset or the file already holds the same block. */
	startup?: StartupTarget & {lines: string[]};
	/** Set when the start-up file already has the same block. */
	startupAlreadyDone?: StartupTarget;
	/** The directory go install writes to (GOBIN or GOPATH/bin) when it is not on PATH yet and goes in the block. */
	toolsDir?: string;
	/** The one command that makes the current shell use the new go. */
	useNow: string;
	/** The go this shell runs today, when it is not the new one. */
	currentWinner?: FoundGo;
	/** GOTOOLCHAIN written to the GOENV file with the install. */
	gotoolchain?: string;
	warnings: string[];
};

/** Reads the release index, resolves VERSION, picks the archive and inspects the prefix. Changes nothing. */
export async function planInstall(
	runtime: Pick<Runtime, 'env' | 'cwd' | 'sandbox'>,
	request: InstallRequest,
	{emit, signal}: TaskContext<InstallEvent>,
): Promise<InstallPlan> {
	const {env, cwd} = runtime;
	const mirror = normalizeMirror(chosenMirror(request.mirror, env));
	// In sandbox mode everything stays inside the sandbox: never /usr/local/go, even for root.
	const prefix = await choosePrefix(request.prefix, env, cwd, runtime.sandbox === undefined && process.getuid?.() === 0);
	emit({kind: 'index', url: mirror.href});
	const releases = await fetchReleaseIndex(mirror, {env, signal, timeoutMs: request.indexTimeoutMs});
	const release = resolveVersion(releases, request.version ?? 'latest');
	const file = pickArchive(release, request.platform ?? currentPlatform());
	if (request.gotoolchain !== undefined) {
		const problem = policyProblem(request.gotoolchain);
		if (problem) throw new InstallRefusal(`--gotoolchain ${request.gotoolchain}: ${problem}`);
		const version = parseGoVersion(release.version);
		if (version && version.major === 1 && version.minor < 21)
			throw new InstallRefusal(`--gotoolchain: ${release.version} has no toolchain switching (GOTOOLCHAIN is Go 1.21 and later)`);
	}
	const goBinDir = path.join(prefix, 'bin');
	const [existing, discovery, target] = await Promise.all([inspectExisting(prefix, env), discoverToolchains(env), startupTarget(env)]);
	const toolsDir = await toolsDirectory(env, cwd, discovery.winner?.path);
	const addTools = toolsDir !== undefined && !isOnPath(toolsDir, env) ? toolsDir : undefined;
	const shell = target?.shell ?? 'sh';
	const lines = pathBlockLines(shell, goBinDir, addTools);
	const already = target !== undefined && (await hasBlock(target.file, lines));
	const warnings: string[] = [];
	const winner = discovery.winner;
	const newGo = path.join(goBinDir, 'go');
	const winnerIsNew = winner !== undefined && path.resolve(winner.path) === newGo;
	if (winner !== undefined && !winnerIsNew) {
		warnings.push(
			`This shell runs ${winner.path} (${winner.version?.raw ?? 'unknown version'}) for go until you run: ${currentShellCommand(shell, goBinDir)}`,
		);
		if (already && isOnPath(goBinDir, env)) {
			warnings.push(
				`${goBinDir} is on PATH after ${path.dirname(winner.path)}, so ${winner.path} keeps winning even in new shells: something in your start-up files puts it first`,
			);
		}
	}
	if (target === undefined) warnings.push('HOME is not set: no start-up file was chosen; add the new bin to PATH yourself');
	if (existing && existing.version === undefined)
		warnings.push(`${prefix} exists but is not a working go (${existing.error}); it will be set aside, not deleted`);
	return {
		release,
		archive: {...file, url: fileUrl(mirror, file)},
		mirror: mirror.href,
		prefix,
		goBin: newGo,
		existing,
		...(target && !already ? {startup: {...target, lines}} : {}),
		...(target && already ? {startupAlreadyDone: target} : {}),
		...(addTools ? {toolsDir: addTools} : {}),
		useNow: currentShellCommand(shell, goBinDir),
		...(winner && !winnerIsNew ? {currentWinner: winner} : {}),
		...(request.gotoolchain !== undefined ? {gotoolchain: request.gotoolchain} : {}),
		warnings,
	};
}

export type InstallResult = {
	version: string;
	prefix: string;
	archive: {url: string; sha256: string; bytes: number};
	setAside: string | null;
	startupFile: string | null;
	changeSet: string;
	/** What the installed go printed for `go version`. */
	goVersion: string;
	download: {seconds: number};
	extract: {files: number; bytes: number; seconds: number};
};

const ORIGIN = 'install-go';

/**
 * Downloads, verifies and extracts beside the prefix, then applies ONE change set through the journal: the old tree
 * set aside, the new one put in place, the PATH block. The new go must then print the requested version, otherwise
 * the change set is rolled back (the old tree returns) and the install fails.
 */
export async function runInstall(
	runtime: Runtime,
	plan: InstallPlan,
	{emit, signal}: TaskContext<InstallEvent>,
	through: {journal?: Journal; origin?: string} = {},
): Promise<InstallResult> {
	const parent = path.dirname(plan.prefix);
	await mkdir(parent, {recursive: true});
	await removeStaleStaging(plan.prefix);
	const staging = await mkdtemp(path.join(parent, `${stagingPrefix(plan.prefix)}${process.pid}-`));
	try {
		const archivePath = path.join(staging, plan.archive.filename);
		const download = await downloadArchive(
			{url: plan.archive.url, dest: archivePath, sha256: plan.archive.sha256, size: plan.archive.size, env: runtime.env},
			{emit, signal},
		);
		const tree = path.join(staging, 'tree');
		await mkdir(tree);
		const extractStarted = Date.now();
		const extracted = await extractTarGz(archivePath, tree, {emit, signal});
		const extractSeconds = (Date.now() - extractStarted) / 1000;
		await rm(archivePath, {force: true});
		throwIfCancelled(signal, 'the install');
		const staged = path.join(tree, 'go');
		const stagedGo = path.join(staged, 'bin', 'go');
		if (
			!(await stat(stagedGo).then(
				s => s.isFile(),
				() => false,
			))
		) {
			throw new InstallFailure(`${plan.archive.filename} has no go/bin/go: it is not a Go binary archive. Nothing was installed`);
		}
		// Before anything at the prefix moves: does the new go run at all here?
		const early = await goVersionOf(stagedGo, runtime.env);
		if (!matches(early.version, plan.release.version)) {
			throw new InstallFailure(`the extracted go prints "${early.output}" instead of ${plan.release.version}. Nothing was installed`);
		}
		// Data on disk before the journal records the tree as in place (best effort: sync -f flushes this filesystem).
		await execa('sync', ['-f', staged], {reject: false, timeout: 60_000});
		throwIfCancelled(signal, 'the install');
		const steps: ChangeStep[] = [
			...(plan.existing ? [{kind: 'set-aside' as const, path: plan.prefix}] : []),
			{kind: 'put-dir', staged, to: plan.prefix},
			...(plan.startup
				? [{kind: 'startup-block' as const, path: plan.startup.file, marker: STARTUP_MARKER, lines: plan.startup.lines}]
				: []),
			...(plan.gotoolchain !== undefined ? [{kind: 'goenv' as const, key: 'GOTOOLCHAIN', value: plan.gotoolchain}] : []),
		];
		// The journal checks GOENV values with the go found on PATH: let that be the go being installed (the older
		// one on PATH may not know GOTOOLCHAIN at all).
		const journal =
			plan.gotoolchain === undefined
				? (through.journal ?? openJournal(runtime))
				: openJournal({
						...runtime,
						env: {...runtime.env, PATH: `${path.join(staged, 'bin')}${path.delimiter}${runtime.env['PATH'] ?? ''}`},
					});
		const changeSet = await journal.applySteps(steps, through.origin ?? ORIGIN, {
			emit: progress => emit({kind: 'journal', progress}),
			signal,
		});
		if (changeSet === undefined) throw new InstallFailure('the journal applied nothing: the install changed nothing');
		emit({kind: 'check', goBin: plan.goBin});
		const after = await goVersionOf(plan.goBin, runtime.env);
		if (!matches(after.version, plan.release.version)) {
			await journal.rollback({kind: 'change-sets', ids: [changeSet.id]});
			throw new InstallFailure(
				`${plan.goBin} version printed "${after.output}" instead of ${plan.release.version}: change set #${changeSet.id} was rolled back${plan.existing ? `, ${plan.prefix} is the previous tree again` : ''}`,
			);
		}
		return {
			version: plan.release.version,
			prefix: plan.prefix,
			archive: {url: download.url, sha256: download.sha256, bytes: download.bytes},
			setAside: plan.existing ? setAsidePath(plan.prefix, changeSet) : null,
			startupFile: plan.startup?.file ?? null,
			changeSet: changeSet.id,
			goVersion: after.output,
			download: {seconds: download.seconds},
			extract: {files: extracted.files, bytes: extracted.bytes, seconds: extractSeconds},
		};
	} finally {
		await rm(staging, {recursive: true, force: true});
	}
}

/** Where the journal keeps the previous tree (contract: PATH.gotune-aside-<changeSetId>). */
export function setAsidePath(prefix: string, changeSet: ChangeSet): string {
	// The set-aside entry targets the prefix and records where the tree went as its after value.
	const entry = changeSet.entries.find(
		e => e.target.kind === 'directory' && e.target.path === prefix && e.after.present && e.after.value !== prefix,
	);
	return entry?.after.present ? entry.after.value : `${prefix}.gotune-aside-${changeSet.id}`;
}

function stagingPrefix(prefix: string): string {
	return `.${path.basename(prefix)}.gotune-staging-`;
}

/** A staging directory whose process is gone (killed mid-download or mid-extract) is only debris: remove it. */
async function removeStaleStaging(prefix: string): Promise<void> {
	const parent = path.dirname(prefix);
	const start = stagingPrefix(prefix);
	for (const name of await readdir(parent).catch(() => [] as string[])) {
		if (!name.startsWith(start)) continue;
		const pid = Number(/^(\d+)-/.exec(name.slice(start.length))?.[1]);
		if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) continue;
		if (pid === process.pid) continue;
		await rm(path.join(parent, name), {recursive: true, force: true});
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as {code?: string}).code === 'EPERM';
	}
}

/** `go version` of GOBIN itself: no GOROOT, GOENV file, GOFLAGS or toolchain switch can redirect it. */
async function goVersionOf(goBin: string, env: Env): Promise<{version?: GoVersion; output: string}> {
	const run = await new GoAdapter(goBin, env).run(['version'], {
		env: {GOENV: 'off', GOTOOLCHAIN: 'local', GOROOT: undefined, GOFLAGS: undefined},
		timeoutMs: 30_000,
	});
	const output = (run.exitCode === 0 ? run.stdout : run.stderr || run.stdout).trim().split('\n')[0] ?? '';
	return {version: run.exitCode === 0 ? parseGoVersionOutput(run.stdout) : undefined, output: output || `exit ${run.exitCode}`};
}

function matches(version: GoVersion | undefined, wanted: string): boolean {
	return version !== undefined && version.raw === wanted;
}

async function inspectExisting(prefix: string, env: Env): Promise<ExistingTree | undefined> {
	const info = await stat(prefix).catch(() => undefined);
	if (info === undefined) return undefined;
	if (!info.isDirectory()) throw new InstallFailure(`${prefix} exists and is not a directory: move it away or pass another --prefix`);
	const go = path.join(prefix, 'bin', 'go');
	const {version, output} = await goVersionOf(go, env);
	return version ? {path: prefix, version: version.raw} : {path: prefix, error: output};
}

/** GOBIN, else the first GOPATH entry's bin, as the go on PATH (or Go's defaults) says. */
async function toolsDirectory(env: Env, cwd: string, goBin: string | undefined): Promise<string | undefined> {
	const gobin = nonEmpty(env, 'GOBIN');
	if (gobin) return gobin;
	if (goBin) {
		const run = await new GoAdapter(goBin, env, cwd).run(['env', 'GOBIN', 'GOPATH'], {env: {GOTOOLCHAIN: 'local'}, timeoutMs: 15_000});
		if (run.exitCode === 0) {
			const [bin = '', gopath = ''] = run.stdout.split('\n');
			if (bin.trim()) return bin.trim();
			const first = gopath.trim().split(path.delimiter)[0];
			if (first) return path.join(first, 'bin');
		}
	}
	const gopath = nonEmpty(env, 'GOPATH')?.split(path.delimiter)[0] ?? (nonEmpty(env, 'HOME') ? path.join(env['HOME']!, 'go') : undefined);
	return gopath ? path.join(gopath, 'bin') : undefined;
}
