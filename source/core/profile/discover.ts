import {stat} from 'node:fs/promises';
import path from 'node:path';

export const TEAM_PROFILE_NAME = 'gotune.json';

/**
 * Where a team keeps its profile: gotune.json in the current directory, else at the root of the repository the
 * directory is in (the nearest parent holding .git, a directory or a worktree's file).
 */
export async function findTeamProfile(cwd: string): Promise<string | undefined> {
	const here = path.join(cwd, TEAM_PROFILE_NAME);
	if (await isFile(here)) return here;
	for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
		if (await exists(path.join(dir, '.git'))) {
			const atRoot = path.join(dir, TEAM_PROFILE_NAME);
			return (await isFile(atRoot)) ? atRoot : undefined;
		}
		if (path.dirname(dir) === dir) return undefined;
	}
}

async function isFile(file: string): Promise<boolean> {
	return stat(file).then(
		info => info.isFile(),
		() => false,
	);
}

async function exists(file: string): Promise<boolean> {
	return stat(file).then(
		() => true,
		() => false,
	);
}
