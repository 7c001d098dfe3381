import {chmod, lstat, opendir, rm} from 'node:fs/promises';
import path from 'node:path';

/**
 * rm -rf that also works for a non-root owner of a module cache: Go makes extracted module directories 0555, so
 * plain removal fails with EACCES (go-facts §5.2). Directories are made writable first (as modfetch.RemoveAll does).
 */
export async function removeTree(dir: string): Promise<void> {
	try {
		await rm(dir, {recursive: true, force: true});
		return;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'EACCES' && code !== 'EPERM') throw error;
	}
	await makeDirsWritable(dir);
	await rm(dir, {recursive: true, force: true});
}

async function makeDirsWritable(dir: string): Promise<void> {
	const st = await lstat(dir).catch(() => undefined);
	if (!st?.isDirectory()) return;
	if ((st.mode & 0o700) !== 0o700) await chmod(dir, (st.mode & 0o7777) | 0o700);
	for await (const entry of await opendir(dir)) {
		if (entry.isDirectory()) await makeDirsWritable(path.join(dir, entry.name));
	}
}
