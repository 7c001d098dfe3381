import {snapshotEnvironment} from '../environment.js';
import type {Env} from '../env.js';
import {GoAdapter} from '../go-adapter.js';
import type {Compat} from '../module/compat.js';
import {detectModule} from '../module/detect.js';
import {sourceLabel} from '../steps/toolchain.js';
import {parseGoVersion} from '../version.js';

export type PolicyChoice = {value: string; meaning: string};

export type ToolchainPolicy = {
	/** GOTOOLCHAIN as the installed go reads it. */
	value: string;
	/** Where it comes from: the OS environment, the GOENV file, $GOROOT/go.env. */
	source: string;
	meaning: string;
	/** What gotune offers to set (through the journal, in the GOENV file). */
	choices: PolicyChoice[];
	/** The project's go.mod / go.work against the installed go, when there is one here. */
	project?: {file: string; goLine?: string; toolchainLine?: string; compat: Compat};
};

/**
 * Checks a GOTOOLCHAIN value gotune is asked to write (go-facts §6.3): local, auto, path, goX.Y.Z, with +auto or
 * +path. Returns the problem, or undefined when go accepts it.
 */
export function policyProblem(value: string): string | undefined {
	const match = /^(local|go1\.\d+(?:\.\d+|rc\d+|beta\d+)?)(?:\+(auto|path))?$/.exec(value);
	if (value === 'auto' || value === 'path' || match) {
		if (match && /^go1\.\d+$/.test(match[1]!))
			return `${match[1]} is a language version but not a toolchain version (${match[1]}.x): give a release such as ${match[1]}.0`;
		return undefined;
	}
	return 'GOTOOLCHAIN takes local, auto, path, a release such as go1.23.4, or a release with +auto or +path (go1.23.4+auto)';
}

/** What a GOTOOLCHAIN value makes go do (go-facts §6.3). */
export function policyMeaning(value: string, goproxy: string): string {
	const via = goproxy ? `through GOPROXY=${goproxy}` : 'through GOPROXY';
	if (value === 'local')
		return 'go always runs the installed toolchain; a go.mod that asks for a newer go fails to build instead of downloading one';
	if (value === 'auto' || value === 'local+auto')
		return `go runs the installed toolchain, and when a go.mod or go.work asks for a newer one it downloads that toolchain (module golang.org/toolchain) ${via} and runs it`;
	if (value === 'path' || value === 'local+path')
		return 'go runs the installed toolchain, and switches to a newer one a go.mod asks for only if it is on PATH; it never downloads';
	const match = /^(go[^+]+)(?:\+(auto|path))?$/.exec(value);
	if (match) {
		const [, name, mode] = match;
		if (mode === 'auto')
			return `go starts from ${name}, found on PATH or else downloaded ${via}, and switches to a newer toolchain when a go.mod asks for one`;
		if (mode === 'path') return `go starts from ${name} and switches up only to toolchains on PATH; it never downloads`;
		return `go always runs ${name}: found on PATH, else downloaded ${via}`;
	}
	return `"${value}" is not a GOTOOLCHAIN value go accepts: every go command fails with "invalid GOTOOLCHAIN"`;
}

/**
 * The GOTOOLCHAIN policy in force for the installed go (Go >= 1.21 only; undefined before), the choices gotune
 * offers, and what the project's go.mod here means with it.
 */
export async function toolchainPolicy(goBin: string, env: Env, cwd: string): Promise<ToolchainPolicy | undefined> {
	const go = new GoAdapter(goBin, env, cwd);
	const snapshot = await snapshotEnvironment(go);
	const version = parseGoVersion(snapshot.values['GOVERSION'] ?? '');
	if (snapshot.error || version === undefined || (version.major === 1 && version.minor < 21)) return undefined;
	const value = snapshot.values['GOTOOLCHAIN'] ?? 'auto';
	const goproxy = snapshot.values['GOPROXY'] ?? '';
	const release = `go${version.major}.${version.minor}${version.patch === undefined ? '' : `.${version.patch}`}`;
	const choices = ['local', 'auto', `${release}+auto`].map(choice => ({value: choice, meaning: policyMeaning(choice, goproxy)}));
	const detection = await detectModule(go, cwd, snapshot.values).catch(() => undefined);
	const mod = detection?.goMod ?? detection?.goWork;
	return {
		value,
		source: sourceLabel(snapshot.provenance['GOTOOLCHAIN']?.source ?? 'default'),
		meaning: policyMeaning(value, goproxy),
		choices,
		...(mod ? {project: {file: mod.file, goLine: mod.goLine, toolchainLine: mod.toolchainLine, compat: mod.compat}} : {}),
	};
}
