import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {readGoEnv} from '../environment.js';
import {nonEmpty} from '../env.js';
import {GoAdapter} from '../go-adapter.js';
import {findUp} from '../module/detect.js';
import {parseModText} from '../module/gomod-text.js';
import {findTeamProfile, readProfile} from '../profile/index.js';
import type {Runtime} from '../runtime.js';
import {goAdapterFor} from '../go-resolver.js';
import {GO_DEFAULT_GOPROXY} from './goproxy-list.js';
import {routeSettingsFrom, type RouteSettings} from './route.js';

/** A well-known public module for probing when there is no current module: small, on every public proxy, immutable. */
export const FALLBACK_PROBE_MODULE = {path: 'golang.org/x/text', version: 'v0.14.0'};

export type ProxyContext = {
	go?: GoAdapter;
	/** Settings in force as go reports them (go env -json); from the OS environment and Go's defaults when there is no go. */
	settings: RouteSettings;
	/** The team profile's GOPROXY, when a profile is found. */
	profileGoproxy?: string;
	profileFile?: string;
	/** The current module's requirements (path@version), in go.mod order. */
	requirements: Array<{path: string; version: string}>;
	goModFile?: string;
	goEnvError?: string;
	/** Every value go env -json reported (GOAUTH, GOVERSION, ...); absent when go env could not run. */
	goValues?: Record<string, string | undefined>;
};

/** Everything the Proxy step and the probe/route commands need to know about "now", read without changing anything. */
export async function loadProxyContext(runtime: Runtime): Promise<ProxyContext> {
	const go = await goAdapterFor(runtime);
	const [env, profile, requirements] = await Promise.all([
		go ? readGoEnv(go, {timeoutMs: 20_000}) : Promise.resolve(undefined),
		readTeamProfileGoproxy(runtime.cwd),
		readRequirements(runtime.cwd),
	]);
	const values = env?.values ?? fromOsEnvironment(runtime);
	return {
		...(go ? {go} : {}),
		settings: routeSettingsFrom(values),
		...profile,
		...requirements,
		...(env?.values ? {goValues: env.values} : {}),
		...(env && env.values === undefined ? {goEnvError: env.run.stderr.trim().split('\n')[0] ?? 'go env failed'} : {}),
	};
}

function fromOsEnvironment(runtime: Runtime): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	for (const key of ['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOSUMDB']) out[key] = nonEmpty(runtime.env, key);
	out['GOPROXY'] ??= GO_DEFAULT_GOPROXY;
	return out;
}

async function readTeamProfileGoproxy(cwd: string): Promise<{profileGoproxy?: string; profileFile?: string}> {
	const file = await findTeamProfile(cwd);
	if (!file) return {};
	const profile = await readProfile(file).catch(() => undefined);
	const value = profile?.env['GOPROXY'];
	return value === undefined ? {profileFile: file} : {profileGoproxy: value, profileFile: file};
}

async function readRequirements(cwd: string): Promise<{requirements: Array<{path: string; version: string}>; goModFile?: string}> {
	const file = await findUp(cwd, 'go.mod');
	if (!file) return {requirements: []};
	const text = await readFile(file, 'utf8').catch(() => '');
	return {requirements: parseModText(text).requires.map(r => ({path: r.path, version: r.version})), goModFile: path.resolve(file)};
}
