import {mkdir, mkdtemp, rm, stat} from 'node:fs/promises';
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
import {removeStaleStaging, stagingPrefix} from './staging.js';
import {currentPlatform, pickArchive, resolveVersion, type GoPlatform} from './resolve.js';
import {extractTarGz} from './safe-extract.js';
import {hashZip} from '../cache/dirhash.js';
import {loadProxyContext} from '../proxy/settings.js';
import {SumdbError} from './sumdb/note.js';
import {sumdbLookup} from './sumdb/client.js';
import {
	listToolchains,
	toolchainModuleVersion,
	toolchainRoute,
	tryProxies,
	TOOLCHAIN_MODULE,
	type ToolchainRoute,
} from './toolchain-module.js';
import {extractToolchainZip} from './zip-extract.js';
import {policyProblem} from './toolchain-policy.js';
import {currentShellCommand, hasBlock, pathBlockLines, STARTUP_MARKER, startupTarget, type StartupTarget} from './startup-file.js';

export type InstallRequest = {
	/** 1.23.4, go1.23.4, 1.23 or latest (the default). */
	version?: string;
	prefix?: string;
	mirror?: string;
	/** Where the toolchain comes from: the archive site (--mirror) or the module proxy (golang.org/toolchain). */
	from?: InstallSource;
	platform?: GoPlatform;
	indexTimeoutMs?: number;
	/** A GOTOOLCHAIN policy to write to the GOENV file in the same change set (Go >= 1.21 only). */
	gotoolchain?: string;
};

export type InstallSource = 'proxy' | 'archive';

export type ExistingTree = {path: string; version?: string; error?: string};

export type InstallPlan = {
	release: Release;
	archive: ReleaseFile & {url: string};
	/** The archive site, or the module proxy that listed the toolchain. */
	mirror: string;
	source: InstallSource;
	/** For the proxy: the module version, the GOPROXY walk and the checksum database that must vouch for it. */
	module?: {path: string; version: string; route: ToolchainRoute};
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
	if (request.from === 'proxy' && request.mirror !== undefined)
		throw new InstallRefusal('--mirror names an archive site: it does not go with --from proxy (the proxy is GOPROXY)');
	// In sandbox mode everything stays inside the sandbox: never /usr/local/go, even for root.
	const prefix = await choosePrefix(request.prefix, env, cwd, runtime.sandbox === undefined && process.getuid?.() === 0);
	const platform = request.platform ?? currentPlatform();
	const source = await chooseSource(runtime, request, {emit, signal});
	const release = resolveVersion(source.releases, request.version ?? 'latest');
	const file = source.from === 'archive' ? pickArchive(release, platform) : release.files[0]!;
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
	const warnings: string[] = [...source.warnings];
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
	const moduleVersion = toolchainModuleVersion(release.version, platform);
	return {
		release,
		archive: {
			...file,
			url:
				source.from === 'archive' ? fileUrl(new URL(source.mirror), file) : `${source.mirror}/${TOOLCHAIN_MODULE}/@v/${moduleVersion}.zip`,
		},
		mirror: source.mirror,
		source: source.from,
		...(source.route ? {module: {path: TOOLCHAIN_MODULE, version: moduleVersion, route: source.route}} : {}),
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
	source: InstallSource;
	archive: {url: string; sha256: string; bytes: number};
	/** For the proxy: the zip's h1: hash, equal to the checksum database's record (proven in its signed tree). */
	h1?: string;
	/** Where the checksum database was reached (a proxy's /sumdb/NAME or the database) and its tree size. */
	sumdb?: {name: string; base: string; treeSize: number};
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
		const fetched = plan.module
			? await fetchVerifiedModule(runtime, plan, archivePath, {emit, signal})
			: {
					download: await downloadArchive(
						{url: plan.archive.url, dest: archivePath, sha256: plan.archive.sha256, size: plan.archive.size, env: runtime.env},
						{emit, signal},
					),
				};
		const {download} = fetched;
		const tree = path.join(staging, 'tree');
		await mkdir(tree);
		const extractStarted = Date.now();
		// A module zip holds the tree under "golang.org/toolchain@VERSION/" where an archive holds it under "go/".
		const extracted = plan.module
			? await extractToolchainZip(archivePath, `${plan.module.path}@${plan.module.version}/`, path.join(tree, 'go'), {emit, signal})
			: await extractTarGz(archivePath, tree, {emit, signal});
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
			source: plan.source,
			archive: {url: download.url, sha256: download.sha256, bytes: download.bytes},
			...('h1' in fetched ? {h1: fetched.h1, sumdb: fetched.sumdb} : {}),
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
export async function toolsDirectory(env: Env, cwd: string, goBin: string | undefined): Promise<string | undefined> {
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

type Source = {from: InstallSource; releases: Release[]; mirror: string; route?: ToolchainRoute; warnings: string[]};

/**
 * --from archive: the archive site's release index (--mirror, GOTUNE_GO_MIRROR, go.dev). --from proxy: the
 * golang.org/toolchain versions the GOPROXY list serves. Neither given: the archive site, and the proxy when that
 * site cannot be reached (unless a mirror was named: then its failure is the answer).
 */
async function chooseSource(
	runtime: Pick<Runtime, 'env' | 'cwd' | 'sandbox'>,
	request: InstallRequest,
	{emit, signal}: TaskContext<InstallEvent>,
): Promise<Source> {
	const {env} = runtime;
	if (request.from !== 'proxy') {
		const mirror = normalizeMirror(chosenMirror(request.mirror, env));
		emit({kind: 'index', url: mirror.href});
		try {
			const releases = await fetchReleaseIndex(mirror, {env, signal, timeoutMs: request.indexTimeoutMs});
			return {from: 'archive', releases, mirror: mirror.href, warnings: []};
		} catch (error) {
			const named = request.from === 'archive' || request.mirror !== undefined || nonEmpty(env, 'GOTUNE_GO_MIRROR') !== undefined;
			if (named || !(error instanceof InstallFailure)) throw error;
			const viaProxy = await proxySource(runtime, request, {emit, signal});
			return {...viaProxy, warnings: [`${error.message}: installing through the module proxy instead`, ...viaProxy.warnings]};
		}
	}
	return proxySource(runtime, request, {emit, signal});
}

async function proxySource(
	runtime: Pick<Runtime, 'env' | 'cwd' | 'sandbox'>,
	request: InstallRequest,
	{emit, signal}: TaskContext<InstallEvent>,
): Promise<Source> {
	// GOPROXY/GOSUMDB/GONOSUMDB as go reports them (go env: GOENV file included), or the OS environment without a go.
	const {settings} = await loadProxyContext(runtime as Runtime);
	const route = toolchainRoute(settings);
	emit({kind: 'index', url: `GOPROXY ${route.proxies.map(p => p.url).join(',')} (${TOOLCHAIN_MODULE})`});
	const {releases, proxy} = await listToolchains(route.proxies, request.platform ?? currentPlatform(), {
		env: runtime.env,
		signal,
		...(request.indexTimeoutMs === undefined ? {} : {timeoutMs: request.indexTimeoutMs}),
	});
	return {from: 'proxy', releases, mirror: proxy, route, warnings: route.notes};
}

/**
 * The module zip, verified as go verifies golang.org/toolchain BEFORE anything is extracted: its h1: hash
 * (dirhash.HashZip) must equal the checksum database's record, and that record must be proven in the database's
 * signed tree. Any failure deletes the zip (the caller removes the staging directory) and says which check failed.
 */
async function fetchVerifiedModule(
	runtime: Runtime,
	plan: InstallPlan,
	zipPath: string,
	{emit, signal}: TaskContext<InstallEvent>,
): Promise<{download: Awaited<ReturnType<typeof downloadArchive>>; h1: string; sumdb: {name: string; base: string; treeSize: number}}> {
	const {path: modulePath, version, route} = plan.module!;
	// The database's record does not depend on the zip: it is asked (and proven) while the zip downloads, so its round
	// trips hide behind the transfer. Nothing is extracted before both are in and agree; a failed download stops it.
	const stopLookup = new AbortController();
	const asking = sumdbLookup(route.sumdb, route.proxies, modulePath, version, {
		env: runtime.env,
		signal: AbortSignal.any([signal, stopLookup.signal]),
	});
	asking.catch(() => undefined);
	let download: Awaited<ReturnType<typeof downloadArchive>>;
	try {
		({value: download} = await tryProxies(route.proxies, `${modulePath}@${version}`, base =>
			downloadArchive({url: `${base}/${modulePath}/@v/${version}.zip`, dest: zipPath, env: runtime.env}, {emit, signal}),
		));
	} catch (error) {
		stopLookup.abort();
		throw error;
	}
	try {
		emit({kind: 'sumdb', name: route.sumdb.name});
		const h1 = await hashZip(zipPath).catch((error: Error) => {
			throw new InstallFailure(`${modulePath}@${version}: the downloaded zip is not a valid zip (${error.message})`);
		});
		const lookup = await asking.catch((error: Error) => {
			if (error instanceof SumdbError)
				throw new InstallFailure(
					`${modulePath}@${version}: verifying with the checksum database ${route.sumdb.name} failed: ${error.message}. Nothing was installed`,
				);
			if (signal.aborted) throw error;
			throw new InstallFailure(
				`${modulePath}@${version}: cannot reach the checksum database ${route.sumdb.name}: ${(error as Error).message}. Nothing was installed`,
			);
		});
		const wanted = lookup.lines.map(line => line.split(' ')).find(f => f[0] === modulePath && f[1] === version)?.[2];
		if (wanted === undefined)
			throw new InstallFailure(`${modulePath}@${version}: the checksum database's record has no hash for the zip. Nothing was installed`);
		if (wanted !== h1)
			throw new InstallFailure(
				`${modulePath}@${version}: checksum mismatch (SECURITY ERROR): the downloaded zip is ${h1}, the checksum database ${route.sumdb.name} says ${wanted}. The download was deleted; nothing was installed`,
			);
		return {download, h1, sumdb: {name: route.sumdb.name, base: lookup.base, treeSize: lookup.tree.size}};
	} catch (error) {
		stopLookup.abort();
		await rm(zipPath, {force: true});
		throw error;
	}
}
