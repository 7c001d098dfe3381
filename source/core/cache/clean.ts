import path from 'node:path';
import type {GoAdapter} from '../go-adapter.js';
import {goError} from '../go-adapter.js';
import type {Task} from '../task.js';
import {throwIfCancelled} from '../task.js';
import {locateCaches, measureCache, type CacheLocation} from './inspect.js';

export const CLEAN_KINDS = ['cache', 'modcache', 'testcache', 'fuzzcache'] as const;
export type CleanKind = (typeof CLEAN_KINDS)[number];

/** What each go clean flag removes (go-build-cache.md "What go clean removes"), for the confirmation question. */
export const CLEAN_EFFECT: Record<CleanKind, string> = {
	cache:
		'removes every build-cache entry (the 00..ff directories); keeps README, trim.txt, testexpire.txt and the fuzz corpus. The next build of everything is cold.',
	modcache:
		'removes the whole module cache (downloads, extracted modules, VCS clones, downloaded toolchains); they are downloaded again when needed.',
	testcache: 'deletes nothing: it marks every cached test result as expired, so the next go test runs the tests again.',
	fuzzcache: 'removes the fuzz corpus cache ($GOCACHE/fuzz), the inputs fuzzing found that expanded coverage.',
};

export type CleanTarget = {kind: CleanKind; path: string; location: CacheLocation};

export type CleanEvent = {type: 'counting'; phase: 'before' | 'after'; files: number; bytes: number} | {type: 'cleaning'};

export type CleanResult = {
	kind: CleanKind;
	path: string;
	before: {bytes: number | null; files: number | null};
	after: {bytes: number | null; files: number | null};
	ms: number;
};

/** The directory a flag acts on: GOMODCACHE, $GOCACHE/fuzz, or GOCACHE. */
export async function cleanTarget(go: GoAdapter, kind: CleanKind): Promise<CleanTarget> {
	const locations = await locateCaches(go);
	const location = kind === 'modcache' ? locations.gomodcache : locations.gocache;
	if (location.unusable) throw new Error(location.unusable);
	const dir = kind === 'fuzzcache' ? path.join(location.path, 'fuzz') : location.path;
	return {kind, path: dir, location: {...location, path: dir}};
}

/** Counts (unless BEFORE was just counted for the confirmation), runs `go clean -KIND`, counts again: sizes before and after come from the disk, not from go's word. */
export const cleanCache: Task<{go: GoAdapter; target: CleanTarget; before?: CleanResult['before']}, CleanEvent, CleanResult> = async (
	{go, target, before: counted},
	{emit, signal},
) => {
	const count = async (phase: 'before' | 'after') => {
		const report = await measureCache(target.location, {
			signal,
			onProgress: (files, bytes) => emit({type: 'counting', phase, files, bytes}),
		});
		return {bytes: report.bytes, files: report.files};
	};
	const before = counted ?? (await count('before'));
	throwIfCancelled(signal, 'cleaning');
	emit({type: 'cleaning'});
	const started = performance.now();
	const run = await go.run(['clean', `-${target.kind}`], {signal, timeoutMs: 10 * 60_000});
	const ms = Math.round(performance.now() - started);
	throwIfCancelled(signal, 'cleaning');
	if (run.exitCode !== 0) throw new Error(`go clean -${target.kind} failed: ${goError(run)}`);
	const after = await count('after');
	return {kind: target.kind, path: target.path, before, after, ms};
};
