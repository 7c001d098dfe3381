import {randomBytes} from 'node:crypto';
import {chmod, mkdir, open, readdir, readFile, realpath, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {crashPoint} from './crash.js';

/** Reads a file; null when it does not exist. */
export async function readOptionalFile(file: string): Promise<string | null> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		if (isMissing(error)) return null;
		throw error;
	}
}

export function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A symlinked settings file (dotfile managers) is written through, not replaced by a regular file. */
export async function resolveWriteTarget(file: string): Promise<string> {
	return realpath(file).catch(() => file);
}

/** fsync a directory so a rename or unlink in it survives a crash. */
async function syncDir(dir: string): Promise<void> {
	const handle = await open(dir, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/**
 * Replaces FILE atomically: a temp file in the same directory, fsync, rename, fsync the directory. A reader (or a
 * crash) sees the old bytes or the new bytes, never a mix. Keeps the old file's mode; new files get 0666 minus umask,
 * as go env -w does.
 */
export async function writeFileAtomic(file: string, content: string, options: {mode?: number} = {}): Promise<void> {
	const target = await resolveWriteTarget(file);
	const dir = path.dirname(target);
	await mkdir(dir, {recursive: true});
	const previousMode = await stat(target).then(info => info.mode & 0o7777, () => undefined);
	const temp = path.join(dir, `.${path.basename(target)}.gotune-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	const handle = await open(temp, 'wx', options.mode ?? 0o666);
	try {
		await handle.writeFile(content, 'utf8');
		if (previousMode !== undefined) await chmod(temp, previousMode);
		await handle.sync();
	} finally {
		await handle.close();
	}
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
