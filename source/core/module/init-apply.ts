import {readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {goError, type GoAdapter, type GoRun} from '../go-adapter.js';
import type {ChangeSet, Journal} from '../journal/contract.js';
import {LOCAL_ONLY} from './confirm-path.js';
import {probeProxies, type ProxyProbe} from './reachability.js';

export type InitOutcome =
	{ok: true; goModFile: string; goModText: string; goOutput: string; changeSet?: ChangeSet} | {ok: false; goMessage: string};

/**
 * `go mod init -- PATH` in DIR, through the journal: go.mod's absence is recorded before go runs, its contents after,
 * so `gotune rollback` removes it again (only while unchanged). GOTOOLCHAIN=local: the new go line is the installed
 * go's own version, and nothing is downloaded.
 */
export async function initModule(go: GoAdapter, journal: Journal, dir: string, modulePath: string, origin: string): Promise<InitOutcome> {
	const goModFile = path.join(dir, 'go.mod');
	const {result, changeSet} = await journal.applyExternal({kind: 'file', path: goModFile}, origin, () =>
		go.run(['mod', 'init', '--', modulePath], {cwd: dir, env: LOCAL_ONLY, timeoutMs: 30_000}),
	);
	if (result.exitCode !== 0) return {ok: false, goMessage: result.stderr.trim() || goError(result)};
	return {ok: true, goModFile, goModText: await readFile(goModFile, 'utf8'), goOutput: result.stderr.trim(), changeSet};
}

export type TidyOutcome =
	| {kind: 'done'; goModText: string; goSumCreated: boolean; downloads: string[]; changeSets: ChangeSet[]; offline: boolean}
	| {kind: 'offline'; message: string; probes: ProxyProbe[]; goMessage: string}
	| {kind: 'failed'; message: string; goMessage: string};

export const TIDY_TIMEOUT_MS = 120_000;

/**
 * `go mod tidy` with the user's proxy settings. When no GOPROXY entry answers, it runs with GOPROXY=off instead
 * (bounded, offline): that succeeds when nothing needs downloading, and otherwise gotune says it is offline.
 * go.mod and go.sum changes both go through the journal.
 */
export async function tidyModule(go: GoAdapter, journal: Journal, dir: string, goproxy: string, origin: string): Promise<TidyOutcome> {
	const probes = await probeProxies(goproxy, go.env);
	const online = probes.some(p => p.reachable !== false);
	const env = online ? LOCAL_ONLY : {...LOCAL_ONLY, GOPROXY: 'off'};
	const goModFile = path.join(dir, 'go.mod');
	const goSumFile = path.join(dir, 'go.sum');
	const sumBefore = await readOptional(goSumFile);
	let sumAfter: string | undefined;
	const {result, changeSet} = await journal.applyExternal({kind: 'file', path: goModFile}, origin, async () => {
		const run = await go.run(['mod', 'tidy'], {cwd: dir, env, timeoutMs: TIDY_TIMEOUT_MS});
		sumAfter = await readOptional(goSumFile);
		// go.sum is recorded as its own change below: put it back for the moment so its before-state is recorded first.
		if (sumAfter !== sumBefore) await restore(goSumFile, sumBefore);
		return run;
	});
	const changeSets = changeSet ? [changeSet] : [];
	if (sumAfter !== sumBefore) {
		const sum = await journal.applyExternal({kind: 'file', path: goSumFile}, origin, () => restore(goSumFile, sumAfter));
		if (sum.changeSet) changeSets.push(sum.changeSet);
	}
	if (result.exitCode === 0) {
		return {
			kind: 'done',
			goModText: await readFile(goModFile, 'utf8'),
			goSumCreated: sumBefore === undefined && sumAfter !== undefined,
			downloads: downloads(result),
			changeSets,
			offline: !online,
		};
	}
	const goMessage = goError(result);
	if (!online) {
		const unreachable = probes.map(p => `${p.entry} (${p.detail})`).join('; ');
		return {
			kind: 'offline',
			probes,
			goMessage,
			message: `go mod tidy needs to download modules, but no GOPROXY entry is reachable: ${unreachable}. Run go mod tidy in ${dir} when online, or point GOPROXY at a reachable proxy.`,
		};
	}
	if (result.timedOut)
		return {
			kind: 'failed',
			goMessage,
			message: `go mod tidy did not finish within ${TIDY_TIMEOUT_MS / 1000} s; the proxy (${goproxy}) may be slow or unreachable.`,
		};
	return {kind: 'failed', goMessage, message: 'go mod tidy failed.'};
}

function downloads(run: GoRun): string[] {
	return [...run.stderr.matchAll(/^go: downloading (\S+ \S+)$/gm)].map(m => m[1]!);
}

async function readOptional(file: string): Promise<string | undefined> {
	return readFile(file, 'utf8').catch(() => undefined);
}

async function restore(file: string, contents: string | undefined): Promise<void> {
	if (contents === undefined) await rm(file, {force: true});
	else await writeFile(file, contents);
}
