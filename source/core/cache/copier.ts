import {constants} from 'node:fs';
import {chmod, copyFile, lchown, mkdir, rmdir, symlink, utimes} from 'node:fs/promises';
import path from 'node:path';
import type {CopyProgress, DirectoryCopier} from '../journal/contract.js';
import {crashPoint} from '../journal/crash.js';
import {TaskCancelled, throwIfCancelled} from '../task.js';
import {removeTree} from './remove.js';
import {scanTree, type TreeEntry} from './walk.js';
import {verifyCopy} from './verify.js';

export type CopierOptions = {
	/** Files copied at once: libuv's thread pool runs the syscalls, so several in flight hide per-file latency. */
	concurrency?: number;
	/** Minimum milliseconds between progress events (the last event of each phase is always sent). */
	progressEveryMs?: number;
};

/** Thrown when the copy does not match its source; the partial copy has been removed by then. */
export class CopyVerificationError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`the copy does not match its source (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.slice(0, 3).join('; ')}`,
		);
		this.name = 'CopyVerificationError';
	}
}

const isRoot = () => process.getuid?.() === 0;

/**
 * The cache mover's DirectoryCopier (journal contract): copies FROM to TO (which must not exist) preserving modes,
 * times and, as root, owners; the module cache's read-only directories (0555) stay writable (0700) during the copy and
 * get their modes back afterwards, children first. Then verifies (verify.ts). On any failure or abort TO is removed
 * (read-only directories made writable first) and the error is rethrown; FROM is only ever read.
 */
export function createCacheCopier(options: CopierOptions = {}): DirectoryCopier {
	const concurrency = options.concurrency ?? 16;
	const everyMs = options.progressEveryMs ?? 50;
	return async (from, to, {emit, signal}) => {
		let created = false;
		const createdParents: string[] = [];
		let last = 0;
		const progress = (value: CopyProgress, force = false) => {
			const now = Date.now();
			if (!force && now - last < everyMs) return;
			last = now;
			emit(value);
		};
		try {
			const {entries, totals} = await scanTree(from, {
				signal,
				onProgress: scanned => progress({phase: 'copy', files: 0, totalFiles: scanned.files, bytes: 0, totalBytes: scanned.bytes}),
			});
			const odd = entries.find(entry => entry.kind === 'other');
			if (odd)
				throw new Error(
					`${path.join(from, odd.rel)} is not a file, directory or symlink; a Go cache holds none of those, so gotune will not copy it`,
				);
			throwIfCancelled(signal, 'the copy');
			createdParents.push(...(await makeParents(path.dirname(to))));
			// Exclusive: TO must not exist (the journal's contract), so nothing of someone else's is ever overwritten.
			await mkdir(to, {mode: 0o700});
			created = true;

			const dirs = entries.filter((entry): entry is Extract<TreeEntry, {kind: 'dir'}> => entry.kind === 'dir');
			for (const dir of dirs) if (dir.rel !== '') await mkdir(path.join(to, dir.rel), {mode: 0o700});

			const state: CopyProgress = {phase: 'copy', files: 0, totalFiles: totals.files, bytes: 0, totalBytes: totals.bytes};
			progress(state, true);
			const leaves = entries.filter(entry => entry.kind === 'file' || entry.kind === 'symlink');
			const root = isRoot();
			let next = 0;
			const worker = async () => {
				while (next < leaves.length) {
					if (signal.aborted) return;
					const entry = leaves[next++]!;
					const source = path.join(from, entry.rel);
					const target = path.join(to, entry.rel);
					if (entry.kind === 'symlink') {
						await symlink(entry.target, target);
						if (root) await lchown(target, entry.uid, entry.gid);
						continue;
					}
					if (entry.kind !== 'file') continue;
					// FICLONE: a reflink (btrfs, xfs) where the filesystem can, else copy_file_range/sendfile in the kernel.
					await copyFile(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
					if (root && (entry.uid !== 0 || entry.gid !== 0)) await lchown(target, entry.uid, entry.gid);
					// libuv's copyfile gives the new file the source's mode; times matter to Go's trim (unused > 5 days).
					await utimes(target, entry.atimeMs / 1000, entry.mtimeMs / 1000);
					state.files++;
					state.bytes += entry.size;
					// The crash tests' hook (journal/crash.ts): SIGKILL half-way through the copy.
					if (state.files === Math.ceil(totals.files / 2)) crashPoint('mid-copy');
					progress(state);
				}
			};
			await Promise.all(Array.from({length: Math.min(concurrency, Math.max(1, leaves.length))}, worker));
			throwIfCancelled(signal, 'the copy');
			progress(state, true);

			// Modes and times of directories last, deepest first: a 0555 directory cannot take new children.
			for (let i = dirs.length - 1; i >= 0; i--) {
				const dir = dirs[i]!;
				const target = path.join(to, dir.rel);
				if (root && (dir.uid !== 0 || dir.gid !== 0)) await lchown(target, dir.uid, dir.gid);
				await chmod(target, dir.mode);
				await utimes(target, dir.atimeMs / 1000, dir.mtimeMs / 1000);
			}
			const problems = await verifyCopy(from, to, entries, {signal, emit: value => progress(value, value.files === value.totalFiles)});
			if (problems.length > 0) throw new CopyVerificationError(problems);
		} catch (error) {
			if (created) await removeTree(to).catch(() => undefined);
			for (const parent of createdParents.reverse()) await rmdir(parent).catch(() => undefined);
			if (signal.aborted && !(error instanceof TaskCancelled)) throw new TaskCancelled('the copy');
			throw error;
		}
	};
}

/** mkdir -p that returns the directories it created (outermost first), so a failed copy can remove them again. */
async function makeParents(dir: string): Promise<string[]> {
	const first = await mkdir(dir, {recursive: true});
	if (first === undefined) return [];
	const created: string[] = [];
	for (let current = dir; current.length >= first.length; current = path.dirname(current)) {
		created.unshift(current);
		if (current === first) break;
	}
	return created;
}
