import type {ChangeSet, RollbackResult} from '../../core/journal/contract.js';
import {maskSecrets} from '../../core/mask.js';
import type {Task} from '../../core/task.js';
import type {KeyBinding} from '../kit/bindings.js';
import type {Model} from '../kit/use-step.js';

/** What an undo covers: the given change sets, or everything recorded since this wizard started. */
export type UndoTarget = {changeSets: string[]} | 'run';

/** A y/n question, with the change sets the undo will touch (shown in place of the list while it is asked). */
export type Prompt = {what: UndoTarget; question: string; sets: ChangeSet[]};

export type RollbackLogState = {
	/** The journal's change sets, newest first; undefined until the first read. */
	sets?: ChangeSet[];
	selected: number;
	prompt?: Prompt;
	message?: string;
	/** The input of the journal read (a new object: read again); kept until the read answers. */
	reading?: object;
	/** The undo being run. */
	undoing?: {what: UndoTarget};
};

export type RollbackLogAction =
	| {type: 'move'; by: number}
	| {type: 'undo-selected'}
	| {type: 'undo-run'}
	| {type: 'answer'; yes: boolean}
	/** The journal changed (this run, another gotune, `go env -w`): read it again. */
	| {type: 'changed'};

/** The panel's work: reading the journal and undoing. */
export type RollbackLogTasks = {
	read: Task<object, unknown, ChangeSet[]>;
	undo: Task<{what: UndoTarget}, unknown, RollbackResult>;
};

export const initialRollbackLogState = (): RollbackLogState => ({selected: 0, reading: {}});

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function resultText(result: RollbackResult): string {
	const ids = result.changeSets.map(set => `#${set.id}`).join(' ');
	const restored = result.steps.filter(step => step.action !== 'conflict').length;
	const kept = result.conflicts.map(step => (step.entry.target.kind === 'goenv' ? step.entry.target.key : step.entry.target.path));
	const base = `Undid ${ids || 'nothing'}: ${count(restored, 'change')} restored`;
	return maskSecrets(kept.length === 0 ? `${base}.` : `${base}; kept ${kept.join(', ')} (changed since; gotune rollback --force)`);
}

/**
 * The rollback log's model: ↑/↓ pick a change set, `u` undoes it, `U` undoes everything recorded since this wizard
 * started (FROMTHISRUN, the journal services' filter); both ask first and then say what happened.
 */
export function rollbackLogModel(
	fromThisRun: (sets: ChangeSet[]) => ChangeSet[],
): Model<RollbackLogState, RollbackLogAction, RollbackLogTasks> {
	return {
		bindings: state => {
			if (state.sets === undefined || state.undoing) return [];
			if (state.prompt)
				return [
					{keys: ['y', 'Y'], action: {type: 'answer', yes: true}, hint: 'undo'},
					{keys: ['n', 'N', 'escape'], action: {type: 'answer', yes: false}, hint: 'keep'},
				];
			return [
				{keys: ['up'], action: {type: 'move', by: -1}, hint: 'choose'},
				{keys: ['down'], action: {type: 'move', by: 1}, hint: 'choose'},
				{keys: ['u'], action: {type: 'undo-selected'}, hint: 'undo'},
				{keys: ['U'], action: {type: 'undo-run'}, hint: 'undo this run'},
			] satisfies Array<KeyBinding<RollbackLogAction>>;
		},
		effects: state => ({read: state.reading, undo: state.undoing}),
		// While a y/n question is up, q, Esc and Tab answer or cancel it here instead of quitting or moving focus.
		captures: state => state.prompt !== undefined,
		reducer: (state, action) => {
			switch (action.type) {
				case 'move': {
					const last = (state.sets?.length ?? 1) - 1;
					return {...state, selected: Math.max(0, Math.min(last, state.selected + action.by))};
				}
				case 'undo-selected': {
					const sets = state.sets ?? [];
					const set = sets[Math.min(state.selected, sets.length - 1)];
					if (set === undefined) return state;
					if (set.status === 'rolled-back') return {...state, message: `#${set.id} is already undone.`};
					return {
						...state,
						prompt: {what: {changeSets: [set.id]}, question: `Undo #${set.id} (${count(set.entries.length, 'change')})? y/n`, sets: [set]},
					};
				}
				case 'undo-run': {
					const run = fromThisRun(state.sets ?? []);
					if (run.length === 0) return {...state, message: 'Nothing from this run to undo.'};
					return {...state, prompt: {what: 'run', question: `Undo this run (${count(run.length, 'set')})? y/n`, sets: run}};
				}
				case 'answer': {
					if (state.prompt === undefined) return state;
					const {prompt: _prompt, ...rest} = state;
					return action.yes ? {...rest, message: undefined, undoing: {what: state.prompt.what}} : {...rest, message: 'Nothing undone.'};
				}
				case 'changed':
					return {...state, reading: {}};
				case 'task-done':
					if (action.task === 'read') return {...state, sets: action.result, reading: undefined};
					// Read again after an undo (the watcher may be slower, or absent).
					return {...state, undoing: undefined, message: resultText(action.result), reading: {}};
				case 'task-failed':
					if (action.task === 'read')
						return {...state, reading: undefined, message: `Cannot read the journal: ${maskSecrets(action.message)}`};
					return {...state, undoing: undefined, message: `Not undone: ${maskSecrets(action.message)}`, reading: {}};
				case 'task-cancelled':
				case 'task-event':
					return state;
			}
		},
	};
}
