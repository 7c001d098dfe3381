import {mkdir, rmdir, stat} from 'node:fs/promises';
import path from 'node:path';
import type {
	ChangeStep,
	ChangeTarget,
	CopyProgress,
	DirectoryCopier,
	JournalEntry,
	RollbackStep,
	StepDetail,
	TargetState,
} from './contract.js';
import {markPhase} from '../phase-timing.js';
import {crashPoint} from './crash.js';
import {syncFilesystem} from './durable-fs.js';
import {JournalFailure, JournalRefusal} from './errors.js';
import {copyTreeCrashingAt, exists, isEmptyDir, removeTree, removeTreeDurable, renameDurable, sameFilesystem} from './tree.js';

/**
 * Directory steps (move-dir, put-dir, set-aside): preparing the entry, carrying it out and undoing it. Every function
 * that acts looks at the disk first and does only what is missing, so the same code applies a step, finishes one a
 * crash cut short, and undoes one whatever boundary a crash stopped it at. Working names beside the trees, all
 * derived from the change set id so a later process finds them:
 *   TO.gotune-partial-ID     a copy in progress (never taken for a finished one: renamed to TO only once verified)
 *   FROM.gotune-deleting-ID  a source being deleted (renamed away first, so FROM is never half deleted)
 *   TO.gotune-removing-ID    a tree being removed by rollback (after its data is safe elsewhere)
 *   PATH.gotune-aside-ID     a tree set aside
 */

type DirDetail = Extract<StepDetail, {kind: 'move-dir' | 'put-dir' | 'set-aside'}>;
type DirStep = Extract<ChangeStep, {kind: 'move-dir' | 'put-dir' | 'set-aside'}>;

export const partialName = (p: string, id: string) => `${p}.gotune-partial-${id}`;
export const deletingName = (p: string, id: string) => `${p}.gotune-deleting-${id}`;
export const removingName = (p: string, id: string) => `${p}.gotune-removing-${id}`;
export const asideName = (p: string, id: string) => `${p}.gotune-aside-${id}`;

const refuse = (message: string, hint?: string) => new JournalRefusal([{message, ...(hint ? {hint} : {})}]);

async function isDirectory(p: string): Promise<boolean> {
	return stat(p).then(
		info => info.isDirectory(),
		() => false,
	);
}

async function isDirectoryOrFile(p: string): Promise<boolean> {
	return stat(p).then(
		info => info.isDirectory() || info.isFile(),
		() => false,
	);
}

/** A tree's identity across renames on one filesystem. */
async function inodeOf(p: string): Promise<string | undefined> {
	return stat(p, {bigint: true}).then(
		info => `${info.dev}:${info.ino}`,
		() => undefined,
	);
}

/** The entry a directory step records, checked against the disk (nothing is written). Paths are made absolute. */
export async function prepareDirectoryStep(
	step: DirStep,
	changeSetId: string,
	cwd: string,
	view: DirectoryView,
): Promise<{target: ChangeTarget; before: TargetState; after: TargetState; detail: DirDetail}> {
	const prepared = await prepare(step, changeSetId, cwd, view);
	// Later steps of the same set see the disk as this one leaves it (put-dir after set-aside of the same path).
	const {detail} = prepared;
	if (detail.kind === 'move-dir') view.move(detail.from, detail.to);
	else if (detail.kind === 'put-dir') view.move(detail.staged, detail.to);
	else view.move(detail.path, detail.aside);
	return prepared;
}

async function prepare(
	step: DirStep,
	changeSetId: string,
	cwd: string,
	view: DirectoryView,
): Promise<{target: ChangeTarget; before: TargetState; after: TargetState; detail: DirDetail}> {
	const exists = (p: string) => view.exists(p);
	switch (step.kind) {
		case 'move-dir': {
			const from = path.resolve(cwd, step.from);
			const to = path.resolve(cwd, step.to);
			if (!(await exists(from)) || !(await isDirectory(from))) throw refuse(`${from} is not a directory: there is nothing to move`);
			if (from === to || to.startsWith(`${from}/`))
				throw refuse(`cannot move ${from} into itself (${to})`, 'Choose a destination outside the directory.');
			const toWasEmptyDir = (await exists(to)) && (await isEmptyDir(to));
			if (!toWasEmptyDir && (await exists(to)))
				throw refuse(
					`${to} already exists: gotune moves a directory only to a new (or empty) place`,
					'Choose another destination, or empty it first.',
				);
			const sameFs = await sameFilesystem(from, to);
			return {
				target: {kind: 'directory', path: from},
				before: {present: true, value: from},
				after: {present: true, value: to},
				detail: {kind: 'move-dir', from, to, keepSource: step.keepSource === true, sameFs, toWasEmptyDir},
			};
		}
		case 'put-dir': {
			const staged = path.resolve(cwd, step.staged);
			const to = path.resolve(cwd, step.to);
			// A tree, or one file (a tool built into a staging GOBIN): both are put in place by one rename.
			if (!(await exists(staged)) || !(await isDirectoryOrFile(staged)))
				throw refuse(`${staged} is not a directory or a file: there is nothing to put in place`);
			if (await exists(to)) throw refuse(`${to} already exists: set it aside first (a set-aside step before the put-dir step)`);
			if (!(await sameFilesystem(staged, to)))
				throw refuse(
					`${staged} is on another filesystem than ${to}: prepare the tree beside its destination so it can be renamed into place`,
				);
			const ino = (await inodeOf(staged))!;
			return {
				target: {kind: 'directory', path: to},
				before: {present: false},
				after: {present: true, value: to},
				detail: {kind: 'put-dir', staged, to, ino, ...((await isDirectory(staged)) ? {} : {file: true as const})},
			};
		}
		case 'set-aside': {
			const at = path.resolve(cwd, step.path);
			if (!(await exists(at))) throw refuse(`${at} does not exist: there is nothing to set aside`);
			const aside = asideName(at, changeSetId);
			if (await exists(aside)) throw refuse(`${aside} already exists`, 'Move it out of the way and try again.');
			return {
				target: {kind: 'directory', path: at},
				before: {present: true, value: at},
				after: {present: true, value: aside},
				detail: {kind: 'set-aside', path: at, aside, ...((await isDirectory(at)) ? {} : {file: true as const})},
			};
		}
	}
}

export type DirectoryContext = {emit: (progress: CopyProgress) => void; signal: AbortSignal; copy?: DirectoryCopier};

/** Carries out (or completes) a directory step. For a copied move, the source stays until deleteMovedSource. */
export async function forwardDirectory(detail: DirDetail, changeSetId: string, context: DirectoryContext): Promise<void> {
	switch (detail.kind) {
		case 'move-dir': {
			const {from, to, sameFs} = detail;
			if ((await exists(to)) && !(detail.toWasEmptyDir && (await isEmptyDir(to)))) return;
			if (!(await exists(from))) throw new JournalFailure(`${from} is gone: gotune cannot move it to ${to}`);
			await mkdir(path.dirname(to), {recursive: true});
			if (detail.toWasEmptyDir) await rmdir(to).catch(() => undefined);
			if (sameFs) {
				await renameDurable(from, to);
				crashPoint('after-move');
				return;
			}
			const partial = partialName(to, changeSetId);
			await removeTree(partial);
			if (context.copy === undefined) throw new JournalFailure(`no copier to move ${from} to another filesystem`);
			await context.copy(from, partial, {emit: context.emit, signal: context.signal});
			crashPoint('after-copy');
			await renameDurable(partial, to);
			markPhase('copy renamed into place (fsync dir)');
			crashPoint('after-move');
			return;
		}
		case 'put-dir': {
			if ((await inodeOf(detail.to)) === detail.ino) return;
			if (await exists(detail.to)) throw new JournalFailure(`${detail.to} appeared while gotune was putting ${detail.staged} there`);
			await renameDurable(detail.staged, detail.to);
			crashPoint('after-put');
			return;
		}
		case 'set-aside': {
			// The aside name is this set's own: once it exists, the tree was set aside (PATH may hold a new tree since).
			if (await exists(detail.aside)) return;
			await renameDurable(detail.path, detail.aside);
			crashPoint('after-aside');
			return;
		}
	}
}

/** A copied move's source is deleted once every step of its set succeeded: renamed away first, then removed. */
export function needsSourceDeletion(detail: StepDetail | undefined): detail is Extract<StepDetail, {kind: 'move-dir'}> {
	return detail?.kind === 'move-dir' && !detail.sameFs && !detail.keepSource;
}

export async function deleteMovedSource(
	detail: Extract<StepDetail, {kind: 'move-dir'}>,
	changeSetId: string,
	record: (phase: 'source-deleting' | 'source-deleted') => Promise<void>,
): Promise<void> {
	const deleting = deletingName(detail.from, changeSetId);
	if (!(await exists(detail.to))) throw new JournalFailure(`the copy of ${detail.from} at ${detail.to} is missing; the source was kept`);
	// The copy's files are on the disk before the only other copy goes (the copier writes without an fsync per file).
	await syncFilesystem(detail.to);
	markPhase('copy flushed to the disk (sync -f)');
	await record('source-deleting');
	if (await exists(detail.from)) await renameDurable(detail.from, deleting);
	markPhase('source: progress record + renamed away');
	await removeTree(deleting, () => crashPoint('mid-source-delete'));
	markPhase('source: removed');
	await record('source-deleted');
	crashPoint('after-source-delete');
}

/**
 * What the disk looks like as a rollback plan unwinds: planning runs newest step first, and a step's undo changes
 * what the next (older) step finds (a put-dir removed before its set-aside is renamed back).
 */
export class DirectoryView {
	private readonly overrides = new Map<string, boolean>();

	async exists(p: string): Promise<boolean> {
		return this.overrides.get(p) ?? exists(p);
	}

	set(p: string, present: boolean): void {
		this.overrides.set(p, present);
	}

	move(from: string, to: string): void {
		this.set(from, false);
		this.set(to, true);
	}
}

export type DirectoryUndo = {step: RollbackStep; run?: () => Promise<void>; note?: string};

/**
 * Plans undoing ENTRY on VIEW and updates VIEW as if it ran. SOURCE_DELETION says which phases of a copied move's
 * source deletion were recorded. Directory conflicts are never forced: data is never thrown away on a guess.
 */
export async function planDirectoryUndo(
	entry: JournalEntry,
	view: DirectoryView,
	phases: {deleting: boolean; deleted: boolean},
): Promise<DirectoryUndo> {
	const detail = entry.detail as DirDetail;
	const id = entry.changeSetId;
	const make = (action: RollbackStep['action'], current: TargetState, run?: () => Promise<void>, note?: string): DirectoryUndo => ({
		step: {entry, action, current},
		...(run ? {run} : {}),
		...(note ? {note} : {}),
	});
	const at = (p: string): TargetState => ({present: true, value: p});
	switch (detail.kind) {
		case 'set-aside': {
			const [here, aside] = [await view.exists(detail.path), await view.exists(detail.aside)];
			if (aside && !here) {
				view.set(detail.aside, false);
				view.set(detail.path, true);
				return make('restore', at(detail.aside), () => renameDurable(detail.aside, detail.path));
			}
			if (here && !aside) return make('already', at(detail.path));
			return make('conflict', here ? at(detail.path) : {present: false});
		}
		case 'put-dir': {
			const removing = removingName(detail.to, id);
			// Only the tree gotune put there is removed: a TO that is another tree (the put never happened) stays.
			const there = (await view.exists(detail.to)) && (await inodeOf(detail.to)) === detail.ino;
			const beingRemoved = await view.exists(removing);
			if (!beingRemoved && !there) return make('already', {present: false});
			view.set(detail.to, false);
			view.set(removing, false);
			if (beingRemoved || there)
				return make('restore', at(detail.to), () => removeTreeDurable(detail.to, removing, () => crashPoint('mid-tree-remove')));
			return make('already', {present: false});
		}
		case 'move-dir':
			return planMoveUndo(entry, detail, view, phases, make, at);
	}
}

async function planMoveUndo(
	entry: JournalEntry,
	detail: Extract<StepDetail, {kind: 'move-dir'}>,
	view: DirectoryView,
	phases: {deleting: boolean; deleted: boolean},
	make: (action: RollbackStep['action'], current: TargetState, run?: () => Promise<void>, note?: string) => DirectoryUndo,
	at: (p: string) => TargetState,
): Promise<DirectoryUndo> {
	const {from, to} = detail;
	const id = entry.changeSetId;
	const fromThere = await view.exists(from);
	// An empty destination that existed before is not "the moved tree".
	const toThere = (await view.exists(to)) && !(detail.toWasEmptyDir && (await isEmptyDir(to)));
	const removing = removingName(to, id);
	const back = partialName(from, id);
	const partial = partialName(to, id);
	const deleting = deletingName(from, id);
	const emptyAgain = async () => {
		if (detail.toWasEmptyDir && !(await exists(to))) await mkdir(to, {recursive: true});
	};
	const cleanup = async () => {
		await removeTree(partial);
		await emptyAgain();
	};
	const moved = () => {
		view.set(from, true);
		view.set(to, false);
	};

	if (detail.sameFs) {
		if (toThere && !fromThere) {
			moved();
			return make('restore', at(to), async () => {
				await renameDurable(to, from);
				await emptyAgain();
			});
		}
		if (fromThere && !toThere) return make('already', at(from), emptyAgain);
		return make('conflict', toThere ? at(to) : {present: false});
	}
	if (detail.keepSource) {
		// The source was never deleted: undoing restores the settings around it and leaves the copy (it may hold
		// anything written there since; removing it is the user's call).
		if (!fromThere) return make('conflict', toThere ? at(to) : {present: false});
		return make(
			toThere ? 'restore' : 'already',
			at(from),
			async () => removeTree(partial),
			toThere ? `the copy at ${to} was left in place` : undefined,
		);
	}
	if (await view.exists(removing)) {
		// A rollback was cut short after the data was safe at FROM (or at BACK, verified): finish it.
		moved();
		return make('restore', at(from), async () => {
			if (!(await exists(from)) && (await exists(back))) await renameDurable(back, from);
			await removeTree(removing, () => crashPoint('mid-tree-remove'));
			await removeTree(deleting);
			await cleanup();
		});
	}
	if (!fromThere && toThere) {
		moved();
		return make('restore', at(to), async () => {
			await removeTree(back);
			await copyTreeCrashingAt(to, back, {emit: () => undefined, signal: new AbortController().signal}, 'mid-copy-back');
			await syncFilesystem(back);
			// TO is renamed aside only now that BACK is a verified copy: from here on REMOVING says "the data is safe".
			await renameDurable(to, removing);
			await renameDurable(back, from);
			await removeTree(removing, () => crashPoint('mid-tree-remove'));
			await removeTree(deleting);
			await cleanup();
		});
	}
	if (fromThere && !toThere) return make('already', at(from), cleanup);
	if (fromThere && toThere) {
		// The source is intact only if its deletion never got as far as renaming it away.
		const intact = entry.status === 'interrupted' && (!phases.deleting || (!phases.deleted && !(await view.exists(deleting))));
		if (!intact) return make('conflict', at(from));
		view.set(to, false);
		return make('restore', at(to), async () => {
			await removeTreeDurable(to, removing, () => crashPoint('mid-tree-remove'));
			await cleanup();
		});
	}
	return make('conflict', {present: false});
}
