/**
 * The journal's public contract, shared by every step that changes user settings (rule 5: one writer).
 * The implementation lives beside this file; steps depend only on these types and on `openJournal`.
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
};
