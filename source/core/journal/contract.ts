/**
 * The journal's public contract, shared by every step that changes user settings (rule 5: one writer).
 * The implementation lives beside this file; steps depend only on these types and on `openJournal` (index.ts).
 */

/** What a change touches: a key of the GOENV file, or a whole file gotune creates or edits (go.mod, a shell rc file). */
export type ChangeTarget = {kind: 'goenv'; key: string} | {kind: 'file'; path: string};

/** A target's state: absent, or present with its exact value (file contents for `file`). */
export type TargetState = {present: false} | {present: true; value: string};

export type ChangeStatus = 'applied' | 'rolled-back' | 'interrupted';

export type JournalEntry = {
	id: string;
	changeSetId: string;
	time: string;
	/** Wizard step (`wizard:proxy`) or profile file (`profile:/repo/gotune.json`). */
	origin: string;
	target: ChangeTarget;
	before: TargetState;
	after: TargetState;
	status: ChangeStatus;
	/** An external program (applyExternal) was interrupted before its result was captured: `after` is not known. */
	afterUnknown?: boolean;
};

/** Entries applied together; undone as one unit. Status is the worst of its entries (interrupted > applied > rolled-back). */
export type ChangeSet = {
	id: string;
	time: string;
	origin: string;
	status: ChangeStatus;
	entries: JournalEntry[];
};

/** One GOENV key gotune itself writes. Empty values are refused: removing the key (rollback) is how to return to the default. */
export type GoEnvChange = {key: string; value: string};

/** What `apply` would do for one key, against the GOENV file as it is now. */
export type PlannedChange = {
	key: string;
	before: TargetState;
	after: TargetState;
	unchanged: boolean;
	/** A non-empty OS environment variable that will keep overriding the file's value (Go says nothing at use time). */
	shadowedBy?: string;
};

export type RollbackSelection = {kind: 'last'} | {kind: 'all'} | {kind: 'to'; id: string} | {kind: 'change-sets'; ids: string[]};

/** One entry of a rollback plan: what restoring its `before` state does to the target now. */
export type RollbackStep = {
	entry: JournalEntry;
	/** restore: current value is what gotune wrote; already: it already holds the previous state; conflict: someone else changed it since. */
	action: 'restore' | 'already' | 'conflict';
	current: TargetState;
};

export type RollbackPlan = {
	changeSets: ChangeSet[];
	steps: RollbackStep[];
	conflicts: RollbackStep[];
};

export type RollbackResult = RollbackPlan & {
	/** Entries now marked rolled-back. Conflicting entries stay applied unless `force`. */
	rolledBack: JournalEntry[];
	forced: boolean;
};

/** The one writer of the user's Go settings. See index.ts for how steps use it. */
export type Journal = {
	/** The GOENV file gotune writes (go env GOENV); undefined when there is none (GOENV=off, no HOME). */
	readonly goenvFile: string | undefined;
	/** Where the journal lives (mode 0600), in GOTUNE_HOME. */
	readonly journalFile: string;
	/** Change sets, newest first; sets still being applied by a live process are left out until done. */
	changeSets(): Promise<ChangeSet[]>;
	/** Every entry, newest first. */
	entries(): Promise<JournalEntry[]>;
	/** Change sets a crash cut short: roll them back (`rollback`) or complete them (`finish`). */
	interrupted(): Promise<ChangeSet[]>;
	/** The plan for CHANGES against the file as it is now; throws JournalRefusal (with Go's own words) for refused values. */
	plan(changes: GoEnvChange[]): Promise<PlannedChange[]>;
	/** Validates, records, writes atomically, marks applied. Undefined when nothing would change. */
	apply(changes: GoEnvChange[], origin: string): Promise<ChangeSet | undefined>;
	/**
	 * For a change an external program makes (go mod init creating go.mod): records TARGET's before state durably,
	 * runs RUN, records the after state. Do not call the journal from inside RUN (it holds the lock).
	 */
	applyExternal<T>(target: ChangeTarget, origin: string, run: () => Promise<T>): Promise<{result: T; changeSet?: ChangeSet}>;
	planRollback(selection: RollbackSelection, options?: {force?: boolean}): Promise<RollbackPlan>;
	rollback(selection: RollbackSelection, options?: {force?: boolean}): Promise<RollbackResult>;
	/** Completes an interrupted change set (writes what is missing); throws JournalRefusal on a conflicting key. */
	finish(changeSetId: string): Promise<ChangeSet>;
	/** Calls LISTENER whenever any gotune process records something (and once when watching starts); returns the unsubscribe function. */
	watch(listener: () => void): () => void;
};
