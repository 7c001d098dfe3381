import {execa} from 'execa';
import {access, chmod, constants, mkdir, open, readdir, readFile, readlink, realpath, rename, rmdir, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {crashPoint} from './crash.js';
import {randomHex} from './random-hex.js';

/**
 * Reads a file; null when it does not exist. 'latin1' reads the bytes one character per byte, so text that is not
 * UTF-8 survives a read-edit-write untouched (write it back with the same encoding).
 */
export async function readOptionalFile(file: string, encoding: BufferEncoding = 'utf8'): Promise<string | null> {
	try {
		return await readFile(file, encoding);
	} catch (error) {
		if (isMissing(error)) return null;
		throw error;
	}
}

export function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * A symlinked settings file (dotfile managers) is written through, not replaced by a regular file: the link is followed
 * to the file it names, even when that file does not exist yet (a dangling link gets its target created).
 */
export async function resolveWriteTarget(file: string): Promise<string> {
	let current = file;
	for (let hops = 0; hops < 40; hops++) {
		let link: string;
		try {
			link = await readlink(current);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EINVAL' || code === 'ENOENT' || code === 'ENOTDIR') return current;
			throw error;
		}
		// Relative links are relative to the directory holding the link, as the kernel resolves them.
		const dir = await realpath(path.dirname(current)).catch(() => path.dirname(current));
		current = path.resolve(dir, link);
	}
	throw Object.assign(new Error(`${file}: too many levels of symbolic links`), {code: 'ELOOP'});
}

/**
 * Whether go env -w could write FILE. go rewrites the file in place (os.WriteFile), so it needs write permission on
 * the file itself, whatever the directory allows: a 0444 file is refused ("open FILE: permission denied"). As root
 * the same call succeeds (root is not held to permission bits), so gotune writes it as root too, as go would. A file
 * that does not exist yet is writable here: both create it.
 */
export async function writableLikeGo(file: string): Promise<{ok: true} | {ok: false; code: string}> {
	const target = await resolveWriteTarget(file);
	try {
		await access(target, constants.W_OK);
		return {ok: true};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
		return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? {ok: false, code} : {ok: true};
	}
}

/**
 * Flushes everything written to the filesystem that holds DIR (syncfs(2) through coreutils' `sync -f`: Node has no
 * syncfs), so a copied tree is on the disk before its source goes: one call, where an fsync per file would cost a
 * journal commit each. Where `sync -f` is unknown (not GNU coreutils), plain `sync` flushes every filesystem.
 */
export async function syncFilesystem(dir: string): Promise<void> {
	const one = await execa('sync', ['-f', dir], {reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore'});
	if (one.exitCode === 0) return;
	await execa('sync', [], {stdin: 'ignore', stdout: 'ignore', stderr: 'ignore'});
}

/** fsync a directory so a rename or unlink in it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
	const handle = await open(dir, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/**
 * Replaces FILE atomically: a temp file in the same directory, fsync, rename, fsync the directory. A reader (or a
 * crash) sees the old bytes or the new bytes, never a mix. Keeps the old file's owner, group and mode (go env -w
 * rewrites the file in place, which keeps them too); new files get 0666 minus umask, as go env -w does.
 * ENCODING 'latin1' writes a string read with readOptionalFile(file, 'latin1') back byte for byte.
 */
export async function writeFileAtomic(
	file: string,
	content: string,
	options: {mode?: number; encoding?: BufferEncoding} = {},
): Promise<void> {
	const target = await resolveWriteTarget(file);
	const dir = path.dirname(target);
	await mkdir(dir, {recursive: true});
	const previous = await stat(target).catch(() => undefined);
	const temp = path.join(dir, `.${path.basename(target)}.gotune-${process.pid}-${randomHex(4)}.tmp`);
	const handle = await open(temp, 'wx', options.mode ?? 0o666);
	try {
		await handle.writeFile(content, options.encoding ?? 'utf8');
		if (previous !== undefined) {
			// Root editing another user's file (sudo -E) must leave it theirs, or their go silently stops reading it.
			// Owner first: chown clears set-id bits, the chmod after it puts the exact old mode back.
			const mine = await handle.stat();
			if (mine.uid !== previous.uid || mine.gid !== previous.gid) await handle.chown(previous.uid, previous.gid);
			await handle.chmod(previous.mode & 0o7777);
		}
		await handle.sync();
	} catch (error) {
		await handle.close();
		await unlink(temp).catch(() => undefined);
		throw error;
	}
	await handle.close();
	try {
		crashPoint('after-temp-write');
		await rename(temp, target);
	} catch (error) {
		await unlink(temp).catch(() => undefined);
		throw error;
	}
	await syncDir(dir);
}

/** Temp files a killed gotune left beside FILE (its rename never happened); only those of dead processes. */
export async function removeOrphanTempFiles(file: string): Promise<void> {
	const target = await resolveWriteTarget(file);
	const dir = path.dirname(target);
	const prefix = `.${path.basename(target)}.gotune-`;
	const names = await readdir(dir).catch(() => [] as string[]);
	for (const name of names) {
		const pid = Number(/^(\d+)-[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length))?.[1]);
		if (!name.startsWith(prefix) || !pid || pid === process.pid || isAlive(pid)) continue;
		await unlink(path.join(dir, name)).catch(() => undefined);
	}
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export async function removeFileDurable(file: string): Promise<void> {
	const target = await resolveWriteTarget(file);
	try {
		await unlink(target);
	} catch (error) {
		if (isMissing(error)) return;
		throw error;
	}
	await syncDir(path.dirname(target));
}

/** Appends one line and fsyncs before returning: the record is on disk before anything it describes happens. */
export async function appendLineDurable(file: string, line: string): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const handle = await open(file, 'a+', 0o600);
	try {
		// A crash mid-append can leave a torn line without its newline; start on a fresh line so this record survives.
		const {size} = await handle.stat();
		const last = Buffer.alloc(1);
		if (size > 0) await handle.read(last, 0, 1, size - 1);
		const torn = size > 0 && last[0] !== 0x0a;
		await handle.writeFile(`${torn ? '\n' : ''}${line}\n`, 'utf8');
		await handle.sync();
	} finally {
		await handle.close();
	}
	// A file created by an older gotune or by hand may be wider: journal values can hold credentials.
	await chmod(file, 0o600);
}

/**
 * Removes DIRS (outermost first, as recorded when gotune's write created them), innermost first, each only while
 * empty: a directory the user has put anything in since stays, and so do its parents.
 */
export async function removeEmptyDirs(dirs: string[]): Promise<void> {
	for (const dir of [...dirs].reverse()) {
		try {
			await rmdir(dir);
		} catch {
			return;
		}
	}
}
