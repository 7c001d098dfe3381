import {chmodSync, lchownSync, lstatSync, mkdirSync, readdirSync, readlinkSync, utimesSync} from 'node:fs';
import {mkdir, rmdir} from 'node:fs/promises';
import path from 'node:path';
import type {CopyProgress, DirectoryCopier} from '../journal/contract.js';
import {crashWanted} from '../journal/crash.js';
import {markPhase} from '../phase-timing.js';
import {TaskCancelled, throwIfCancelled} from '../task.js';
import {removeTree} from './remove.js';
import {copyLeavesInThreads, type Leaf} from './copy-threads.js';
import {entryOf, scanTree, type TreeEntry} from './walk.js';
import {compareEntry, extraProblem, verifyZips} from './verify.js';

export type CopierOptions = {
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
 * A DirectoryCopier that can start from the planning walk's LISTING of FROM (move.ts counted the source moments ago)
 * instead of walking it again.
 */
export type CacheCopier = (
	from: string,
	to: string,
	context: Parameters<DirectoryCopier>[2] & {listing?: TreeEntry[]},
) => ReturnType<DirectoryCopier>;

/**
 * The cache mover's DirectoryCopier (journal contract): copies FROM to TO (which must not exist) preserving modes,
 * times and, as root, owners; the module cache's read-only directories (0555) stay writable (0700) during the copy and
 * get their modes back afterwards, children first. Each entry is verified as it is written (compareEntry: kind, size,
 * mode, symlink target), each directory for extra names, and module zips against their .ziphash (verify.ts); any
 * problem fails the copy. On any failure or abort TO is removed (read-only directories made writable first) and the
 * error is rethrown; FROM is only ever read.
 */
export function createCacheCopier(options: CopierOptions = {}): CacheCopier {
	const everyMs = options.progressEveryMs ?? 50;
	return async (from, to, {emit, signal, listing}) => {
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
			const {entries, totals} =
				(listing && stillListed(from, listing)) ??
				(await scanTree(from, {
					signal,
					// Counted for the plan moments ago: in memory now, where synchronous calls cost least.
					sync: true,
					onProgress: scanned => progress({phase: 'copy', files: 0, totalFiles: scanned.files, bytes: 0, totalBytes: scanned.bytes}),
				}));
			markPhase('copy: source listed');
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
			for (const dir of dirs) if (dir.rel !== '') mkdirSync(path.join(to, dir.rel), {mode: 0o700});

			markPhase('copy: directories made');
			const state: CopyProgress = {phase: 'copy', files: 0, totalFiles: totals.files, bytes: 0, totalBytes: totals.bytes};
			progress(state, true);
			const root = isRoot();
			const leaves = entries.filter((entry): entry is Leaf => entry.kind === 'file' || entry.kind === 'symlink');
			// Each entry is checked as it is written (the new file's fstat, a symlink's lstat, against the source's: kind,
			// size, mode): the verify needs no second walk of the copy.
			const copied = await copyLeavesInThreads({
				from,
				to,
				leaves,
				root,
				signal,
				everyMs,
				crashAtHalf: crashWanted('mid-copy'),
				onProgress: (files, bytes) => progress({...state, files, bytes}),
			});
			if (copied === 'cancelled') throw new TaskCancelled('the copy');
			const problems: string[] = [];
			for (const [index, leaf] of leaves.entries()) problems.push(...compareEntry(leaf, copied[index]));
			state.files = totals.files;
			state.bytes = totals.bytes;
			progress(state, true);
			markPhase('copy: files copied (each checked)');

			// Modes and times of directories last, deepest first: a 0555 directory cannot take new children.
			for (let i = dirs.length - 1; i >= 0; i--) {
				const dir = dirs[i]!;
				const target = path.join(to, dir.rel);
				if (root && (dir.uid !== 0 || dir.gid !== 0)) lchownSync(target, dir.uid, dir.gid);
				chmodSync(target, dir.mode);
				utimesSync(target, dir.atimeMs / 1000, dir.mtimeMs / 1000);
			}
			markPhase('copy: directory modes and times');
			const files = entries.filter(entry => entry.kind === 'file');
			const verify: CopyProgress = {...state, phase: 'verify', files: 0, bytes: 0};
			progress(verify, true);
			// Each directory: its mode as set, and nothing in it that the source does not have.
			const children = childNames(entries);
			for (const dir of dirs) {
				const target = path.join(to, dir.rel);
				problems.push(...compareEntry(dir, written(target, dir.rel)));
				const expected = children.get(dir.rel) ?? new Set<string>();
				for (const name of readdirSync(target))
					if (!expected.has(name)) problems.push(extraProblem(dir.rel === '' ? name : `${dir.rel}/${name}`));
			}
			markPhase('verify: directories listed');
			problems.push(...(await verifyZips(from, to, files, signal)));
			markPhase('verify: module zips');
			progress({...verify, files: verify.totalFiles, bytes: verify.totalBytes}, true);
			if (problems.length > 0) throw new CopyVerificationError(problems);
		} catch (error) {
			if (created) await removeTree(to).catch(() => undefined);
			for (const parent of createdParents.reverse()) await rmdir(parent).catch(() => undefined);
			if (signal.aborted && !(error instanceof TaskCancelled)) throw new TaskCancelled('the copy');
			throw error;
		}
	};
}

/**
 * LISTING as the tree to copy when it still describes FROM: no directory gained, lost or renamed a name since it was
 * listed (each directory's ctime is unchanged; the kernel sets it on every such change, and nobody can set it back).
 * Otherwise undefined: the tree is walked again. A file rewritten in place keeps its name: the copy's size check
 * catches that, as it does for one rewritten during the copy.
 */
function stillListed(from: string, listing: TreeEntry[]): {entries: TreeEntry[]; totals: {files: number; bytes: number}} | undefined {
	const totals = {files: 0, bytes: 0};
	for (const entry of listing) {
		if (entry.kind === 'file') {
			totals.files++;
			totals.bytes += entry.size;
		} else if (entry.kind === 'dir') {
			const now = lstatSync(path.join(from, entry.rel), {throwIfNoEntry: false});
			if (!now?.isDirectory() || now.ctimeMs !== entry.ctimeMs) return undefined;
		}
	}
	return {entries: listing, totals};
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

/** The entry just written at TARGET, as the source walk describes entries; undefined when it is not there. */
function written(target: string, rel: string): TreeEntry | undefined {
	try {
		const st = lstatSync(target);
		return entryOf(rel, st, st.isSymbolicLink() ? readlinkSync(target) : '');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** The names each directory of ENTRIES holds (by the directory's rel). */
function childNames(entries: TreeEntry[]): Map<string, Set<string>> {
	const children = new Map<string, Set<string>>();
	for (const entry of entries) {
		if (entry.rel === '') continue;
		const slash = entry.rel.lastIndexOf('/');
		const parent = slash < 0 ? '' : entry.rel.slice(0, slash);
		let names = children.get(parent);
		if (names === undefined) children.set(parent, (names = new Set()));
		names.add(entry.rel.slice(slash + 1));
	}
	return children;
}
