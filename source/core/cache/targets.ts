import {randomBytes} from 'node:crypto';
import {mkdtemp, open, readFile, rm, statfs, unlink} from 'node:fs/promises';
import path from 'node:path';
import type {Task} from '../task.js';
import {throwIfCancelled} from '../task.js';
import {isNetworkFs, isPseudoFs, mountFor, nearestExisting, readMounts} from './filesystems.js';
import type {CacheKind} from './kinds.js';
import {spaceNeeded} from './refusals.js';

export type Candidate = {
	path: string;
	/** default: go's own default location; mount: a mounted filesystem with room; typed: entered by the user. */
	origin: 'default' | 'mount' | 'typed';
	mountPoint: string;
	filesystem: string;
	freeBytes: number;
	/** Free space covers the cache plus a margin. */
	fits: boolean;
};

export type DiskBenchmark = {
	path: string;
	/** Small-file operations (create+write+fsync, read, delete) per second; null when the benchmark failed. */
	opsPerSecond: number | null;
	files: number;
	ms: number;
	error?: string;
};

/**
 * Where the cache could go: the default location and every writable, local, real filesystem with room. WITHIN (the
 * sandbox of --sandbox) keeps the offers inside it: a sandbox never proposes to write outside its directory (a path
 * typed by the user is still checked and accepted).
 */
export async function listCandidates(input: {
	kind: CacheKind;
	currentPath: string;
	defaultPath: string | undefined;
	allocatedBytes: number;
	within?: string;
}): Promise<Candidate[]> {
	const mounts = await readMounts();
	const need = spaceNeeded(input.allocatedBytes);
	const candidates: Candidate[] = [];
	const seen = new Set<string>();
	const currentMount = mountFor(mounts, path.resolve(input.currentPath))?.mountPoint;
	const within = input.within === undefined ? undefined : path.resolve(input.within);
	const add = async (dir: string, origin: Candidate['origin']) => {
		if (seen.has(dir) || dir === input.currentPath) return;
		if (within !== undefined && dir !== within && !dir.startsWith(`${within}/`)) return;
		const existing = await nearestExisting(dir);
		const mount = mountFor(mounts, existing);
		const stats = await statfs(existing).catch(() => undefined);
		if (stats === undefined) return;
		seen.add(dir);
		const freeBytes = stats.bavail * stats.bsize;
		candidates.push({
			path: dir,
			origin,
			mountPoint: mount?.mountPoint ?? '/',
			filesystem: mount?.type ?? 'unknown',
			freeBytes,
			fits: freeBytes >= need,
		});
	};
	if (input.defaultPath) await add(input.defaultPath, 'default');
	const leaf = input.kind === 'gocache' ? 'go-build' : 'gomodcache';
	for (const mount of mounts) {
		if (isPseudoFs(mount.type) || mount.options.includes('ro') || mount.mountPoint === currentMount) continue;
		if (input.kind === 'gocache' && isNetworkFs(mount.type)) continue;
		if (/^\/(proc|sys|dev(?!\/shm)|run\/user\/\d+\/(doc|gvfs)|mnt\/sandboxing)(\/|$)/.test(mount.mountPoint) || mount.type === 'cgroup')
			continue;
		const stats = await statfs(mount.mountPoint).catch(() => undefined);
		if (!stats || stats.bavail * stats.bsize < need) continue;
		await add(path.join(mount.mountPoint, leaf), 'mount');
	}
	return candidates;
}

/** One file of a build cache's typical sizes: action entries are 175 bytes, outputs mostly a few kB. */
const SIZES = [175, 4096, 175, 16_384, 175, 1024];

/**
 * A bounded small-file benchmark in DIR's nearest existing directory: files created, written, fsynced, read back and
 * deleted, as a build cache does, until BUDGETMS runs out. Its temporary directory is always removed.
 */
export async function benchmarkDisk(dir: string, {budgetMs, signal}: {budgetMs: number; signal: AbortSignal}): Promise<DiskBenchmark> {
	const base = await nearestExisting(dir);
	const started = performance.now();
	let scratch: string | undefined;
	let files = 0;
	try {
		scratch = await mkdtemp(path.join(base, '.gotune-bench-'));
		const payload = randomBytes(16_384);
		while (performance.now() - started < budgetMs) {
			throwIfCancelled(signal, 'the disk benchmark');
			const size = SIZES[files % SIZES.length]!;
			const file = path.join(scratch, `${files.toString(16).padStart(4, '0')}-d`);
			const handle = await open(file, 'wx');
			try {
				await handle.write(payload, 0, size);
				await handle.sync();
			} finally {
				await handle.close();
			}
			const back = await readFile(file);
			if (back.length !== size) throw new Error(`read ${back.length} bytes back, wrote ${size}`);
			await unlink(file);
			files++;
		}
		const ms = performance.now() - started;
		return {path: dir, opsPerSecond: files / (ms / 1000), files, ms: Math.round(ms)};
	} catch (error) {
		if (signal.aborted) throw error;
		return {path: dir, opsPerSecond: null, files, ms: Math.round(performance.now() - started), error: (error as Error).message};
	} finally {
		if (scratch) await rm(scratch, {recursive: true, force: true}).catch(() => undefined);
	}
}

export type BenchmarkEvent = {type: 'benchmarked'; result: DiskBenchmark; index: number; of: number};

/** Benchmarks every candidate within about TOTALMS altogether (5 s by default), one after the other. */
export const benchmarkCandidates: Task<{paths: string[]; totalMs?: number}, BenchmarkEvent, DiskBenchmark[]> = async (
	{paths, totalMs = 5000},
	{emit, signal},
) => {
	const budgetMs = paths.length === 0 ? 0 : Math.max(100, Math.floor(totalMs / paths.length));
	const results: DiskBenchmark[] = [];
	for (const [index, dir] of paths.entries()) {
		const result = await benchmarkDisk(dir, {budgetMs, signal});
		results.push(result);
		emit({type: 'benchmarked', result, index, of: paths.length});
	}
	return results;
};
