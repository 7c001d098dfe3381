import {lstatSync, readdirSync, readlinkSync, type Stats} from 'node:fs';
import {lstat, opendir, readlink} from 'node:fs/promises';
import path from 'node:path';
import {throwIfCancelled} from '../task.js';

export type TreeEntry =
	/** ctimeMs: changes whenever a name is added, removed or renamed in the directory (a listing's freshness). */
	| {kind: 'dir'; rel: string; mode: number; uid: number; gid: number; atimeMs: number; mtimeMs: number; ctimeMs: number}
	| {kind: 'file'; rel: string; mode: number; size: number; uid: number; gid: number; atimeMs: number; mtimeMs: number}
	| {kind: 'symlink'; rel: string; target: string; uid: number; gid: number}
	/** Sockets, FIFOs, devices: never in a Go cache; listed so a copy can refuse instead of silently skipping them. */
	| {kind: 'other'; rel: string};

/** bytes: sum of regular files' sizes; allocated: what they occupy on disk (st_blocks), which is what a copy needs. */
export type TreeTotals = {files: number; bytes: number; dirs: number; allocated: number};

export type ScanProgress = TreeTotals & {done: boolean};

/**
 * Walks ROOT (not following symlinks) and reports totals as it goes. Directories come before their contents,
 * so creating them in order works. `rel` uses '/' and is '' for ROOT itself.
 */
export async function scanTree(
	root: string,
	options: {
		signal?: AbortSignal;
		onProgress?: (progress: ScanProgress) => void;
		keepEntries?: boolean;
		everyMs?: number;
		/**
		 * true: synchronous calls, yielding to the event loop between directories: for a tree walked moments ago (its
		 * metadata in memory), where a promise per lstat costs more than the lstat. false (the default): several lstat
		 * calls in flight, which walks a cold tree (metadata on the disk) faster. 'auto': synchronous while the lstat
		 * calls answer from memory, in flight from the first batch that waited on the disk (SLOW_LSTAT_MS).
		 */
		sync?: boolean | 'auto';
	} = {},
): Promise<{entries: TreeEntry[]; totals: TreeTotals}> {
	const entries: TreeEntry[] = [];
	const totals: TreeTotals = {files: 0, bytes: 0, dirs: 0, allocated: 0};
	const everyMs = options.everyMs ?? 100;
	let lastEmit = 0;
	const report = (done: boolean) => {
		const now = Date.now();
		if (!done && now - lastEmit < everyMs) return;
		lastEmit = now;
		options.onProgress?.({...totals, done});
	};
	report(false);
	const rootStat = await lstat(root);
	if (!rootStat.isDirectory()) throw Object.assign(new Error(`${root} is not a directory`), {code: 'ENOTDIR'});
	const keep = options.keepEntries !== false;
	if (keep) entries.push(entryOf('', rootStat, ''));
	totals.dirs++;
	const queue: string[] = [''];
	let sync = options.sync === true || options.sync === 'auto';
	let slowBatches = 0;
	while (queue.length > 0) {
		throwIfCancelled(options.signal, 'counting the cache');
		const rel = queue.pop()!;
		const dir = rel === '' ? root : path.join(root, rel);
		const names: string[] = sync ? readdirSync(dir) : [];
		if (!sync) for await (const dirent of await opendir(dir, {bufferSize: 256})) names.push(dirent.name);
		names.sort();
		// lstat in parallel batches: the per-file cost of a walk is the stat call, and libuv runs several at once.
		for (let i = 0; i < names.length; i += 64) {
			const batch = names.slice(i, i + 64);
			const began = performance.now();
			const stats = sync
				? batch.map(name => lstatSync(path.join(dir, name)))
				: await Promise.all(batch.map(name => lstat(path.join(dir, name))));
			if (sync && options.sync === 'auto') {
				slowBatches = performance.now() - began > SLOW_LSTAT_MS * batch.length ? slowBatches + 1 : 0;
				if (slowBatches === SLOW_BATCHES) sync = false;
			}
			for (const [index, name] of batch.entries()) {
				const st = stats[index]!;
				const childRel = rel === '' ? name : `${rel}/${name}`;
				if (st.isDirectory()) {
					totals.dirs++;
					totals.allocated += st.blocks * 512;
					queue.push(childRel);
				} else if (st.isFile()) {
					totals.files++;
					totals.bytes += st.size;
					totals.allocated += st.blocks * 512;
				}
				const target = st.isSymbolicLink() ? (sync ? readlinkSync(path.join(dir, name)) : await readlink(path.join(dir, name))) : '';
				if (keep) entries.push(entryOf(childRel, st, target));
			}
			report(false);
		}
		if (sync) await new Promise(resolve => setImmediate(resolve));
	}
	report(true);
	return {entries, totals};
}

/**
 * An lstat answered from memory takes microseconds; one that reads the disk a tenth of a millisecond or more. A batch
 * slower than this per call waited: on the disk, or for a CPU on a busy machine (once in a while, never for long).
 * SLOW_BATCHES in a row are the disk: the rest of the walk keeps several calls in flight.
 */
const SLOW_LSTAT_MS = 0.1;
const SLOW_BATCHES = 3;

/** The entry for REL from its lstat (TARGET: a symlink's target, read by the caller). */
export function entryOf(rel: string, st: Stats, target: string): TreeEntry {
	const common = {rel, uid: st.uid, gid: st.gid};
	if (st.isDirectory())
		return {kind: 'dir', ...common, mode: st.mode & 0o7777, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs};
	if (st.isFile()) return {kind: 'file', ...common, mode: st.mode & 0o7777, size: st.size, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs};
	if (st.isSymbolicLink()) return {kind: 'symlink', ...common, target};
	return {kind: 'other', rel};
}
