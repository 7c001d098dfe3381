import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../../env.js';
import {gotuneHome} from '../../paths.js';

/**
 * The cache server's access token, for gotune-cacher's --access-token-file: a file only its owner can read, in
 * gotune's own directory. GOCACHEPROG names the file, so the token is in neither the GOENV file (world-readable),
 * nor the journal's records, nor ps. The journal puts it in place by a rename (put-dir: paths and an inode, no
 * content), and rollback removes it.
 */
export function tokenFilePath(env: Env): string {
	return path.join(gotuneHome(env), 'cache-server-token');
}

/**
 * Writes TOKEN to a 0600 file in a fresh directory beside TARGET (same filesystem: renamed into place, never copied).
 * Returns the staged file and its directory, which the caller removes once the journal has put the file in place.
 */
export async function stageTokenFile(target: string, token: string): Promise<{staged: string; dir: string}> {
	await mkdir(path.dirname(target), {recursive: true, mode: 0o700});
	const dir = await mkdtemp(path.join(path.dirname(target), '.cache-server-token-'));
	const staged = path.join(dir, path.basename(target));
	await writeFile(staged, `${token}\n`, {mode: 0o600, flag: 'wx'});
	return {staged, dir};
}

/** The token in FILE (as gotune-cacher reads it), for gotune's own server check; undefined when it cannot be read. */
export async function readTokenFile(file: string): Promise<string | undefined> {
	const text = await readFile(file, 'utf8').catch(() => undefined);
	return text?.trim() || undefined;
}
