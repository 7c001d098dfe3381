/**
 * The journal's public contract, shared by every step that changes user settings (rule 5: one writer).
 * The implementation lives beside this file; steps depend only on these types and on `openJournal` (index.ts).
 */

/**
 * What a change touches: a key of the GOENV file; a whole file an external program creates (go.mod); gotune's marked
 * block in a shell start-up file; or a directory tree (a cache that moves, an installed Go, a tree set aside).
 * Every path is absolute.
 */
export type ChangeTarget =
	| {kind: 'goenv'; key: string}
	| {kind: 'file'; path: string}
	| {kind: 'startup-block'; path: string; marker: string}
	| {kind: 'directory'; path: string};

/**
 * One step of a change set (journal.applySteps). Steps run in order and are undone in reverse, as one unit;
 * the intent of each is recorded durably before it acts, so after a crash doctor/history say so and rollback or
 * finish completes it. No tree is ever left half-deleted.
 */
export type ChangeStep =
	/** Set (value) or remove (null) a GOENV key; validated by go like journal.apply. */
	| {kind: 'goenv'; key: string; value: string | null}
	/**
	 * Add one marked block to a start-up file (~/.profile, ~/.bashrc, ~/.zshrc, fish conf.d), or to another file whose
	 * comments start with '#' (the git config file, ~/.netrc):
	 *   `# >>> gotune MARKER >>>` / LINES / `# <<< gotune MARKER <<<`. Rollback removes exactly those lines; the rest
	 * of the file stays byte-identical even when the user edited other lines since; an edited block is a conflict.
	 */
	| {
			kind: 'startup-block';
			path: string;
			marker: string;
			lines: string[];
			/**
			 * The block holds a secret (a ~/.netrc `password`): the journal records it with the secret replaced by
			 * ******** (never in clear, never a hash a weak password could be guessed back from). Rollback still removes
			 * exactly the block; a block already there cannot be replaced (its old secret could not be put back).
			 */
			secret?: boolean;
			/** Mode of a file the step creates (0o600 for ~/.netrc); an existing file keeps its own. */
			mode?: number;
	  }
	/**
	 * Move a directory tree. Same filesystem: one rename. Otherwise COPY (copies and verifies FROM into TO, emitting
	 * progress, honouring the signal) and the source is deleted only after every later step of the set succeeded,
	 * unless keepSource. Rollback moves the data back (or, with keepSource, leaves the copy and restores nothing).
	 */
	| {kind: 'move-dir'; from: string; to: string; keepSource?: boolean; copy: DirectoryCopier}
	/**
	 * Put a prepared tree (STAGED, on the same filesystem as TO) in place at TO, which must not exist. Rollback removes TO.
	 * STAGED may be a single file (a tool built into a staging GOBIN); set-aside works on a file the same way.
	 */
	| {kind: 'put-dir'; staged: string; to: string}
	/** Rename an existing tree PATH beside itself (PATH.gotune-aside-<changeSetId>) and keep it; rollback renames it back. */
	| {kind: 'set-aside'; path: string};

/** Copies FROM to TO (which does not exist yet) and verifies the copy; rejects (after cleaning TO) on failure or abort. */
export type DirectoryCopier = (
	from: string,
	to: string,
	context: {emit: (progress: CopyProgress) => void; signal: AbortSignal},
) => Promise<void>;

export type CopyProgress = {phase: 'copy' | 'verify' | 'delete'; files: number; totalFiles: number; bytes: number; totalBytes: number};

/**
 * A target's state: absent, or present with its exact value (file contents for `file`). latin1: the value's bytes are
 * not UTF-8 (a GOENV line in Latin-1), so `value` holds them one character per byte. redacted: a secret block's text
 * with its secret replaced (see ChangeStep `secret`); it is compared with the file's block redacted the same way.
 */
export type TargetState = {present: false} | {present: true; value: string; latin1?: true; redacted?: true};

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
	/** How a start-up-file or directory step was carried out (recorded before it acted). */
	detail?: StepDetail;
};

/**
 * Recorded with a start-up-block or directory entry. Directory entries' states hold where the tree is (`value` is a
 * path): a move goes from `from` to `to`; put-dir from absent to `to`; set-aside from `path` to `aside`.
 */
export type StepDetail =
	/** createdDirs: directories the write created for a new file (outermost first); rollback removes them when empty. */
	| {kind: 'startup-block'; createdFile: boolean; addedNewline: boolean; createdDirs?: string[]}
	/** sameFs: one rename; otherwise copied (the source deleted after every other step, unless keepSource). */
	| {kind: 'move-dir'; from: string; to: string; keepSource: boolean; sameFs: boolean; toWasEmptyDir: boolean}
	/** ino: the staged tree's device:inode (kept by the rename), so undo removes TO only when it is that tree. */
	| {kind: 'put-dir'; staged: string; to: string; ino: string; file?: true}
	/** file: the step moved one file (a tool in GOBIN), not a tree; only the words history and rollback use differ. */
	| {kind: 'set-aside'; path: string; aside: string; file?: true};

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

/** Progress of applySteps: which step runs, and a copy's progress while a directory moves. */
export type StepProgress = {step: number; of: number; kind: ChangeStep['kind']; copy?: CopyProgress};

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
	/** Lines of the journal file that were skipped (torn by a crash, or not a record gotune writes), oldest first. */
	damaged(): Promise<Array<{line: number; reason: string}>>;
	/** Change sets a crash cut short: roll them back (`rollback`) or complete them (`finish`). */
	interrupted(): Promise<ChangeSet[]>;
	/** The plan for CHANGES against the file as it is now; throws JournalRefusal (with Go's own words) for refused values. */
	plan(changes: GoEnvChange[]): Promise<PlannedChange[]>;
	/** Validates, records, writes atomically, marks applied. Undefined when nothing would change. */
	apply(changes: GoEnvChange[], origin: string): Promise<ChangeSet | undefined>;
	/**
	 * For a change an external program makes (go mod init creating go.mod): records TARGET's before state durably,
	 * runs RUN, records the after state. Do not call the journal from inside RUN (it holds the lock). Several files
	 * (go get: go.mod and go.sum) make one change set; a file RUN left unchanged is recorded with after = before.
	 * When RUN throws an error for which options.undoIf is true (a cancel), the files are put back as they were before
	 * it ran and the change set is abandoned; any other error keeps what RUN changed as an applied change set.
	 */
	applyExternal<T>(
		target: ChangeTarget | ChangeTarget[],
		origin: string,
		run: () => Promise<T>,
		options?: {undoIf?: (error: unknown) => boolean},
	): Promise<{result: T; changeSet?: ChangeSet}>;
	/**
	 * Applies STEPS as one change set (see ChangeStep). Undefined when nothing would change. A step that fails undoes
	 * the steps before it and rethrows; an aborted SIGNAL does the same between (and, for copies, during) steps.
	 */
	applySteps(
		steps: ChangeStep[],
		origin: string,
		context?: {emit?: (event: StepProgress) => void; signal?: AbortSignal},
	): Promise<ChangeSet | undefined>;
	planRollback(selection: RollbackSelection, options?: {force?: boolean}): Promise<RollbackPlan>;
	rollback(selection: RollbackSelection, options?: {force?: boolean}): Promise<RollbackResult>;
	/** Completes an interrupted change set (writes what is missing); throws JournalRefusal on a conflicting key. */
	finish(changeSetId: string): Promise<ChangeSet>;
	/** Calls LISTENER whenever any gotune process records something (and once when watching starts); returns the unsubscribe function. */
	watch(listener: () => void): () => void;
};
