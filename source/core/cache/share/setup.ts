import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty} from '../../env.js';
import {goError, type GoAdapter} from '../../go-adapter.js';
import {toolsDirectory} from '../../install/install.js';
import type {ChangeSet, ChangeStep, GoEnvChange, Journal} from '../../journal/index.js';
import {goEnvFileLocation} from '../../paths.js';
import {goflagsTrimpath} from '../../profile/goflags.js';
import {throwIfCancelled} from '../../task.js';
import {compareGoVersions, parseGoVersion} from '../../version.js';
import {clientDiskDir, installInvocation, installText, MIN_GO, parseClient, type ClientSpec} from './client.js';
import {cacheProgValue} from './goprog.js';
import {serverProblem} from './address.js';
import {checkServer, type ServerCheck} from './server-check.js';
import {clientVersion, type ClientVersion} from './state.js';
import {stageTokenFile, tokenFilePath} from './token-file.js';

/** Bad input (a server that is not a URL, an unpinned client, a go without GOCACHEPROG): exit 2, nothing written. */
export class ShareRefusal extends Error {
	override name = 'ShareRefusal';
}

/** Could not be done for a reason the user can act on (server down, go install failed): exit 1, nothing written. */
export class ShareFailure extends Error {
	override name = 'ShareFailure';
}

/** TRIMPATH: add -trimpath to GOFLAGS in the same change set (see SharePlan.goflags). */
export type ShareRequest = {server: string; client: string; token?: string; trimpath?: boolean};

export type SharePlan = {
	goVersion: string;
	client: ClientSpec;
	server: string;
	token?: string;
	/** GOBIN (or GOPATH/bin): where go install puts the client. */
	gobin: string;
	gobinExists: boolean;
	/** GOBIN/<client>: the file the change set puts in place. */
	binary: string;
	/** A program already at BINARY: set aside (kept) and renamed back on rollback. */
	replacesBinary: boolean;
	/** The GOCACHEPROG value written to the GOENV file (go-cacher's holds the token: show it masked). */
	value: string;
	/**
	 * gotune-cacher with a token: the 0600 file the change set writes it to (GOCACHEPROG names the file); a token file
	 * already there is set aside and put back on rollback.
	 */
	tokenFile?: {path: string; replaces: boolean};
	/** go-cacher (or another client) with a token: it takes it on its command line, so it sits in GOENV and shows in ps. */
	tokenInClear?: true;
	/** GOCACHEPROG as go sees it now, and whether the OS environment sets it (it then wins over the GOENV file). */
	current: string;
	shadowedByEnvironment: boolean;
	/** The client's own disk: every object go reads or writes is kept there too, so a dead server costs no rebuild twice. */
	diskDir: string | undefined;
	serverCheck: ServerCheck;
	/**
	 * go keys every package outside GOROOT by its directory unless -trimpath (cmd/go buildActionID: "dir %s"), so
	 * without it machines share only the standard library and checkouts at the very same path; the module cache sits
	 * under each user's HOME. Set: the GOFLAGS value written with -trimpath added; undefined: GOFLAGS left alone.
	 */
	goflags?: string;
	/** -trimpath is already in GOFLAGS. */
	trimpath: boolean;
};

/** The go in use and whether it has GOCACHEPROG (go1.24 and later): the wizard asks before it asks for a server. */
export async function shareGoVersion(go: GoAdapter): Promise<{goVersion: string; supported: boolean}> {
	const {values, run} = await go.envJson({timeoutMs: 30_000}, ['GOVERSION']);
	if (!values) throw new ShareFailure(`cannot read go's settings: ${goError(run)}`);
	const goVersion = values['GOVERSION'] ?? '';
	return {goVersion, supported: supportsCacheProg(goVersion)};
}

function supportsCacheProg(goVersion: string): boolean {
	const version = parseGoVersion(goVersion);
	return version !== undefined && compareGoVersions(version, parseGoVersion(MIN_GO.label)!) >= 0;
}

/** Reads go's settings and checks the server. Changes nothing; throws ShareRefusal/ShareFailure. */
export async function planShare(go: GoAdapter, request: ShareRequest): Promise<SharePlan> {
	const client = parseClient(request.client);
	if ('problem' in client) throw new ShareRefusal(`--client: ${client.problem}`);
	const problem = serverProblem(request.server);
	if (problem) throw new ShareRefusal(`--server: ${problem}`);
	const {values, run} = await go.envJson({timeoutMs: 30_000}, ['GOVERSION', 'GOCACHEPROG', 'GOBIN', 'GOPATH', 'GOFLAGS']);
	if (!values) throw new ShareFailure(`cannot read go's settings: ${goError(run)}`);
	const version = parseGoVersion(values['GOVERSION'] ?? '');
	if (!version || !supportsCacheProg(values['GOVERSION'] ?? ''))
		throw new ShareRefusal(
			`${go.goBin} is ${values['GOVERSION'] || 'an unknown version'}: a shared build cache needs GOCACHEPROG, which is ${MIN_GO.label} and later. Install a newer go first (gotune install-go installs the latest release; gotune use VERSION switches to one you have, ${MIN_GO.label} or later), then run this again`,
		);
	const gobin = await toolsDirectory(go.env, go.cwd, go.goBin);
	if (gobin === undefined) throw new ShareFailure('neither GOBIN nor GOPATH is known: go install has nowhere to put the client');
	const binary = path.join(gobin, client.binary);
	const [gobinExists, replacesBinary] = await Promise.all([isDir(gobin), exists(binary)]);
	const serverCheck = await checkServer(request.server, go.env, request.token);
	const diskDir = clientDiskDir(go.env, client.binary);
	const goflags = values['GOFLAGS'] ?? '';
	const trimpath = goflagsTrimpath(goflags);
	const tokenFile = request.token && client.bundled ? tokenFilePath(go.env) : undefined;
	return {
		goVersion: version.raw,
		client,
		server: request.server,
		...(request.token ? {token: request.token} : {}),
		gobin,
		gobinExists,
		binary,
		replacesBinary,
		value: cacheProgValue(binary, request.server, {
			...(tokenFile ? {tokenFile} : request.token ? {token: request.token} : {}),
			...(diskDir ? {diskDir} : {}),
		}),
		...(tokenFile ? {tokenFile: {path: tokenFile, replaces: await exists(tokenFile)}} : {}),
		...(request.token && !tokenFile ? {tokenInClear: true as const} : {}),
		current: values['GOCACHEPROG'] ?? '',
		shadowedByEnvironment: nonEmpty(go.env, 'GOCACHEPROG') !== undefined,
		diskDir,
		serverCheck,
		trimpath,
		...(request.trimpath && !trimpath ? {goflags: `${goflags} -trimpath`.trim()} : {}),
	};
}

export type ShareEvent = {kind: 'install'; query: string} | {kind: 'journal'} | {kind: 'check'};

export type ShareResult = {changeSet: ChangeSet; binary: string; client: ClientVersion; value: string};

/**
 * Installs the pinned client with the real `go install PKG@VERSION` (through the user's GOPROXY) into a staging
 * directory beside GOBIN, checks what was built (go version -m), then one change set puts the binary in place (a
 * program already there is set aside) and writes GOCACHEPROG (and EXTRA, a profile's keys, and STEPS, its tools). Rollback removes it all
 * byte for byte.
 */
export async function applyShare(
	go: GoAdapter,
	journal: Journal,
	plan: SharePlan,
	origin: string,
	{
		emit,
		signal,
		extra = [],
		steps: more = [],
	}: {emit: (event: ShareEvent) => void; signal: AbortSignal; extra?: GoEnvChange[]; steps?: ChangeStep[]},
): Promise<ShareResult> {
	// go install creates GOPATH (its module cache) anyway; the staging directory must sit beside GOBIN so the binary
	// is renamed into place, never copied.
	const parent = path.dirname(plan.gobin);
	await mkdir(parent, {recursive: true});
	const staging = await mkdtemp(path.join(parent, `.${path.basename(plan.gobin)}.gotune-cacheprog-`));
	let tokenStaging: string | undefined;
	try {
		const stagedBin = path.join(staging, 'bin');
		const install = installInvocation(plan.client);
		if ('problem' in install) throw new ShareFailure(`${install.problem}\nNothing was changed.`);
		emit({kind: 'install', query: installText(plan.client)});
		const run = await go.run(install.args, {
			...(install.cwd ? {cwd: install.cwd} : {}),
			env: {...install.env, GOBIN: stagedBin, ...(await withoutCacheProg(go, staging))},
			timeoutMs: 10 * 60_000,
			signal,
		});
		throwIfCancelled(signal, 'the install');
		if (run.exitCode !== 0) throw new ShareFailure(`${installText(plan.client)} failed: ${goError(run)}\nNothing was changed.`);
		const staged = path.join(stagedBin, plan.client.binary);
		const built = await clientVersion(go, staged);
		if (built.module === undefined || built.version !== plan.client.version || (plan.client.bundled && built.path !== plan.client.pkg))
			throw new ShareFailure(
				`${installText(plan.client)} built ${staged} but go version -m says ${built.version ?? built.error ?? 'nothing'}: nothing was changed`,
			);
		const steps: ChangeStep[] = plan.gobinExists
			? [...(plan.replacesBinary ? [{kind: 'set-aside' as const, path: plan.binary}] : []), {kind: 'put-dir', staged, to: plan.binary}]
			: [{kind: 'put-dir', staged: stagedBin, to: plan.gobin}];
		// The token to a 0600 file of its own, by a rename: the journal records paths, never the token.
		if (plan.tokenFile && plan.token) {
			const token = await stageTokenFile(plan.tokenFile.path, plan.token);
			tokenStaging = token.dir;
			if (plan.tokenFile.replaces) steps.push({kind: 'set-aside', path: plan.tokenFile.path});
			steps.push({kind: 'put-dir', staged: token.staged, to: plan.tokenFile.path});
		}
		steps.push({kind: 'goenv', key: 'GOCACHEPROG', value: plan.value});
		if (plan.goflags !== undefined) steps.push({kind: 'goenv', key: 'GOFLAGS', value: plan.goflags});
		// A team profile's own keys (gotune apply): the same change set, so one rollback undoes the whole profile.
		for (const {key, value} of extra) steps.push({kind: 'goenv', key, value});
		// And what the wizard's onboarding built beside it (the profile's tools), put in place by the same change set.
		steps.push(...more);
		emit({kind: 'journal'});
		const changeSet = await journal.applySteps(steps, origin, {signal});
		if (changeSet === undefined) throw new ShareFailure('the journal applied nothing');
		emit({kind: 'check'});
		return {changeSet, binary: plan.binary, client: await clientVersion(go, plan.binary), value: plan.value};
	} finally {
		await rm(staging, {recursive: true, force: true});
		if (tokenStaging) await rm(tokenStaging, {recursive: true, force: true});
	}
}

/**
 * The install must not go through the GOCACHEPROG being replaced: a client removed from GOBIN (what doctor's fix
 * reinstalls) makes every go command that builds fail, go install included. go reads an empty GOCACHEPROG in the OS
 * environment as unset and falls back to the file, so the install reads a copy of the GOENV file without that line.
 */
async function withoutCacheProg(go: GoAdapter, staging: string): Promise<Record<string, string>> {
	const location = goEnvFileLocation(go.env);
	if (location.kind !== 'file' || nonEmpty(go.env, 'GOCACHEPROG') !== undefined) return {};
	const text = await readFile(location.path, 'latin1').catch(() => undefined);
	if (text === undefined || !/^GOCACHEPROG=/m.test(text)) return {};
	const copy = path.join(staging, 'goenv');
	await writeFile(copy, text.replace(/^GOCACHEPROG=.*(?:\n|$)/gm, ''), 'latin1');
	return {GOENV: copy};
}

async function isDir(p: string): Promise<boolean> {
	return stat(p).then(
		info => info.isDirectory(),
		() => false,
	);
}

async function exists(p: string): Promise<boolean> {
	return stat(p).then(
		() => true,
		() => false,
	);
}
