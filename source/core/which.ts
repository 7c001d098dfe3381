import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';
import type {Env} from './env.js';

export function pathEntries(env: Env): string[] {
	return (env['PATH'] ?? '').split(path.delimiter).filter(entry => entry !== '');
}

/**
 * Looked at synchronously, as a shell and Go's exec.LookPath do: most PATH entries lack the name, and each async miss
 * cost a thread-pool round trip and an Error with its stack (doctor looks up 7 names in every PATH directory; issue 18).
 */
export async function isExecutableFile(file: string): Promise<boolean> {
	try {
		if (!statSync(file, {throwIfNoEntry: false})?.isFile()) return false;
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** Every executable NAME on PATH, in PATH order (duplicates of the same directory dropped). */
export async function whichAll(name: string, env: Env): Promise<string[]> {
	const dirs = [...new Set(pathEntries(env).map(dir => path.resolve(dir)))];
	const hits = await Promise.all(
		dirs.map(async dir => ((await isExecutableFile(path.join(dir, name))) ? path.join(dir, name) : undefined)),
	);
	return hits.filter((hit): hit is string => hit !== undefined);
}

export async function which(name: string, env: Env): Promise<string | undefined> {
	if (name.includes('/')) return (await isExecutableFile(name)) ? name : undefined;
	return (await whichAll(name, env))[0];
}
