import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import type {Env} from '../../source/core/env.js';

/**
 * The live tier's view of the machine: the module proxy and checksum database this machine is configured with,
 * read the way go reads them (the OS environment, the user's GOENV file, $GOROOT/go.env), never written into the
 * repository. Read-only: go runs with a throwaway HOME (go >= 1.23 writes telemetry under HOME) and is only asked
 * `go env`, which reads the GOENV file and writes nothing.
 */
export type MachineNetwork = {
	/** GOPROXY, GOSUMDB, GONOSUMDB, GOPRIVATE, GONOPROXY, GOINSECURE as go reports them here. */
	settings: Record<string, string>;
	/** The proxy-related variables of the OS environment (HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE...), passed on as they are. */
	passThrough: Env;
	/** The first proxy URL of GOPROXY (its direct/off entries skipped), or undefined when it names none. */
	proxy?: string;
	/** The machine's user GOENV file: read by the doctor-on-the-real-environment test, never written. */
	goenvFile: string;
};

export const LIVE_KEYS = ['GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOINSECURE'];
const PASS_THROUGH = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];
/** A small module every public proxy serves: its .info alone says whether the proxy answers. */
export const LIVE_MODULE = 'github.com/google/uuid@v1.6.0';

/** The real user's GOENV file path, as go computes it (GOENV, else XDG_CONFIG_HOME or HOME/.config, + go/env). */
export function machineGoenvFile(env: NodeJS.ProcessEnv = process.env): string {
	if (env['GOENV'] && env['GOENV'] !== 'off') return env['GOENV'];
	const config = env['XDG_CONFIG_HOME'] || path.join(env['HOME'] || os.homedir(), '.config');
	return path.join(config, 'go', 'env');
}

/** A throwaway HOME whose telemetry mode file says off, for go runs that must leave nothing behind. */
export async function quietHome(): Promise<string> {
	const home = await mkdtemp(path.join(os.tmpdir(), 'gotune-live-home-'));
	await mkdir(path.join(home, '.config', 'go', 'telemetry'), {recursive: true});
	await writeFile(path.join(home, '.config', 'go', 'telemetry', 'mode'), 'off');
	return home;
}

export async function machineNetwork(goBin: string): Promise<MachineNetwork> {
	const home = await quietHome();
	const goenvFile = machineGoenvFile();
	try {
		const passThrough: Env = {};
		for (const key of PASS_THROUGH) if (process.env[key]) passThrough[key] = process.env[key];
		const run = await execa(goBin, ['env', '-json', ...LIVE_KEYS], {
			env: {
				PATH: process.env['PATH'] ?? '/usr/bin:/bin',
				HOME: home,
				GOENV: goenvFile,
				GOTOOLCHAIN: 'local',
				...onlyDefined(passThrough),
				...machineGoVars(),
			},
			extendEnv: false,
			timeout: 20_000,
		});
		const settings = JSON.parse(run.stdout) as Record<string, string>;
		const proxy = (settings['GOPROXY'] ?? '')
			.split(/[,|]/)
			.map(entry => entry.trim())
			.find(entry => entry !== '' && entry !== 'direct' && entry !== 'off');
		return {settings, passThrough, goenvFile, ...(proxy ? {proxy: proxy.includes('://') ? proxy : `https://${proxy}`} : {})};
	} finally {
		await rm(home, {recursive: true, force: true});
	}
}

/** The machine's own GO* network variables from the OS environment (they win over every file, as for go). */
function machineGoVars(): Record<string, string> {
	const out: Record<string, string> = {};
	for (const key of LIVE_KEYS) if (process.env[key]) out[key] = process.env[key]!;
	return out;
}

export type LiveGate = {ok: true; network: MachineNetwork} | {ok: false; reason: string};

/**
 * Whether the live tier can run here: the machine's proxy answers go itself for LIVE_MODULE within 30 s. The reason
 * for a skip is printed, so a skipped live tier is never silent.
 */
export async function liveGate(goBin: string): Promise<LiveGate> {
	let network: MachineNetwork;
	try {
		network = await machineNetwork(goBin);
	} catch (error) {
		return skip(`go env on this machine failed: ${(error as Error).message.split('\n')[0]}`);
	}
	if (network.proxy === undefined) return skip(`GOPROXY=${network.settings['GOPROXY'] ?? ''} names no module proxy`);
	const home = await quietHome();
	try {
		const run = await execa(goBin, ['list', '-m', '-json', LIVE_MODULE], {
			cwd: home,
			env: {
				PATH: process.env['PATH'] ?? '/usr/bin:/bin',
				HOME: home,
				GOENV: path.join(home, 'env'),
				GOMODCACHE: path.join(home, 'mod'),
				GOCACHE: path.join(home, 'cache'),
				GOFLAGS: '-modcacherw',
				GOTOOLCHAIN: 'local',
				...network.settings,
				...onlyDefined(network.passThrough),
			},
			extendEnv: false,
			reject: false,
			timeout: 30_000,
		});
		if (run.exitCode !== 0)
			return skip(
				`the machine's module proxy ${network.proxy} did not serve ${LIVE_MODULE}: ${(run.stderr || String(run.timedOut)).split('\n')[0]}`,
			);
		return {ok: true, network};
	} finally {
		await rm(home, {recursive: true, force: true});
	}
}

function skip(reason: string): LiveGate {
	console.warn(`live tier skipped: ${reason}`);
	return {ok: false, reason};
}

function onlyDefined(env: Env): Record<string, string> {
	return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
