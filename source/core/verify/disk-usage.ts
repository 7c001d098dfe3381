import {lstat, readdir} from 'node:fs/promises';
import path from 'node:path';
import {throwIfCancelled} from '../task.js';

export type DiskUsage = {bytes: number; files: number} | {missing: true} | {error: string};

/**
 * Apparent size of a tree like `du -s --apparent-size -b`: file sizes summed, symlinks not followed, unreadable
 * parts reported as an error rather than guessed. (The cache engineer's core/cache inspector supersedes this once
 * it lands on main; until then the report uses this small walker.)
 */
export async function diskUsage(dir: string, signal?: AbortSignal): Promise<DiskUsage> {
	const top = await lstat(dir).catch((error: NodeJS.ErrnoException) => error);
	if (top instanceof Error) return top.code === 'ENOENT' ? {missing: true} : {error: top.message};
	let bytes = 0;
	let files = 0;
	const walk = async (current: string): Promise<void> => {
		throwIfCancelled(signal);
		const entries = await readdir(current, {withFileTypes: true});
		for (const entry of entries) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) await walk(full);
			else if (entry.isFile()) {
				bytes += (await lstat(full)).size;
				files++;
			}
		}
	};
	try {
		if (top.isDirectory()) await walk(dir);
		else return {bytes: top.size, files: 1};
	} catch (error) {
		return {error: (error as Error).message};
	}
	return {bytes, files};
}
