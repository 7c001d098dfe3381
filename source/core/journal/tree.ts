import {chmod, copyFile, lchown, lstat, mkdir, readdir, readlink, rename, rm, rmdir, stat, symlink, unlink, utimes} from 'node:fs/promises';
import path from 'node:path';
import {TaskCancelled} from '../task.js';
import type {CopyProgress, DirectoryCopier} from './contract.js';
import {crashPoint, type CrashPoint} from './crash.js';
import {isMissing, syncDir} from './durable-fs.js';

/**
 * Directory primitives for the journal's directory steps: existence, durable renames, removal of read-only trees
 * (the module cache is 0555/0444) and a plain, correct copier used to move data back across filesystems.
 */

export async function exists(p: string): Promise<boolean> {
	try {
		await lstat(p);
		return true;
	} catch (error) {
		if (isMissing(error)) return false;
		throw error;
	}
}

export async function isEmptyDir(p: string): Promise<boolean> {
	const info = await lstat(p).catch(() => undefined);
	return info !== undefined && info.isDirectory() && (await readdir(p)).length === 0;
}

/** A rename that survives a crash: both directories' entries are fsynced. */
export async function renameDurable(from: string, to: string): Promise<void> {
	await rename(from, to);
	await syncDir(path.dirname(to));
	if (path.dirname(from) !== path.dirname(to)) await syncDir(path.dirname(from));
}

/** The closest existing directory at or above P (the parent TO will be created in). */
export async function nearestExisting(p: string): Promise<string> {
	let current = p;
	for (;;) {
		if (await exists(current)) return current;
		const parent = path.dirname(current);
		if (parent === current) return current;
		current = parent;
	}
}

/** Whether a rename from FROM to TO can work: same device (st_dev) as the directory TO will be created in. */
export async function sameFilesystem(from: string, to: string): Promise<boolean> {
	const [a, b] = await Promise.all([stat(from), stat(await nearestExisting(path.dirname(to)))]);
	return a.dev === b.dev;
}

/**
 * Deletes a tree whose directories may be read-only (like go clean -modcache: a directory is made u+rwx before its
 * entries are removed). MIDWAY runs once after the first entry is gone (a crash-test hook: "half deleted").
 * The directory listing gives each entry's type, so a file costs one unlink and no lstat (Node's recursive rm makes
 * both), and a directory's files are unlinked together: an unlink can wait on the filesystem's journal, and several in
 * flight hide that wait (one at a time, 20,000 just-copied files took seconds longer here).
 */
export async function removeTree(dir: string, midway?: () => void): Promise<void> {
	const info = await lstat(dir).catch(error => (isMissing(error) ? undefined : Promise.reject(error)));
	if (info === undefined) return;
	if (!info.isDirectory()) {
		await rm(dir, {force: true});
		return;
	}
	let first = true;
	const gone = () => {
		if (first) midway?.();
		first = false;
	};
	const removeDir = async (current: string, top: boolean): Promise<void> => {
		const mode = (await lstat(current)).mode;
		if ((mode & 0o700) !== 0o700) await chmod(current, (mode & 0o7777) | 0o700);
		const entries = await readdir(current, {withFileTypes: true}).catch(error => (isMissing(error) ? [] : Promise.reject(error)));
		const files = entries.filter(entry => !entry.isDirectory());
		for (let i = 0; i < files.length; i += UNLINKS_IN_FLIGHT) {
			await Promise.all(files.slice(i, i + UNLINKS_IN_FLIGHT).map(async entry => unlinkOrGone(path.join(current, entry.name))));
			if (top) gone();
		}
		const dirs = entries.filter(entry => entry.isDirectory());
		for (let i = 0; i < dirs.length; i += DIRS_IN_FLIGHT) {
			await Promise.all(dirs.slice(i, i + DIRS_IN_FLIGHT).map(async entry => removeDir(path.join(current, entry.name), false)));
			if (top) gone();
		}
		await rmdir(current).catch(error => (isMissing(error) ? undefined : Promise.reject(error)));
	};
	await removeDir(dir, true);
}

const UNLINKS_IN_FLIGHT = 256;
/** Directories emptied at once (a module cache has many small ones). */
const DIRS_IN_FLIGHT = 8;

async function unlinkOrGone(file: string): Promise<void> {
	await unlink(file).catch(error => (isMissing(error) ? undefined : Promise.reject(error)));
}

/**
 * Removes P without ever leaving a half-deleted tree at P: it is renamed to ASIDE first (one atomic step), then ASIDE
 * is deleted. A crash in between leaves ASIDE, which the next call (same ASIDE name) finishes deleting.
 */
export async function removeTreeDurable(p: string, aside: string, midway?: () => void): Promise<void> {
	if (await exists(p)) await renameDurable(p, aside);
	await removeTree(aside, midway);
	await syncDir(path.dirname(aside)).catch(() => undefined);
}

type Entry = {rel: string; kind: 'dir' | 'file' | 'link'; mode: number; size: number; uid: number; gid: number; atime: Date; mtime: Date};

async function listTree(root: string): Promise<Entry[]> {
	const entries: Entry[] = [];
	const walk = async (rel: string) => {
		for (const dirent of await readdir(path.join(root, rel), {withFileTypes: true})) {
			const childRel = path.join(rel, dirent.name);
			const info = await lstat(path.join(root, childRel));
			const kind = info.isDirectory() ? 'dir' : info.isFile() ? 'file' : info.isSymbolicLink() ? 'link' : undefined;
			if (kind === undefined)
				throw new Error(`${path.join(root, childRel)} is neither a file, a directory nor a symbolic link; gotune does not copy it`);
			entries.push({
				rel: childRel,
				kind,
				mode: info.mode & 0o7777,
				size: info.size,
				uid: info.uid,
				gid: info.gid,
				atime: info.atime,
				mtime: info.mtime,
			});
			if (kind === 'dir') await walk(childRel);
		}
	};
	await walk('');
	return entries;
}

/**
 * The journal's own DirectoryCopier, used to move data back across filesystems on rollback (a caller's fast copier is
 * a function and cannot be recorded). Copies files, directories and symbolic links with their modes, times and (as
 * root) owners; directories are created writable and get their real (possibly read-only) mode after their contents.
 * Verifies that TO holds the same entries, kinds, sizes and modes as FROM. On failure or abort TO is removed.
 */
export const copyTree: DirectoryCopier = (from, to, context) => copyTreeCrashingAt(from, to, context, 'mid-copy');

/** copyTree with the crash-test hook at another point (copying back during a rollback). */
export async function copyTreeCrashingAt(
	from: string,
	to: string,
	{emit, signal}: Parameters<DirectoryCopier>[2],
	midway: CrashPoint,
): Promise<void> {
	try {
		const entries = await listTree(from);
		const totalFiles = entries.filter(e => e.kind === 'file').length;
		const totalBytes = entries.reduce((sum, e) => sum + (e.kind === 'file' ? e.size : 0), 0);
		const progress: CopyProgress = {phase: 'copy', files: 0, totalFiles, bytes: 0, totalBytes};
		emit({...progress});
		const root = await lstat(from);
		const asRoot = process.getuid?.() === 0;
		await mkdir(to, {mode: 0o700});
		const dirs: Entry[] = [];
		for (const entry of entries) {
			if (signal.aborted) throw new TaskCancelled('the copy');
			const source = path.join(from, entry.rel);
			const target = path.join(to, entry.rel);
			if (entry.kind === 'dir') {
				await mkdir(target, {mode: 0o700});
				dirs.push(entry);
				continue;
			}
			if (entry.kind === 'link') {
				await symlink(await readlink(source), target);
			} else {
				await copyFile(source, target);
				await chmod(target, entry.mode);
				await utimes(target, entry.atime, entry.mtime);
				progress.files++;
				progress.bytes += entry.size;
				if (progress.files % 200 === 0) emit({...progress});
				if (progress.files === Math.ceil(totalFiles / 2)) crashPoint(midway);
			}
			if (asRoot) await lchown(target, entry.uid, entry.gid);
		}
		// Deepest first, so a read-only parent is closed only after its children are in place.
		for (const entry of dirs.reverse()) {
			const target = path.join(to, entry.rel);
			if (asRoot) await lchown(target, entry.uid, entry.gid);
			await chmod(target, entry.mode);
			await utimes(target, entry.atime, entry.mtime);
		}
		if (asRoot) await lchown(to, root.uid, root.gid);
		await chmod(to, root.mode & 0o7777);
		emit({...progress});
		emit({...progress, phase: 'verify'});
		await verifyCopy(from, to, entries);
	} catch (error) {
		await removeTree(to).catch(() => undefined);
		throw error;
	}
}

async function verifyCopy(from: string, to: string, expected: Entry[]): Promise<void> {
	const copied = new Map((await listTree(to)).map(entry => [entry.rel, entry]));
	if (copied.size !== expected.length)
		throw new Error(`the copy of ${from} at ${to} has ${copied.size} entries, the original ${expected.length}`);
	for (const entry of expected) {
		const other = copied.get(entry.rel);
		if (
			other === undefined ||
			other.kind !== entry.kind ||
			(entry.kind === 'file' && other.size !== entry.size) ||
			(entry.kind !== 'link' && other.mode !== entry.mode)
		) {
			throw new Error(`the copy of ${path.join(from, entry.rel)} at ${path.join(to, entry.rel)} does not match the original`);
		}
	}
}
