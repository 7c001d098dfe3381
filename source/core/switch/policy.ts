import type {Env} from '../env.js';
import {snapshotEnvironment, type EnvironmentSnapshot} from '../environment.js';
import {GoAdapter} from '../go-adapter.js';
import {resolveGo} from '../go-resolver.js';
import {policyMeaning, policyProblem} from '../install/toolchain-policy.js';
import type {Runtime} from '../runtime.js';
import {sourceLabel} from '../steps/toolchain.js';
import {selectToolchain, type ToolchainChoice} from '../toolchain-select.js';
import {parseGoVersion, type GoVersion} from '../version.js';
import {versionName} from './choices.js';
import {hereText} from './policy-text.js';

/** One GOTOOLCHAIN value: what it means, and what go would run in this directory with it now. */
export type PolicyOption = {value: string; meaning: string; here: ToolchainChoice};

export type PolicyView = {
	goBin: string;
	base: string;
	/** GOTOOLCHAIN in force, and where it comes from (OS environment, GOENV file, $GOROOT/go.env). */
	value: string;
	source: string;
	/** Set when the OS environment's GOTOOLCHAIN hides whatever the GOENV file says. */
	fromEnvironment: boolean;
	options: PolicyOption[];
};

export class PolicyRefusal extends Error {}
export class PolicyFailure extends Error {}

/** The values gotune explains: the three modes, then the base release pinned alone, +auto and +path. */
export function policyValues(base: string, extra?: string): string[] {
	const values = ['local', 'auto', 'path', base, `${base}+auto`, `${base}+path`];
	return extra !== undefined && !values.includes(extra) ? [...values, extra] : values;
}

/** Checks VALUE (exit 2 material): what go accepts as GOTOOLCHAIN, in gotune's words. */
export function checkPolicyValue(value: string): void {
	const problem = policyProblem(value);
	if (problem) throw new PolicyRefusal(`GOTOOLCHAIN ${value}: ${problem}`);
}

/**
 * GOTOOLCHAIN as the go on PATH reads it, and for each value (EXTRA too) what go will do in DIR now: the toolchain
 * selection go makes (toolchain-select.ts, checked against real go), without running anything that could download.
 */
export async function policyView(runtime: Pick<Runtime, 'env' | 'cwd'>, extra?: string): Promise<PolicyView> {
	const goBin = await resolveGo(runtime.env);
	if (goBin === undefined) throw new PolicyFailure('no go on PATH: GOTOOLCHAIN is read by go itself (gotune install-go installs one)');
	const snapshot = await snapshotEnvironment(new GoAdapter(goBin, runtime.env, runtime.cwd));
	const version = parseGoVersion(snapshot.values['GOVERSION'] ?? '');
	if (snapshot.error || version === undefined) throw new PolicyFailure(`go env failed with ${goBin}: ${snapshot.error ?? 'no GOVERSION'}`);
	const base = versionName(version);
	if (version.major === 1 && version.minor < 21 && !version.devel)
		throw new PolicyFailure(
			`${base} (${goBin}) is older than Go 1.21 and ignores GOTOOLCHAIN: put a newer go first on PATH (gotune use) to choose a policy`,
		);
	const value = snapshot.values['GOTOOLCHAIN'] ?? 'auto';
	const provenance = snapshot.provenance['GOTOOLCHAIN'];
	const goproxy = snapshot.values['GOPROXY'] ?? '';
	const options = await Promise.all(
		policyValues(base, extra).map(async option => ({
			value: option,
			meaning: policyMeaning(option, goproxy),
			here: await selectHere(snapshot, version, option, runtime),
		})),
	);
	return {
		goBin,
		base,
		value,
		source: sourceLabel(provenance?.source ?? 'default'),
		fromEnvironment: provenance?.source === 'process',
		options,
	};
}

function selectHere(snapshot: EnvironmentSnapshot, version: GoVersion, value: string, runtime: Pick<Runtime, 'env' | 'cwd'>) {
	const v = snapshot.values;
	return selectToolchain({
		baseVersion: version,
		baseBinary: snapshot.goBin,
		gotoolchain: value,
		dir: runtime.cwd,
		env: runtime.env,
		gomodcache: v['GOMODCACHE'] ?? '',
		goos: v['GOHOSTOS'] ?? 'linux',
		goarch: v['GOHOSTARCH'] ?? 'amd64',
	});
}

export type PolicyProof = {goEnv: string; goVersion?: string; note?: string};

/**
 * What go reads now (go env GOTOOLCHAIN) and, unless the choice means a download, the `go version` it runs here: the
 * proof never starts a toolchain download on the user's behalf.
 */
export async function provePolicy(view: PolicyView, option: PolicyOption, env: Env, cwd: string): Promise<PolicyProof> {
	const go = new GoAdapter(view.goBin, env, cwd);
	const goEnv = (await go.run(['env', 'GOTOOLCHAIN'], {timeoutMs: 30_000})).stdout.trim();
	if (goEnv !== option.value)
		return {goEnv, note: `the OS environment's GOTOOLCHAIN=${goEnv} wins over the GOENV file: unset it to let the new value apply`};
	if (option.here.location === 'download' || option.here.error !== undefined) return {goEnv, note: `go ${hereText(option.here)}`};
	const version = await go.run(['version'], {timeoutMs: 30_000});
	return {goEnv, goVersion: (version.exitCode === 0 ? version.stdout : version.stderr).trim()};
}
