import {stat} from 'node:fs/promises';
import path from 'node:path';
import {goError, type GoAdapter} from '../go-adapter.js';
import {resolveDemoDir} from '../module/demo.js';

export type ProjectChoice =
	{root: string; source: 'given' | 'current' | 'demo'} | {problem: 'not-found' | 'not-a-dir' | 'not-a-module' | 'no-demo'; message: string};

/** `go env GOMOD` in DIR (GOTOOLCHAIN=local): the go.mod go itself would use there, or undefined. */
async function goModIn(go: GoAdapter, dir: string): Promise<{file?: string; error?: string}> {
	const run = await go.run(['env', 'GOMOD'], {cwd: dir, env: {GOTOOLCHAIN: 'local'}, timeoutMs: 20_000});
	if (run.exitCode !== 0) return {error: goError(run)};
	const file = run.stdout.trim();
	return file === '' || file === '/dev/null' || file === 'off' ? {} : {file};
}

/**
 * What to measure: the module containing DIR when given (it must be in one), else the module of the current
 * directory, else gotune's demo module.
 */
export async function chooseProject(
	go: GoAdapter,
	cwd: string,
	given: string | undefined,
	env: Record<string, string | undefined>,
): Promise<ProjectChoice> {
	if (given !== undefined) {
		const dir = path.resolve(cwd, given);
		const info = await stat(dir).catch(() => undefined);
		if (info === undefined) return {problem: 'not-found', message: `${given}: no such directory (${dir})`};
		if (!info.isDirectory()) return {problem: 'not-a-dir', message: `${given}: not a directory (${dir})`};
		const mod = await goModIn(go, dir);
		if (mod.file === undefined)
			return {
				problem: 'not-a-module',
				message: `${given} is not in a Go module (go env GOMOD: ${mod.error ?? 'no go.mod here or above'}); pass a directory with a go.mod, or gotune init there first`,
			};
		return {root: path.dirname(mod.file), source: 'given'};
	}
	const mod = await goModIn(go, cwd);
	if (mod.file !== undefined) return {root: path.dirname(mod.file), source: 'current'};
	const demo = resolveDemoDir(env);
	if (demo === undefined)
		return {
			problem: 'no-demo',
			message: "not in a Go module, and gotune's demo module (demo/sample) is missing from this installation; pass DIR",
		};
	return {root: demo, source: 'demo'};
}
