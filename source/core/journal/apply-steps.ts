import {lstat} from 'node:fs/promises';
import path from 'node:path';
import {throwIfCancelled} from '../task.js';
import type {ChangeStep, GoEnvChange, StepDetail, StepProgress, TargetState} from './contract.js';
import {markPhase} from '../phase-timing.js';
import {crashPoint} from './crash.js';
import {deleteMovedSource, DirectoryView, forwardDirectory, needsSourceDeletion, prepareDirectoryStep} from './directory-steps.js';
import {readOptionalFile, writeFileAtomic} from './durable-fs.js';
import {JournalFailure, JournalRefusal} from './errors.js';
import {readGoenvBytes} from './goenv-read.js';
import {applyState, parseEnvText, renderEnvText, sameState, valueOf} from './goenv-text.js';
import {applyBlock, blockProblem, blockState, redactSecrets, startupBlockText} from './startup-block.js';
import {appendRecord, type BeginEntry, type BeginRecord} from './store.js';
import {keyProblem, refuseIf, staticProblems} from './validate.js';

type Problem = {key?: string; message: string; hint?: string};

/** What applySteps needs from the journal around it (it runs under the journal's lock). */
export type StepsHost = {
	cwd: string;
	journalFile: string;
	requireGoenvFile(): string;
	refuseUnwritable(file: string): Promise<void>;
	/** Go's own verdict on the candidate GOENV file (see validate.ts goProblems). */
	validate(current: string | null, sets: GoEnvChange[], candidate: string, removed: string[]): Promise<Problem[]>;
	/** Undoes what of the (unmarked) set got done; resolves to the number of conflicts left. Records nothing. */
	undo(changeSetId: string): Promise<number>;
};

type Context = {emit: (event: StepProgress) => void; signal: AbortSignal};

/** How one recorded entry is carried out. */
type Action =
	| {kind: 'goenv'; file: string; text: string}
	| {kind: 'startup-block'; file: string; marker: string; before: TargetState; after: TargetState; mode?: number}
	| {
			kind: 'directory';
			detail: Extract<StepDetail, {kind: 'move-dir' | 'put-dir' | 'set-aside'}>;
			copy?: Extract<ChangeStep, {kind: 'move-dir'}>['copy'];
	  };

/**
 * journal.applySteps under the lock: prepares every step against the disk (refusing bad input before anything is
 * written), records the intent of all of them durably, carries them out in order, deletes the sources of copied moves
 * last, and marks the set applied. A failure or an abort undoes what was done and rethrows. Returns the set's id, or
 * undefined when nothing would change.
 */
export async function applyStepsLocked(
	host: StepsHost,
	changeSetId: string,
	steps: ChangeStep[],
	origin: string,
	context: Context,
): Promise<string | undefined> {
	const entries: BeginEntry[] = [];
	const actions: Action[] = [];
	const problems: Problem[] = [];
	let goenv: {file: string; before: string | null; text: ReturnType<typeof parseEnvText>} | undefined;
	const sets: GoEnvChange[] = [];
	const removed: string[] = [];
	const blockFiles = new Map<string, string | null>();
	const view = new DirectoryView();
	const nextId = () => `${changeSetId}.${entries.length + 1}`;

	for (const step of steps) {
		throwIfCancelled(context.signal, 'the change');
		if (step.kind === 'goenv') {
			const problem = step.value === null ? keyProblem(step.key) : (await staticProblems([{key: step.key, value: step.value}]))[0];
			if (problem) {
				problems.push(problem);
				continue;
			}
			if (goenv === undefined) {
				const file = host.requireGoenvFile();
				await host.refuseUnwritable(file);
				const before = await readGoenvBytes(file);
				goenv = {file, before, text: parseEnvText(before ?? '')};
			}
			const before = valueOf(goenv.text, step.key);
			const after: TargetState = step.value === null ? {present: false} : {present: true, value: step.value};
			if (sameState(before, after)) continue;
			if (step.value === null) removed.push(step.key);
			else sets.push({key: step.key, value: step.value});
			goenv.text = applyState(goenv.text, step.key, after);
			entries.push({id: nextId(), target: {kind: 'goenv', key: step.key}, before, after});
			actions.push({kind: 'goenv', file: goenv.file, text: renderEnvText(goenv.text)});
		} else if (step.kind === 'startup-block') {
			const file = path.resolve(host.cwd, step.path);
			const problem = blockProblem(step.marker, step.lines);
			if (problem) {
				problems.push({message: `${file}: ${problem}`});
				continue;
			}
			const content = blockFiles.has(file) ? blockFiles.get(file)! : await readOptionalFile(file, 'latin1');
			const before = blockState(content, step.marker);
			const after: TargetState = {present: true, value: startupBlockText(step.marker, step.lines)};
			if (sameState(before, after)) continue;
			if (step.secret && before.present) {
				// The old block's secret was never recorded, so replacing it could not be undone.
				problems.push({
					message: `${file}: a gotune block "${step.marker}" is already there; roll back the change set that added it (gotune history shows it) and run again`,
				});
				continue;
			}
			const edit = applyBlock(content, step.marker, before, after);
			blockFiles.set(file, edit.next);
			entries.push({
				id: nextId(),
				target: {kind: 'startup-block', path: file, marker: step.marker},
				before,
				after: step.secret ? {present: true, value: redactSecrets(after.value), redacted: true} : after,
				detail: {
					kind: 'startup-block',
					createdFile: content === null,
					addedNewline: edit.addedNewline,
					...(content === null ? {createdDirs: await missingDirs(path.dirname(file))} : {}),
				},
			});
			actions.push({
				kind: 'startup-block',
				file,
				marker: step.marker,
				before,
				after,
				...(step.mode === undefined ? {} : {mode: step.mode}),
			});
		} else {
			const prepared = await prepareDirectoryStep(step, changeSetId, host.cwd, view);
			entries.push({id: nextId(), ...prepared});
			actions.push({kind: 'directory', detail: prepared.detail, ...(step.kind === 'move-dir' ? {copy: step.copy} : {})});
		}
	}
	refuseIf(problems);
	markPhase('journal: steps prepared (under the lock)');
	if (entries.length === 0) return undefined;
	if (goenv !== undefined && (sets.length > 0 || removed.length > 0)) {
		refuseIf(await host.validate(goenv.before, sets, renderEnvText(goenv.text), removed));
	}

	markPhase('journal: GOENV candidate validated by go');
	crashPoint('before-journal');
	const begin: BeginRecord = {
		type: 'begin',
		changeSetId,
		time: new Date().toISOString(),
		origin,
		pid: process.pid,
		...(goenv ? {goenv: {file: goenv.file, before: goenv.before, after: renderEnvText(goenv.text), encoding: 'latin1' as const}} : {}),
		entries,
	};
	await appendRecord(host.journalFile, begin);
	markPhase('journal: begin record (fsync)');
	crashPoint('steps-after-journal');
	const of = entries.length;
	try {
		for (const [index, action] of actions.entries()) {
			throwIfCancelled(context.signal, 'the change');
			const kind = stepKind(action);
			context.emit({step: index + 1, of, kind});
			await runAction(action, changeSetId, {
				emit: copy => context.emit({step: index + 1, of, kind, copy}),
				signal: context.signal,
			});
			markPhase(`journal: step ${index + 1} ${kind} done`);
		}
		await deleteSources(host.journalFile, changeSetId, entries, (index, copy) =>
			context.emit({step: index + 1, of, kind: 'move-dir', ...(copy ? {copy} : {})}),
		);
		markPhase('journal: sources deleted');
		crashPoint('steps-before-mark');
		await appendRecord(host.journalFile, {type: 'applied', changeSetId, time: new Date().toISOString()});
		markPhase('journal: applied record (fsync)');
		return changeSetId;
	} catch (error) {
		await undoAfterFailure(host, changeSetId, error as Error);
		throw error;
	}
}

/** A step failed or was cancelled: undo what was done. Clean: the set never happened (abandoned); else it stays interrupted. */
async function undoAfterFailure(host: StepsHost, changeSetId: string, error: Error): Promise<void> {
	let conflicts: number;
	try {
		conflicts = await host.undo(changeSetId);
	} catch (undoError) {
		throw new JournalFailure(
			`${error.message}; undoing the steps already done failed too (${(undoError as Error).message}). gotune doctor shows change set ${changeSetId}; gotune rollback --to ${changeSetId} retries.`,
		);
	}
	if (conflicts > 0) {
		throw new JournalFailure(
			`${error.message}; ${conflicts} of the steps already done could not be undone (changed meanwhile). gotune rollback --to ${changeSetId} shows them.`,
		);
	}
	await appendRecord(host.journalFile, {
		type: 'abandoned',
		changeSetId,
		time: new Date().toISOString(),
		reason: `undone after: ${error.message}`,
	});
}

function stepKind(action: Action): ChangeStep['kind'] {
	return action.kind === 'directory' ? action.detail.kind : action.kind;
}

async function runAction(
	action: Action,
	changeSetId: string,
	context: {emit: (copy: NonNullable<StepProgress['copy']>) => void; signal: AbortSignal},
): Promise<void> {
	switch (action.kind) {
		case 'goenv':
			await writeFileAtomic(action.file, action.text, {encoding: 'latin1'});
			crashPoint('after-goenv-step');
			return;
		case 'startup-block':
			await writeStartupBlock(action.file, action.marker, action.before, action.after, action.mode);
			return;
		case 'directory':
			await forwardDirectory(action.detail, changeSetId, {
				emit: context.emit,
				signal: context.signal,
				...(action.copy ? {copy: action.copy} : {}),
			});
	}
}

/** Adds (or completes) a block; a block edited since it was planned is a conflict: nothing is written then. */
export async function writeStartupBlock(
	file: string,
	marker: string,
	before: TargetState,
	after: TargetState,
	mode?: number,
): Promise<void> {
	const content = await readOptionalFile(file, 'latin1');
	const edit = applyBlock(content, marker, before, after);
	if (edit.action === 'conflict')
		throw new JournalRefusal([
			{message: `${file}: the gotune block "${marker}" was changed by someone else meanwhile; nothing was written to it`},
		]);
	// finish after a crash has only the record: a secret block's secret is not in it, so it cannot be written.
	if (edit.action === 'restore' && after.present && after.redacted)
		throw new JournalRefusal([
			{
				message: `${file}: the gotune block "${marker}" holds a secret the journal never recorded, so it cannot be completed`,
				hint: 'Roll this change set back (gotune rollback --to ID) and run the fix again.',
			},
		]);
	if (edit.action === 'restore' && edit.next !== null)
		await writeFileAtomic(file, edit.next, {encoding: 'latin1', ...(mode === undefined ? {} : {mode})});
	crashPoint('after-block-write');
}

/** Deletes the sources of copied moves, once every step succeeded; each deletion is recorded before it starts. */
export async function deleteSources(
	journalFile: string,
	changeSetId: string,
	entries: BeginEntry[],
	emit: (index: number, copy?: StepProgress['copy']) => void,
): Promise<void> {
	for (const [index, entry] of entries.entries()) {
		if (!needsSourceDeletion(entry.detail)) continue;
		emit(index, {phase: 'delete', files: 0, totalFiles: 0, bytes: 0, totalBytes: 0});
		await deleteMovedSource(entry.detail, changeSetId, phase =>
			appendRecord(journalFile, {type: 'progress', changeSetId, entryId: entry.id, phase, time: new Date().toISOString()}),
		);
	}
}

/** DIR and its ancestors that do not exist yet, outermost first: what writing a file in DIR will create. */
async function missingDirs(dir: string): Promise<string[]> {
	const missing: string[] = [];
	for (let current = dir; ; current = path.dirname(current)) {
		const present = await lstat(current).then(
			() => true,
			() => false,
		);
		if (present || path.dirname(current) === current) break;
		missing.unshift(current);
	}
	return missing;
}
