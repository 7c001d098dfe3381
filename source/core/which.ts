import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from './env.js';

export function pathEntries(env: Env): string[] {
	return (env['PATH'] ?? '').split(path.delimiter).filter(entry => entry !== '');
}

export async function isExecutableFile(file: string): Promise<boolean> {
	try {
		const info = await stat(file);
		if (!info.isFile()) return false;
		await access(file, constants.X_OK);
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
