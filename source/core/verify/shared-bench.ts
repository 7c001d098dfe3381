import {access, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {cacheProgValue} from '../cache/share/goprog.js';
import {nonEmpty, type Env} from '../env.js';
import {goError, GoAdapter} from '../go-adapter.js';
import type {MeasurementEvent} from '../measure/events.js';
import {sandboxOverrides} from '../sandbox.js';
import {goflagsTrimpath} from '../profile/goflags.js';
import {throwIfCancelled, type Task} from '../task.js';
import {BUILD_FLAGS, measuredBuild, PATTERNS} from './build-run.js';
import {buildablePackages, listDeps} from './packages.js';
import {copyProject, scratchDir} from './project.js';

/** The shared cache to measure: the GOCACHEPROG client and its server, as configured (or as a test starts them). */
export type SharedCache = {binary: string; server: string; token?: string};

export type SharedBenchInput = {
	goBin: string;
	/** The user's environment: network settings and go's module-fetch settings are passed on to every machine. */
	env: Env;
	/** go env values of the user's go (GOPROXY, GOPRIVATE, GOFLAGS...): each machine fetches and builds as the user does. */
	goValues: Record<string, string>;
	moduleRoot: string;
	cache: SharedCache;
	runs: number;
	buildTimeoutMs?: number;
};

export type ColdRun = {seconds: number; hits: number; actions: number};
export type SharedSide = {median: ColdRun; runs: ColdRun[]};

export type SharedBenchResult = {
	project: string;
	/** Machine A's cold build with the shared cache: it fills the server (a team's server is filled by everyone). */
	machineA: ColdRun;
	without: SharedSide;
	withShared: SharedSide;
	/** Median with / median without: the goal is <= 0.5. */
	ratio: number;
	/** -trimpath is in GOFLAGS: without it, machines at other paths share the standard library only. */
	trimpath: boolean;
};

/** go's module-fetch and build settings a machine of the same team has too (its GOENV file is its own). */
export const SHARED_BENCH_KEYS = ['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOVCS', 'GOAUTH', 'GOFLAGS'];
/** The OS environment a download needs wherever HOME is. */
const NETWORK_VARIABLES = [
	'PATH',
	'LANG',
	'TMPDIR',
	'HTTPS_PROXY',
	'HTTP_PROXY',
	'NO_PROXY',
	'https_proxy',
	'http_proxy',
	'no_proxy',
	'SSL_CERT_FILE',
	'SSL_CERT_DIR',
];

/**
 * Machine B's cold build with and without the shared cache, side by side, on machines simulated on this one: each
 * its own HOME, GOPATH, GOCACHE, checkout path and client disk (a fresh sandbox per build; not a network
 * namespace: the server is reached as the user reaches it). Machine A builds first and fills the server; then B,
 * RUNS times each way, alternating so both sides see the same machine noise. Hits from go's action graph, as Verify
 * reads them. Downloads are not what a build cache shares: every machine fetches its modules before its timed build.
 */
export const runSharedBench: Task<SharedBenchInput, MeasurementEvent, SharedBenchResult> = async (input, {emit, signal}) => {
	const root = await scratchDir(input.env);
	const timeoutMs = input.buildTimeoutMs ?? 30 * 60_000;
	const home = nonEmpty(input.env, 'HOME');
	// Credentials and git rules live in the user's HOME: the machines point at them instead of copying them.
	const netrc = nonEmpty(input.env, 'NETRC') ?? (home ? await existing(path.join(home, '.netrc')) : undefined);
	const gitConfig = nonEmpty(input.env, 'GIT_CONFIG_GLOBAL') ?? (home ? await existing(path.join(home, '.gitconfig')) : undefined);
	const passed: Env = {
		...Object.fromEntries(NETWORK_VARIABLES.filter(name => nonEmpty(input.env, name) !== undefined).map(name => [name, input.env[name]])),
		...Object.fromEntries(SHARED_BENCH_KEYS.filter(key => input.goValues[key]).map(key => [key, input.goValues[key]])),
		...(netrc ? {NETRC: netrc} : {}),
		...(gitConfig ? {GIT_CONFIG_GLOBAL: gitConfig} : {}),
	};
	let machines = 0;
	const cold = async (label: string, shared: boolean, run: number, of: number): Promise<ColdRun> => {
		throwIfCancelled(signal, 'the measurement');
		const dir = await mkdtemp(path.join(root, `m${++machines}-`));
		const overrides = sandboxOverrides(dir);
		const env: Env = {
			...passed,
			...overrides,
			GOFLAGS: passed['GOFLAGS'] ?? '',
			...(shared
				? {
						GOCACHEPROG: cacheProgValue(input.cache.binary, input.cache.server, {
							diskDir: path.join(dir, path.basename(input.cache.binary)),
							...(input.cache.token ? {token: input.cache.token} : {}),
						}),
					}
				: {}),
		};
		// go >= 1.23 reads GOTELEMETRY from this file only: off, as in every gotune sandbox.
		await mkdir(path.join(overrides['XDG_CONFIG_HOME']!, 'go', 'telemetry'), {recursive: true});
		await writeFile(path.join(overrides['XDG_CONFIG_HOME']!, 'go', 'telemetry', 'mode'), 'off');
		const checkout = await copyProject(input.moduleRoot, path.join(dir, 'src'));
		const go = new GoAdapter(input.goBin, env, checkout);
		try {
			const download = await go.run(['mod', 'download'], {timeoutMs: 600_000, signal});
			if (download.exitCode !== 0) throw new Error(`go mod download (${label}): ${goError(download)}`);
			const listed = await listDeps(go, BUILD_FLAGS, PATTERNS, {timeoutMs: 300_000, signal});
			if ('error' in listed) throw new Error(`go list (${label}): ${listed.error}`);
			const record = await measuredBuild({
				go,
				id: `shared-${machines}`,
				kind: 'cold',
				label,
				goVersion: '',
				run,
				of,
				cwd: checkout,
				env: {},
				outDir: undefined,
				actionGraphFile: path.join(dir, 'actiongraph.json'),
				packages: new Set(buildablePackages(listed.packages).map(p => p.importPath)),
				timeoutMs,
				signal,
				emit,
			});
			return {seconds: record.wallMs / 1000, hits: record.hits, actions: record.actions};
		} finally {
			// The module cache is read-only on disk: go removes it, then the machine goes.
			await go.run(['clean', '-modcache'], {timeoutMs: 120_000}).catch(() => undefined);
			await rm(dir, {recursive: true, force: true});
		}
	};
	try {
		const machineA = await cold('machine A (fills the shared cache)', true, 1, 1);
		const without: ColdRun[] = [];
		const withShared: ColdRun[] = [];
		for (let i = 1; i <= input.runs; i++) {
			const a = () => cold('machine B, without', false, i, input.runs).then(r => without.push(r));
			const b = () => cold('machine B, with the shared cache', true, i, input.runs).then(r => withShared.push(r));
			if (i % 2 === 1) {
				await a();
				await b();
			} else {
				await b();
				await a();
			}
		}
		const sideOf = (runs: ColdRun[]): SharedSide => ({median: median(runs), runs});
		const result = {without: sideOf(without), withShared: sideOf(withShared)};
		return {
			project: input.moduleRoot,
			machineA,
			...result,
			ratio: result.withShared.median.seconds / result.without.median.seconds,
			trimpath: goflagsTrimpath(passed['GOFLAGS'] ?? ''),
		};
	} finally {
		await rm(root, {recursive: true, force: true});
	}
};

function median(runs: ColdRun[]): ColdRun {
	const sorted = [...runs].sort((x, y) => x.seconds - y.seconds);
	return sorted[Math.floor(sorted.length / 2)]!;
}

async function existing(file: string): Promise<string | undefined> {
	return access(file).then(
		() => file,
		() => undefined,
	);
}
