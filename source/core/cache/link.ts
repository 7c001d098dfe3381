import {lstat, realpath} from 'node:fs/promises';

/**
 * A cache setting that names a symbolic link (a cache put on another disk by linking ~/.cache/go-build there): the
 * directory the link leads to, which is what go fills and what gotune measures and moves. Undefined when the path
 * is not a link, or a dangling one (nothing to measure there).
 */
export async function linkedCacheDir(cachePath: string): Promise<string | undefined> {
	const info = await lstat(cachePath).catch(() => undefined);
	if (!info?.isSymbolicLink()) return undefined;
	return realpath(cachePath).catch(() => undefined);
}
