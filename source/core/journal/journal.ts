import {watch as watchFs} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty} from '../env.js';
import {goEnvFileLocation} from '../paths.js';
import type {Runtime} from '../runtime.js';
import {resolveGo} from '../go-resolver.js';
import type {
	ChangeSet,
	ChangeStep,
	ChangeTarget,
	GoEnvChange,
	Journal,
	PlannedChange,
	RollbackPlan,
	RollbackResult,
	RollbackSelection,
	RollbackStep,
	StepProgress,
	TargetState,
} from './contract.js';
import {applyStepsLocked, deleteSources, writeStartupBlock} from './apply-steps.js';
import {DirectoryView, forwardDirectory, planDirectoryUndo, type DirectoryUndo} from './directory-steps.js';
import {copyTree} from './tree.js';
import {markPhase} from '../phase-timing.js';
import {crashPoint} from './crash.js';
import {
	readOptionalFile,
	removeEmptyDirs,
	removeFileDurable,
	removeOrphanTempFiles,
	writableLikeGo,
	writeFileAtomic,
} from './durable-fs.js';
import {JournalFailure, JournalRefusal} from './errors.js';
import {readGoenvBytes} from './goenv-read.js';
import {applyState, parseEnvText, recordedTexts, renderEnvText, sameState, setValue, valueOf} from './goenv-text.js';
import {DEFAULT_LOCK_TIMEOUT_MS, isAlive, readLockHolder, withLock} from './lock.js';
import {foldRecords, isLive, nextChangeSetId, progressKey, type ChangeSetState} from './model.js';
import {fileState, planRollbackSteps, type FileContents} from './rollback-plan.js';
import {JOURNAL_FILE_NAME, journalDir} from './location.js';
import {appendRecord, readJournal, readRecords, type BeginRecord} from './store.js';
import {goProblems, gorootProblem, refuseIf, staticProblems, VALIDATE_TIMEOUT_MS} from './validate.js';

export function openJournal(runtime: Runtime, options: {lockTimeoutMs?: number} = {}): Journal {
	const dir = journalDir(runtime.gotuneHome);
	const location = goEnvFileLocation(runtime.env);
	const fromEnv = Number(nonEmpty(runtime.env, 'GOTUNE_LOCK_TIMEOUT_MS'));
	const lockTimeoutMs = options.lockTimeoutMs ?? (Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : DEFAULT_LOCK_TIMEOUT_MS);
	// A relative GOENV (GOENV=.goenv) is recorded as the absolute path it means now: a rollback run from another
	// directory must edit the file gotune wrote, not one of the same name there.
	const goenvFile = location.kind === 'file' ? path.resolve(runtime.cwd, location.path) : undefined;
	return new FileJournal(runtime, dir, goenvFile, location.kind, lockTimeoutMs);
}

class FileJournal implements Journal {
	readonly journalFile: string;
	private readonly lockFile: string;

	constructor(
		private readonly runtime: Runtime,
		private readonly dir: string,
		readonly goenvFile: string | undefined,
		private readonly goenvKind: 'file' | 'off' | 'unknown',
		private readonly lockTimeoutMs: number,
	) {
		this.journalFile = path.join(dir, JOURNAL_FILE_NAME);
		this.lockFile = path.join(dir, 'lock');
	}

	async changeSets(): Promise<ChangeSet[]> {
		return (await this.load()).map(stripBegin);
	}

	async entries() {
		return (await this.changeSets()).flatMap(set => set.entries);
	}

	async damaged() {
		return (await readJournal(this.journalFile)).damaged;
	}

	async interrupted(): Promise<ChangeSet[]> {
		return (await this.changeSets()).filter(set => set.status === 'interrupted');
	}

	async plan(changes: GoEnvChange[]): Promise<PlannedChange[]> {
		const file = this.requireGoenvFile();
		refuseIf(await staticProblems(changes));
		const current = await readGoenvBytes(file);
		const text = parseEnvText(current ?? '');
		const planned = changes.map(({key, value}) => {
			const before = valueOf(text, key);
			const after: TargetState = {present: true, value};
			const shadow = nonEmpty(this.runtime.env, key);
			return {
				key,
				before,
				after,
				unchanged: sameState(before, after),
				...(shadow !== undefined && shadow !== value ? {shadowedBy: shadow} : {}),
			};
		});
		const changing = changes.filter((_, i) => !planned[i]!.unchanged);
		if (changing.length > 0) await this.refuseUnwritable(file);
		if (changing.length > 0) refuseIf(await this.goValidate(current, changing));
		return planned;
	}

	async apply(changes: GoEnvChange[], origin: string): Promise<ChangeSet | undefined> {
		const file = this.requireGoenvFile();
		refuseIf(await staticProblems(changes));
		return this.locked(async () => {
			const current = await readGoenvBytes(file);
			let text = parseEnvText(current ?? '');
			const changing = changes.filter(({key, value}) => !sameState(valueOf(text, key), {present: true, value}));
			if (changing.length === 0) return undefined;
			await this.refuseUnwritable(file);
			const records = await readRecords(this.journalFile);
			const changeSetId = nextChangeSetId(records);
			const entries = changing.map(({key, value}, index) => ({
				id: `${changeSetId}.${index + 1}`,
				target: {kind: 'goenv', key} as ChangeTarget,
				before: valueOf(text, key),
				after: {present: true, value} as TargetState,
			}));
			for (const {key, value} of changing) text = setValue(text, key, value);
			const after = renderEnvText(text);
			refuseIf(await this.goValidate(current, changing, after));

			crashPoint('before-journal');
			const begin: BeginRecord = {
				type: 'begin',
				changeSetId,
				time: new Date().toISOString(),
				origin,
				pid: process.pid,
				goenv: {file, before: current, after, encoding: 'latin1'},
				entries,
			};
			await appendRecord(this.journalFile, begin);
			crashPoint('after-journal');
			try {
				await writeFileAtomic(file, after, {encoding: 'latin1'});
			} catch (error) {
				// Nothing was replaced (the rename is the only step that changes the file): say so in the journal too,
				// so the next gotune does not report an interrupted change.
				await appendRecord(this.journalFile, {
					type: 'abandoned',
					changeSetId,
					time: new Date().toISOString(),
					reason: (error as Error).message,
				});
				throw new JournalFailure(
					`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was changed. Check that you can write to it and its directory.`,
				);
			}
			crashPoint('after-file-write');
			if ((await readOptionalFile(file, 'latin1')) !== after)
				throw new JournalFailure(`${file} changed while gotune was writing it; run gotune history to see what was recorded`);
			crashPoint('before-mark');
			await appendRecord(this.journalFile, {type: 'applied', changeSetId, time: new Date().toISOString()});
			return this.findSet(changeSetId);
		});
	}

	async applyExternal<T>(
		target: ChangeTarget | ChangeTarget[],
		origin: string,
		run: () => Promise<T>,
		options: {undoIf?: (error: unknown) => boolean} = {},
	): Promise<{result: T; changeSet?: ChangeSet}> {
		// Several files one program may change (go get: go.mod and go.sum) are one change set, undone together.
		const targets = Array.isArray(target) ? target : [target];
		if (targets.some(t => t.kind !== 'file')) throw new JournalFailure('GOENV keys are written by journal.apply, not by external programs');
		const files = targets.map(t => path.resolve(this.runtime.cwd, (t as {path: string}).path));
		return this.locked(async () => {
			const records = await readRecords(this.journalFile);
			const changeSetId = nextChangeSetId(records);
			const entries = await Promise.all(
				files.map(async (file, index) => ({
					id: `${changeSetId}.${index + 1}`,
					target: {kind: 'file' as const, path: file},
					before: fileState(await readOptionalFile(file)),
				})),
			);
			await appendRecord(this.journalFile, {type: 'begin', changeSetId, time: new Date().toISOString(), origin, pid: process.pid, entries});
			let result: T;
			try {
				result = await run();
			} catch (error) {
				if (options.undoIf?.(error)) await this.putBackExternal(changeSetId, entries, (error as Error).message);
				else await this.settleExternal(changeSetId, entries, `the command failed: ${(error as Error).message}`);
				throw error;
			}
			const changed = await this.settleExternal(changeSetId, entries, 'the command changed nothing');
			return changed ? {result, changeSet: await this.findSet(changeSetId)} : {result};
		});
	}

	async applySteps(
		steps: ChangeStep[],
		origin: string,
		context: {emit?: (event: StepProgress) => void; signal?: AbortSignal} = {},
	): Promise<ChangeSet | undefined> {
		const emit = context.emit ?? (() => undefined);
		const signal = context.signal ?? new AbortController().signal;
		return this.locked(async () => {
			markPhase('journal: locked');
			const changeSetId = nextChangeSetId(await readRecords(this.journalFile));
			const done = await applyStepsLocked(
				{
					cwd: this.runtime.cwd,
					journalFile: this.journalFile,
					requireGoenvFile: () => this.requireGoenvFile(),
					refuseUnwritable: file => this.refuseUnwritable(file),
					validate: (current, sets, candidate, removed) => this.goValidate(current, sets, candidate, removed),
					undo: async id => {
						// The set is this process's own, not yet marked: fold without the "in progress" filter.
						const set = foldRecords(await readRecords(this.journalFile), () => false).find(s => s.id === id);
						if (set === undefined) return 0;
						const plan = await this.planUndo([set], false);
						await this.executeUndo(plan);
						return plan.steps.filter(step => step.action === 'conflict').length;
					},
				},
				changeSetId,
				steps,
				origin,
				{emit, signal},
			);
			return done === undefined ? undefined : this.findSet(done);
		});
	}

	async planRollback(selection: RollbackSelection, options: {force?: boolean} = {}): Promise<RollbackPlan> {
		const sets = select(await this.load(), selection);
		const {steps} = await this.planUndo(sets, options.force === true);
		return {changeSets: sets.map(stripBegin), steps, conflicts: steps.filter(step => step.action === 'conflict')};
	}

	async rollback(selection: RollbackSelection, options: {force?: boolean} = {}): Promise<RollbackResult> {
		const force = options.force === true;
		return this.locked(async () => {
			const sets = select(await this.load(), selection);
			const plan = await this.planUndo(sets, force);
			const record = async (steps: RollbackStep[]) => {
				if (steps.length > 0)
					await appendRecord(this.journalFile, {
						type: 'rolled-back',
						time: new Date().toISOString(),
						entryIds: steps.map(s => s.entry.id),
						...(force ? {forced: true} : {}),
					});
			};
			const done = await this.executeUndo(plan, record);
			const conflicts = plan.steps.filter(step => step.action === 'conflict');
			return {
				changeSets: sets.map(stripBegin),
				steps: plan.steps,
				conflicts,
				rolledBack: done.map(s => ({...s.entry, status: 'rolled-back' as const})),
				forced: force,
			};
		});
	}

	/**
	 * Works out how to undo SETS (newest first) against the disk as it is now: settings files in memory, start-up
	 * blocks in memory, directory steps newest first on a view of the disk that follows the plan.
	 */
	private async planUndo(sets: ChangeSetState[], force: boolean): Promise<UndoPlan> {
		const {files, goenvFiles} = await this.readFiles(sets);
		const blocks: FileContents = new Map();
		for (const set of sets) for (const entry of set.entries) if (entry.target.kind === 'startup-block') blocks.set(entry.target.path, null);
		for (const file of blocks.keys()) blocks.set(file, await readOptionalFile(file, 'latin1'));
		const planned = planRollbackSteps(sets, files, force, blocks);
		const view = new DirectoryView();
		const directories: DirectoryUndo[] = [];
		for (const set of sets) {
			for (const entry of [...set.entries].reverse()) {
				if (entry.target.kind !== 'directory' || entry.status === 'rolled-back' || entry.detail === undefined) continue;
				const phases = {
					deleting: set.progress.has(progressKey(entry.id, 'source-deleting')),
					deleted: set.progress.has(progressKey(entry.id, 'source-deleted')),
				};
				directories.push(await planDirectoryUndo(entry, view, phases));
			}
		}
		return {
			steps: [...planned.steps, ...directories.map(d => d.step)],
			files,
			goenvFiles,
			next: planned.files,
			blocks,
			nextBlocks: planned.blocks,
			directories,
			force,
		};
	}

	/**
	 * Carries out PLAN: settings and start-up files first (each an atomic replace), then directories in plan order.
	 * Entries are recorded as undone only after their target holds the previous state again: a crash in between leaves
	 * entries the next rollback recognises as "already" done. Directory conflicts are never forced.
	 */
	private async executeUndo(
		plan: UndoPlan,
		record: (steps: RollbackStep[]) => Promise<void> = async () => undefined,
	): Promise<RollbackStep[]> {
		for (const [file, contents] of plan.next) {
			if (contents === plan.files.get(file)) continue;
			if (contents === null) await removeFileDurable(file);
			else await writeFileAtomic(file, contents, {encoding: plan.goenvFiles.has(file) ? 'latin1' : 'utf8'});
		}
		for (const [file, contents] of plan.nextBlocks) {
			if (contents === plan.blocks.get(file)) continue;
			if (contents === null) await removeFileDurable(file);
			else await writeFileAtomic(file, contents, {encoding: 'latin1'});
		}
		// A file gotune created is gone again: so are the directories its write created (fish's conf.d), when empty.
		for (const step of plan.steps) {
			const {entry} = step;
			if (entry.target.kind !== 'startup-block' || entry.detail?.kind !== 'startup-block' || !entry.detail.createdDirs) continue;
			if (plan.nextBlocks.get(entry.target.path) !== null) continue;
			await removeEmptyDirs(entry.detail.createdDirs);
		}
		const undoable = (step: RollbackStep) => step.action !== 'conflict' || (plan.force && step.entry.target.kind !== 'directory');
		const done = plan.steps.filter(step => step.entry.target.kind !== 'directory' && undoable(step));
		for (const directory of plan.directories) {
			if (directory.step.action === 'conflict') continue;
			try {
				await directory.run?.();
			} catch (error) {
				await record(done);
				throw new JournalFailure(
					`undoing ${directory.step.entry.target.kind} ${(directory.step.entry.target as {path: string}).path} failed: ${(error as Error).message}; run gotune rollback again to retry`,
				);
			}
			done.push(directory.step);
		}
		await record(done);
		return done;
	}

	async finish(changeSetId: string): Promise<ChangeSet> {
		return this.locked(async () => {
			const set = (await this.load()).find(s => s.id === changeSetId);
			if (set === undefined || set.status !== 'interrupted')
				throw new JournalRefusal([
					{message: `change set ${changeSetId} is not an interrupted change set`, hint: 'gotune history lists them.'},
				]);
			const goenv = set.begin.goenv;
			if (goenv) {
				const current = await readGoenvBytes(goenv.file);
				const recorded = recordedTexts(goenv);
				let text = parseEnvText(current ?? '');
				const conflicts: string[] = [];
				for (const entry of set.entries) {
					if (entry.target.kind !== 'goenv') continue;
					const now = valueOf(text, entry.target.key);
					if (sameState(now, entry.after)) continue;
					if (!sameState(now, entry.before)) conflicts.push(entry.target.key);
					else text = applyState(text, entry.target.key, entry.after);
				}
				if (conflicts.length > 0)
					throw new JournalRefusal(
						conflicts.map(key => ({
							key,
							message: 'was changed by someone else since the interrupted apply',
							hint: `Roll it back instead: gotune rollback --to ${changeSetId}`,
						})),
					);
				const next = current === recorded.before ? recorded.after : renderEnvText(text);
				if (next !== current) await writeFileAtomic(goenv.file, next, {encoding: 'latin1'});
			}
			for (const entry of set.entries) {
				if (entry.target.kind === 'startup-block')
					await writeStartupBlock(entry.target.path, entry.target.marker, entry.before, entry.after);
				else if (entry.target.kind === 'directory' && entry.detail && entry.detail.kind !== 'startup-block') {
					// The caller's copier did not survive the crash: the journal's own copier completes a copied move.
					await forwardDirectory(entry.detail, changeSetId, {emit: () => undefined, signal: new AbortController().signal, copy: copyTree});
				}
			}
			await deleteSources(this.journalFile, changeSetId, set.begin.entries, () => undefined);
			const after: Record<string, TargetState> = {};
			for (const entry of set.entries) {
				if (entry.target.kind === 'file' && entry.afterUnknown) after[entry.id] = fileState(await readOptionalFile(entry.target.path));
			}
			await appendRecord(this.journalFile, {
				type: 'applied',
				changeSetId,
				time: new Date().toISOString(),
				...(Object.keys(after).length > 0 ? {after} : {}),
			});
			return this.findSet(changeSetId);
		});
	}

	watch(listener: () => void): () => void {
		let watcher: ReturnType<typeof watchFs> | undefined;
		let closed = false;
		void mkdir(this.dir, {recursive: true, mode: 0o700}).then(
			() => {
				if (closed) return;
				watcher = watchFs(this.dir, (_event, name) => {
					if (name === null || name === JOURNAL_FILE_NAME) listener();
				});
				watcher.on('error', () => undefined);
				// Anything recorded between the caller's first read and this watch starting would otherwise go unseen.
				listener();
			},
			() => undefined,
		);
		return () => {
			closed = true;
			watcher?.close();
		};
	}

	private requireGoenvFile(): string {
		if (this.goenvFile !== undefined) return this.goenvFile;
		throw new JournalRefusal([
			this.goenvKind === 'off'
				? {
						key: 'GOENV',
						message: 'is "off": go reads no settings file, so a change there would have no effect',
						hint: 'Unset GOENV (or point it at a file) and run gotune again.',
					}
				: {
						message: 'cannot tell where go keeps its settings file: neither GOENV, XDG_CONFIG_HOME nor HOME is set',
						hint: 'Set HOME (or GOENV=/path/to/file) and run gotune again.',
					},
		]);
	}

	private async goValidate(current: string | null, changes: GoEnvChange[], candidate?: string, removed: string[] = []) {
		const goBin = await resolveGo(this.runtime.env);
		if (goBin === undefined) {
			throw new JournalFailure(
				'no go command on PATH: gotune checks every value with go itself before writing it. Install Go (https://go.dev/dl/ or your package manager) or put it on PATH.',
			);
		}
		refuseIf([await gorootProblem(goBin, changes)].filter(p => p !== undefined));
		let text = parseEnvText(current ?? '');
		for (const {key, value} of changes) text = setValue(text, key, value);
		const workDir = path.join(this.dir, 'tmp');
		await mkdir(workDir, {recursive: true, mode: 0o700});
		const fromEnv = Number(nonEmpty(this.runtime.env, 'GOTUNE_VALIDATE_TIMEOUT_MS'));
		const timeoutMs = Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : VALIDATE_TIMEOUT_MS;
		return goProblems({
			goBin,
			env: this.runtime.env,
			workDir,
			file: this.goenvFile!,
			current,
			candidate: candidate ?? renderEnvText(text),
			changes,
			removed,
			timeoutMs,
		});
	}

	/** Refuses, as go env -w does, to write a settings file the user may not write (see writableLikeGo). */
	private async refuseUnwritable(file: string): Promise<void> {
		const writable = await writableLikeGo(file);
		if (writable.ok) return;
		throw new JournalRefusal([
			{
				message: `${file} is not writable (${writable.code}): go env -w refuses to change it too ("open ${file}: permission denied")`,
				hint: `If you mean to change it, make it writable first (chmod u+w ${file}).`,
			},
		]);
	}

	/** RUN was cancelled: every file it changed gets its recorded before state back, and the set is abandoned. */
	private async putBackExternal(
		changeSetId: string,
		entries: Array<{id: string; target: {path: string}; before: TargetState}>,
		why: string,
	): Promise<void> {
		for (const {target, before} of entries) {
			if (sameState(fileState(await readOptionalFile(target.path)), before)) continue;
			if (before.present) await writeFileAtomic(target.path, before.value);
			else await removeFileDurable(target.path);
		}
		await appendRecord(this.journalFile, {
			type: 'abandoned',
			changeSetId,
			time: new Date().toISOString(),
			reason: `${why}; put back as it was`,
		});
	}

	/**
	 * Records how an external program's change ended, what the program left: abandoned when no file changed, else every
	 * file's state (unchanged ones as before). False when it changed nothing (nothing to undo or show).
	 */
	private async settleExternal(
		changeSetId: string,
		entries: Array<{id: string; target: {path: string}; before: TargetState}>,
		unchangedReason: string,
	): Promise<boolean> {
		const afters = await Promise.all(entries.map(async entry => fileState(await readOptionalFile(entry.target.path))));
		if (entries.every((entry, index) => sameState(afters[index]!, entry.before))) {
			await appendRecord(this.journalFile, {type: 'abandoned', changeSetId, time: new Date().toISOString(), reason: unchangedReason});
			return false;
		}
		const after = Object.fromEntries(entries.map((entry, index) => [entry.id, afters[index]!]));
		await appendRecord(this.journalFile, {type: 'applied', changeSetId, time: new Date().toISOString(), after});
		return true;
	}

	/** Current contents of the sets' GOENV files (binary strings) and whole-file targets (text). */
	private async readFiles(sets: ChangeSetState[]): Promise<{files: FileContents; goenvFiles: Set<string>}> {
		const files: FileContents = new Map();
		const goenvFiles = new Set<string>();
		for (const set of sets) {
			if (set.begin.goenv) goenvFiles.add(set.begin.goenv.file);
			for (const entry of set.entries) if (entry.target.kind === 'file') files.set(entry.target.path, null);
		}
		for (const file of goenvFiles) files.set(file, null);
		for (const file of files.keys()) files.set(file, await readOptionalFile(file, goenvFiles.has(file) ? 'latin1' : 'utf8'));
		return {files, goenvFiles};
	}

	private async load(): Promise<ChangeSetState[]> {
		const records = await readRecords(this.journalFile);
		const holder = records.some(r => r.type === 'begin') ? await readLockHolder(this.lockFile) : undefined;
		// Being applied right now (by this or another live process holding the lock) is not "interrupted".
		return foldRecords(records, begin => holder?.pid === begin.pid && isAlive(begin.pid));
	}

	private async findSet(changeSetId: string): Promise<ChangeSet> {
		const records = await readRecords(this.journalFile);
		const set = foldRecords(records, () => false).find(s => s.id === changeSetId);
		if (set === undefined) throw new JournalFailure(`change set ${changeSetId} is missing from ${this.journalFile}`);
		return stripBegin(set);
	}

	private async locked<T>(work: () => Promise<T>): Promise<T> {
		await mkdir(this.dir, {recursive: true, mode: 0o700});
		return withLock(this.lockFile, this.lockTimeoutMs, async () => {
			if (this.goenvFile !== undefined) await removeOrphanTempFiles(this.goenvFile);
			return work();
		});
	}
}

function stripBegin({begin: _begin, progress: _progress, ...set}: ChangeSetState): ChangeSet {
	return set;
}

type UndoPlan = {
	steps: RollbackStep[];
	files: FileContents;
	goenvFiles: Set<string>;
	next: FileContents;
	blocks: FileContents;
	nextBlocks: FileContents;
	directories: DirectoryUndo[];
	force: boolean;
};

/** Which change sets a rollback selection means, newest first; only sets with something left to undo. */
function select(all: ChangeSetState[], selection: RollbackSelection): ChangeSetState[] {
	const live = all.filter(isLive);
	switch (selection.kind) {
		case 'last':
			return live.slice(0, 1);
		case 'all':
			return live;
		case 'to': {
			const setId = selection.id.split('.')[0]!;
			const target = all.find(set => set.id === setId);
			if (target === undefined) {
				const known = all
					.slice(0, 10)
					.map(set => set.id)
					.join(', ');
				throw new JournalRefusal([
					{
						message: `--to ${selection.id}: no change set or entry with that id`,
						hint: known
							? `Ids in the journal (newest first): ${known}; gotune history shows them all.`
							: 'The journal is empty: gotune has not changed anything yet.',
					},
				]);
			}
			return live.filter(set => Number(set.id) >= Number(setId));
		}
		case 'change-sets':
			return live.filter(set => selection.ids.includes(set.id));
	}
}
