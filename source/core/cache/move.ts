import {stat} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../env.js';
import type {ChangeSet, ChangeStep, CopyProgress, DirectoryCopier, Journal} from '../journal/contract.js';
import {markPhase} from '../phase-timing.js';
import type {Task} from '../task.js';
import {createCacheCopier, type CacheCopier} from './copier.js';
import type {CacheLocation} from './inspect.js';
import {CACHE_KEY, type CacheKind} from './kinds.js';
import {linkedCacheDir} from './link.js';
import {checkTarget, type TargetCheck} from './refusals.js';
import {scanTree, type TreeEntry} from './walk.js';

export type MoveRequest = {kind: CacheKind; to: string};

export type PlannedMove = TargetCheck & {
	kind: CacheKind;
	key: 'GOCACHE' | 'GOMODCACHE';
	/** The directory that moves: the setting's path, or where it leads when it is a symbolic link (then `link`). */
	from: string;
	/** The setting names a symbolic link to `from`: the data moves, the link stays behind (pointing at the old place). */
	link?: string;
	sourceExists: boolean;
	files: number;
	bytes: number;
	allocatedBytes: number;
	/** The source as counted (directories first): the copy starts from it instead of walking the tree again. */
	listing?: TreeEntry[];
};

export type MovePlan = {moves: PlannedMove[]; keepSource: boolean; refusals: string[]};

export type MoveEvent =
	| {type: 'counting'; kind: CacheKind; files: number; bytes: number}
	| {type: 'step'; step: number; of: number; kind: CacheKind; action: ChangeStep['kind']}
	| {type: 'copy'; kind: CacheKind; progress: CopyProgress; elapsedMs: number};

export type MoveResult = {
	changeSet: ChangeSet | undefined;
	moves: Array<{kind: CacheKind; from: string; to: string; method: PlannedMove['method']; files: number; bytes: number; ms: number}>;
};

/** Counts each source and checks each target; nothing is touched. `refusals` lists every reason to stop (exit 2). */
export const planMoves: Task<
	{requests: MoveRequest[]; locations: Record<CacheKind, CacheLocation>; keepSource: boolean; env: Env; cwd: string},
	MoveEvent,
	MovePlan
> = async ({requests, locations, keepSource, env, cwd}, {emit, signal}) => {
	const moves: PlannedMove[] = [];
	const refusals: string[] = [];
	for (const request of requests) {
		const location = locations[request.kind];
		const key = CACHE_KEY[request.kind];
		const to = path.resolve(cwd, request.to);
		const linkTarget = location.unusable ? undefined : await linkedCacheDir(location.path);
		const from = linkTarget ?? location.path;
		const sourceExists =
			!location.unusable &&
			(await stat(from).then(
				st => st.isDirectory(),
				() => false,
			));
		// Kept for the copy (one walk, not two); synchronous while the metadata answers from memory (see scanTree).
		const scanned = sourceExists
			? await scanTree(from, {
					signal,
					sync: 'auto',
					onProgress: p => emit({type: 'counting', kind: request.kind, files: p.files, bytes: p.bytes}),
				})
			: undefined;
		markPhase(`plan: ${request.kind} counted`);
		const totals = scanned?.totals ?? {files: 0, bytes: 0, allocated: 0};
		const otherKind: CacheKind = request.kind === 'gocache' ? 'gomodcache' : 'gocache';
		const otherRequest = requests.find(r => r.kind === otherKind);
		const other = otherRequest ? path.resolve(cwd, otherRequest.to) : locations[otherKind].unusable ? undefined : locations[otherKind].path;
		const check = await checkTarget({
			kind: request.kind,
			from: location.unusable ? to : from,
			to,
			allocatedBytes: totals.allocated,
			sourceExists,
			keepSource,
			env,
			other,
		});
		refusals.push(...check.refusals.map(reason => `${key}: ${reason}`));
		moves.push({
			...check,
			kind: request.kind,
			key,
			from,
			...(linkTarget ? {link: location.path} : {}),
			sourceExists,
			files: totals.files,
			bytes: totals.bytes,
			allocatedBytes: totals.allocated,
			...(scanned && check.method === 'copy' ? {listing: scanned.entries} : {}),
		});
	}
	return {moves, keepSource, refusals};
};

/**
 * Runs an allowed plan as ONE journal change set: for each cache a move-dir step (same filesystem: the journal renames;
 * otherwise COPIER copies and verifies, and the journal deletes the source only after the whole set succeeded, unless
 * keepSource) followed by the goenv step that points go at the new place. Rollback of the set moves the data back.
 */
export const runMoves: Task<{plan: MovePlan; journal: Journal; origin: string; copier?: CacheCopier}, MoveEvent, MoveResult> = async (
	{plan, journal, origin, copier = createCacheCopier()},
	{emit, signal},
) => {
	if (plan.refusals.length > 0) throw new Error(`refused: ${plan.refusals.join('; ')}`);
	const steps: ChangeStep[] = [];
	const owner: CacheKind[] = [];
	const copyMs = new Map<CacheKind, number>();
	for (const move of plan.moves) {
		if (move.method !== 'switch') {
			// The copy reports its own progress and time, whichever way the journal forwards them.
			const copy: DirectoryCopier = async (from, to, context) => {
				const began = performance.now();
				await copier(from, to, {
					signal: context.signal,
					...(move.listing ? {listing: move.listing} : {}),
					emit: progress => {
						context.emit(progress);
						emit({type: 'copy', kind: move.kind, progress, elapsedMs: performance.now() - began});
					},
				});
				copyMs.set(move.kind, performance.now() - began);
			};
			steps.push({kind: 'move-dir', from: move.from, to: move.to, keepSource: plan.keepSource, copy});
			owner.push(move.kind);
		}
		steps.push({kind: 'goenv', key: move.key, value: move.to});
		owner.push(move.kind);
	}
	const started = new Map<CacheKind, number>();
	const finished = new Map<CacheKind, number>();
	let current: {index: number; kind: CacheKind} | undefined;
	const now = () => performance.now();
	const began = now();
	const changeSet = await journal.applySteps(steps, origin, {
		signal,
		emit: event => {
			const index = event.step - 1 >= 0 && event.step - 1 < owner.length ? event.step - 1 : event.step;
			const kind = owner[index] ?? owner[owner.length - 1]!;
			if (current?.index !== index) {
				if (current && current.kind !== kind) finished.set(current.kind, now());
				if (!started.has(kind)) started.set(kind, now());
				current = {index, kind};
				emit({type: 'step', step: event.step, of: event.of, kind, action: event.kind});
			}
		},
	});
	const end = now();
	return {
		changeSet,
		moves: plan.moves.map(move => ({
			kind: move.kind,
			from: move.from,
			to: move.to,
			method: move.method,
			files: move.method === 'switch' ? 0 : move.files,
			bytes: move.method === 'switch' ? 0 : move.bytes,
			// A copy's own time; otherwise the window between this cache's step events (the whole set when it is alone).
			ms: Math.round(
				copyMs.get(move.kind) ??
					(plan.moves.length === 1 ? end - began : (finished.get(move.kind) ?? end) - (started.get(move.kind) ?? began)),
			),
		})),
	};
};
