import os from 'node:os';
import {Worker} from 'node:worker_threads';
import type {TreeEntry} from './walk.js';

/** What the copy writes file by file: regular files and symlinks (directories are made before, fixed up after). */
export type Leaf = Extract<TreeEntry, {kind: 'file' | 'symlink'}>;

/**
 * How many threads copy. A cache's files are small: the copy is system calls, CPU-bound once the source is in memory.
 * Measured on this project's 2-core machine, 20,000 build-cache files from the disk to a tmpfs: one thread 850 ms,
 * two 640 ms, three 720 ms. More cores are not assumed to help more (the disk is shared): at most two.
 */
export const copyThreads = () => Math.min(2, Math.max(1, os.availableParallelism()));

/** Below this many leaves one thread copies: starting a second one costs more than it saves. */
const MIN_LEAVES_PER_THREAD = 500;

export type ThreadedCopy = {
	from: string;
	to: string;
	leaves: Leaf[];
	/** Owners are copied too (only root can give a file away). */
	root: boolean;
	signal: AbortSignal;
	/** Files and bytes copied so far, every EVERY_MS (0: as often as the event loop turns) and once at the end. */
	onProgress: (files: number, bytes: number) => void;
	everyMs: number;
	/** The crash tests' hook (journal/crash.ts 'mid-copy'): SIGKILL once half of the files are copied. */
	crashAtHalf: boolean;
};

/** Thrown as the copy's own failure (a system call's error, with its code), after every thread has stopped. */
export type CopyFailure = Error & {code?: string};

/**
 * Copies LEAVES from FROM into TO (whose directories exist) on worker threads, each taking a contiguous share (whole
 * directories mostly, so the threads seldom create files in the same directory at once). The event loop stays free
 * meanwhile: progress, Ctrl-C and the wizard's frames. Returns what each leaf became in the copy (its fstat or lstat
 * right after it was written, in LEAVES' order) for the caller to compare with the source. Resolves to 'cancelled'
 * once SIGNAL was aborted and every thread has stopped; rejects with the first thread's error (the others stop too).
 */
export async function copyLeavesInThreads(job: ThreadedCopy): Promise<Array<TreeEntry | undefined> | 'cancelled'> {
	const {leaves} = job;
	const threads = Math.max(1, Math.min(copyThreads(), Math.floor(leaves.length / MIN_LEAVES_PER_THREAD)));
	const control = new Int32Array(new SharedArrayBuffer(4));
	const counts = new Float64Array(new SharedArrayBuffer(threads * 2 * 8));
	const stop = () => Atomics.store(control, 0, 1);
	job.signal.addEventListener('abort', stop, {once: true});
	const share = Math.ceil(leaves.length / threads);
	let finished = 0;
	const runs = Array.from({length: threads}, async (_, slot) => {
		const start = slot * share;
		try {
			return await runWorker({
				from: job.from,
				to: job.to,
				leaves: leaves.slice(start, start + share),
				root: job.root,
				control: control.buffer as SharedArrayBuffer,
				counts: counts.buffer as SharedArrayBuffer,
				slot,
				crashAt: job.crashAtHalf && slot === 0 ? Math.ceil(leaves.length / 2 / threads) : -1,
			});
		} catch (error) {
			stop();
			throw error;
		} finally {
			finished++;
		}
	});
	// Settled as they end (a thread's failure is handled at once, not left unhandled while the progress loop waits).
	const settled = Promise.allSettled(runs);
	const report = () => {
		let files = 0;
		let bytes = 0;
		for (let slot = 0; slot < threads; slot++) {
			files += counts[slot * 2]!;
			bytes += counts[slot * 2 + 1]!;
		}
		job.onProgress(files, bytes);
	};
	try {
		while (finished < threads) {
			await new Promise(resolve => (job.everyMs > 0 ? setTimeout(resolve, job.everyMs) : setImmediate(resolve)));
			report();
		}
		const results = await settled;
		const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
		if (failed) throw failed.reason;
		report();
		if (job.signal.aborted) return 'cancelled';
		const written: Array<TreeEntry | undefined> = [];
		for (const [slot, result] of results.entries()) {
			const output = (result as PromiseFulfilledResult<WorkerOutput>).value;
			if (output.cancelled) return 'cancelled';
			const start = slot * share;
			for (let i = 0; i < output.stats.length / STAT_FIELDS; i++) written.push(entryFromStats(leaves[start + i]!.rel, output, i));
		}
		return written;
	} finally {
		job.signal.removeEventListener('abort', stop);
	}
}

type WorkerInput = {
	from: string;
	to: string;
	leaves: Leaf[];
	root: boolean;
	control: SharedArrayBuffer;
	counts: SharedArrayBuffer;
	slot: number;
	/** Leaves copied at which to SIGKILL the process (the crash tests' 'mid-copy'); -1: never. */
	crashAt: number;
};

/** Per leaf: kind (0 missing, 1 file, 2 symlink, 3 other), mode, size, uid, gid, atimeMs, mtimeMs. */
const STAT_FIELDS = 7;

type WorkerOutput = {cancelled: boolean; stats: Float64Array; targets: string[]};

function entryFromStats(rel: string, output: WorkerOutput, index: number): TreeEntry | undefined {
	const at = index * STAT_FIELDS;
	const [kind, mode, size, uid, gid, atimeMs, mtimeMs] = Array.from(output.stats.subarray(at, at + STAT_FIELDS));
	if (kind === 1) return {kind: 'file', rel, mode: mode!, size: size!, uid: uid!, gid: gid!, atimeMs: atimeMs!, mtimeMs: mtimeMs!};
	if (kind === 2) return {kind: 'symlink', rel, target: output.targets[index] ?? '', uid: uid!, gid: gid!};
	if (kind === 3) return {kind: 'other', rel};
	return undefined;
}

async function runWorker(input: WorkerInput): Promise<WorkerOutput> {
	// The thread's code is copyShare's own text: a worker needs a script of its own, and this one must run both from
	// the bundle (dist/) and from the TypeScript sources under the tests, where no .js file of it exists.
	const worker = new Worker(
		`const {workerData, parentPort} = process.getBuiltinModule('node:worker_threads');\n(${copyShare.toString()})(workerData, parentPort);`,
		{eval: true, workerData: input},
	);
	return new Promise<WorkerOutput>((resolve, reject) => {
		worker.once('message', (message: WorkerOutput | {error: {message: string; code?: string}}) => {
			if ('error' in message) reject(Object.assign(new Error(message.error.message), message.error.code ? {code: message.error.code} : {}));
			else resolve(message);
		});
		worker.once('error', reject);
		worker.once('exit', code => reject(new Error(`a copy thread stopped (exit code ${code}) before it finished`)));
	});
}

/**
 * The worker thread: copies its share of leaves (as copier.ts copied them on one thread: two descriptors a file, mode
 * set at creation, times and owner on the open file, its fstat as the check), counting into COUNTS and stopping at the
 * next leaf once CONTROL says so. Self-contained: it runs from its own text in the worker (no imports in scope).
 */
function copyShare(input: WorkerInput, port: {postMessage: (value: unknown) => void}): void {
	const fs = process.getBuiltinModule('node:fs');
	const join = process.getBuiltinModule('node:path').join;
	const {O_RDONLY, O_NOFOLLOW, O_WRONLY, O_CREAT, O_EXCL} = fs.constants;
	const control = new Int32Array(input.control);
	const counts = new Float64Array(input.counts);
	const stats = new Float64Array(input.leaves.length * 7);
	const targets: string[] = [];
	const buffer = Buffer.allocUnsafe(1 << 20);
	const record = (index: number, st: import('node:fs').Stats, kind: number) => {
		stats.set([kind, st.mode & 0o7777, st.size, st.uid, st.gid, st.atimeMs, st.mtimeMs], index * 7);
	};
	try {
		for (let index = 0; index < input.leaves.length; index++) {
			if (Atomics.load(control, 0) !== 0) {
				port.postMessage({cancelled: true, stats: new Float64Array(0), targets: []});
				return;
			}
			const leaf = input.leaves[index]!;
			const target = join(input.to, leaf.rel);
			if (leaf.kind === 'symlink') {
				fs.symlinkSync(leaf.target, target);
				if (input.root) fs.lchownSync(target, leaf.uid, leaf.gid);
				const st = fs.lstatSync(target);
				if (st.isSymbolicLink()) targets[index] = fs.readlinkSync(target);
				record(index, st, st.isSymbolicLink() ? 2 : st.isFile() ? 1 : 3);
				continue;
			}
			const source = fs.openSync(join(input.from, leaf.rel), O_RDONLY | O_NOFOLLOW);
			try {
				// Created with its final mode when it has no set-id bits (an owner change would clear those); the umask may
				// still take bits away: the fstat shows, and only then an fchmod.
				const direct = (leaf.mode & 0o7000) === 0;
				const output = fs.openSync(target, O_WRONLY | O_CREAT | O_EXCL, direct ? leaf.mode : 0o600);
				try {
					let total = 0;
					for (let read; (read = fs.readSync(source, buffer, 0, buffer.length, null)) > 0;) {
						for (let done = 0; done < read;) done += fs.writeSync(output, buffer, done, read - done);
						total += read;
						// A short read that reaches the size the walk saw is the end: no second read to be told so. A file
						// that grew meanwhile reads on, and the size check reports it.
						if (read < buffer.length && total === leaf.size) break;
					}
					if (input.root && (leaf.uid !== 0 || leaf.gid !== 0)) fs.fchownSync(output, leaf.uid, leaf.gid);
					// Times matter to Go's trim (unused > 5 days).
					fs.futimesSync(output, leaf.atimeMs / 1000, leaf.mtimeMs / 1000);
					let st = fs.fstatSync(output);
					if (!direct || (st.mode & 0o7777) !== leaf.mode) {
						fs.fchmodSync(output, leaf.mode);
						st = fs.fstatSync(output);
					}
					record(index, st, 1);
				} finally {
					fs.closeSync(output);
				}
			} finally {
				fs.closeSync(source);
			}
			counts[input.slot * 2] = counts[input.slot * 2]! + 1;
			counts[input.slot * 2 + 1] = counts[input.slot * 2 + 1]! + leaf.size;
			if (index + 1 === input.crashAt) process.kill(process.pid, 'SIGKILL');
		}
		port.postMessage({cancelled: false, stats, targets});
	} catch (error) {
		Atomics.store(control, 0, 1);
		const {message, code} = error as NodeJS.ErrnoException;
		port.postMessage({error: {message, ...(code ? {code} : {})}});
	}
}
