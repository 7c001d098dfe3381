import type {MeasurementEvent} from '../../../core/measure/events.js';
import type {Task} from '../../../core/task.js';
import type {KeyBinding} from '../../kit/bindings.js';
import type {Model} from '../../kit/use-step.js';
import type {TaskMessages} from '../../kit/use-task.js';
import type {VerifyInput, VerifyOutcome} from '../../services/verify.js';

/**
 * The Verify step as a pure reducer: measure (events go to the panels through the view), show the result, offer a
 * roll-back when the settings of this run are measurably slower, save the report. No go and no Ink here.
 */
export type VerifyPhase =
	| {kind: 'ready'}
	| {kind: 'measuring'; input: VerifyInput; started: number; current?: string}
	| {kind: 'done'; outcome: VerifyOutcome}
	| {kind: 'failed'; message: string}
	| {kind: 'confirm-rollback'; outcome: VerifyOutcome}
	| {kind: 'rolling-back'; outcome: VerifyOutcome};

export type VerifyState = {
	phase: VerifyPhase;
	runs: number;
	/** Change sets this wizard run applied: the before/after baseline leaves them out. */
	changeSets: string[];
	/** One-line notes: report saved, rolled back, cancelled. */
	notes: string[];
	saving: boolean;
	/** The change sets of this run have been read (once, when the step opens). */
	changeSetsRead?: boolean;
	/** Counts Enter on "finish": each one goes on (the step stays mounted under the finish screen, Esc comes back). */
	next?: number;
};

export type VerifyAction =
	| {type: 'change-sets'; ids: string[]}
	| {type: 'start'; dir?: string; at?: number}
	| {type: 'next'}
	| {type: 'runs'; by: number}
	| {type: 'offer-rollback'}
	| {type: 'confirm-rollback'; yes: boolean}
	| {type: 'rolled-back'; entries: number}
	| {type: 'rollback-failed'; message: string}
	| {type: 'save'}
	| {type: 'saved'; file: string}
	| {type: 'save-failed'; message: string}
	/** The settings, the journal or go.mod changed underneath (StepViewProps.revision). */
	| {type: 'changed-underneath'}
	| TaskMessages<VerifyTasks>;

/** Under a result measured before the settings changed underneath. */
export const CHANGED_SINCE = 'The settings or go.mod changed since this measurement: m measures again.';

export const initialVerifyState: VerifyState = {phase: {kind: 'ready'}, runs: 3, changeSets: [], notes: [], saving: false};

export function isSlower(outcome: VerifyOutcome): boolean {
	return outcome.result.comparison?.verdict === 'slower' && outcome.changeSets.length > 0;
}

export function verifyReducer(state: VerifyState, action: VerifyAction): VerifyState {
	const {phase} = state;
	if ('task' in action && action.task !== 'measure') {
		const own = fromTask(action);
		return own === undefined ? state : verifyReducer(state, own);
	}
	switch (action.type) {
		case 'change-sets':
			return {...state, changeSets: action.ids, changeSetsRead: true};
		case 'next':
			return {...state, next: (state.next ?? 0) + 1};
		case 'runs':
			if (phase.kind === 'measuring') return state;
			return {...state, runs: Math.min(9, Math.max(1, state.runs + action.by))};
		case 'start':
			if (phase.kind === 'measuring' || phase.kind === 'rolling-back') return state;
			return {
				...state,
				notes: [],
				phase: {
					kind: 'measuring',
					started: action.at ?? 0,
					input: {runs: state.runs, beforeAfter: state.changeSets.length > 0, ...(action.dir ? {dir: action.dir} : {})},
				},
			};
		case 'task-event':
			if (phase.kind !== 'measuring' || action.event.type !== 'build-started') return state;
			return {...state, phase: {...phase, current: action.event.label}};
		case 'task-done':
			return phase.kind === 'measuring' ? {...state, phase: {kind: 'done', outcome: action.result}} : state;
		case 'task-failed':
			return phase.kind === 'measuring' ? {...state, phase: {kind: 'failed', message: action.message}} : state;
		case 'task-cancelled':
			return phase.kind === 'measuring'
				? {...state, phase: {kind: 'ready'}, notes: ['Measurement cancelled; the temporary copies and caches were removed.']}
				: state;
		case 'offer-rollback':
			return phase.kind === 'done' && isSlower(phase.outcome)
				? {...state, phase: {kind: 'confirm-rollback', outcome: phase.outcome}}
				: state;
		case 'confirm-rollback':
			if (phase.kind !== 'confirm-rollback') return state;
			return action.yes
				? {...state, phase: {kind: 'rolling-back', outcome: phase.outcome}}
				: {...state, phase: {kind: 'done', outcome: phase.outcome}};
		case 'rolled-back':
			if (phase.kind !== 'rolling-back') return state;
			return {
				...state,
				changeSets: [],
				phase: {kind: 'ready'},
				notes: [
					`Rolled back change set${phase.outcome.changeSets.length === 1 ? '' : 's'} #${phase.outcome.changeSets.join(', #')} (${action.entries} change${action.entries === 1 ? '' : 's'}). Measure again to see the effect.`,
				],
			};
		case 'rollback-failed':
			return phase.kind === 'rolling-back'
				? {...state, phase: {kind: 'done', outcome: phase.outcome}, notes: [`Rollback failed: ${action.message}`]}
				: state;
		case 'changed-underneath': {
			// A result on screen measured the settings as they were: say so, once. This run's change sets are read again
			// (an undo in the rollback log, another gotune), so the before/after line names those still applied.
			const mark = phase.kind === 'done' && !state.notes.includes(CHANGED_SINCE);
			if (!mark && !state.changeSetsRead) return state;
			return {...state, changeSetsRead: false, ...(mark ? {notes: [...state.notes, CHANGED_SINCE]} : {})};
		}
		case 'save':
			// A report once something is measured here (the keys offer it only then): before, it would have no figures of this run.
			return state.saving || phase.kind !== 'done' ? state : {...state, saving: true};
		case 'saved':
			return {
				...state,
				saving: false,
				notes: [...state.notes, `Report saved to ${action.file} (mode 0600, credentials masked, home as ~).`],
			};
		case 'save-failed':
			return {...state, saving: false, notes: [...state.notes, `Report not saved: ${action.message}`]};
	}
}

/** The step's work: this run's change sets, the measurement (Esc cancels it), the roll-back and saving the report. */
export type VerifyTasks = {
	changeSets: Task<object, never, string[]>;
	measure: Task<VerifyInput, MeasurementEvent, VerifyOutcome>;
	rollback: Task<string[], never, number>;
	save: Task<object, never, string>;
};

// Inputs that stay the same object while their task is wanted (it goes undefined in between).
const ONCE = {};
const SAVE = {};

const READY_KEYS: Array<KeyBinding<VerifyAction>> = [
	{keys: ['m'], action: {type: 'start'}, hint: 'measure'},
	{keys: ['+', 'right'], action: {type: 'runs', by: 1}, hint: 'more runs'},
	{keys: ['-', 'left'], action: {type: 'runs', by: -1}, hint: 'fewer runs'},
	{keys: ['return'], action: {type: 'next'}, hint: 'finish'},
];
const DONE_KEYS: Array<KeyBinding<VerifyAction>> = [
	{keys: ['m'], action: {type: 'start'}, hint: 'measure again'},
	{keys: ['u'], action: {type: 'offer-rollback'}, hint: 'roll back'},
	{keys: ['s'], action: {type: 'save'}, hint: 'save report'},
	{keys: ['return'], action: {type: 'next'}, hint: 'finish'},
];

/** The keys in each phase, each only where it can act (s saves a report once a measurement is on screen); the y/N
 * question is the kit's Confirmation (its own keys). */
export function verifyBindings({phase}: VerifyState): Array<KeyBinding<VerifyAction>> {
	if (phase.kind === 'ready' || phase.kind === 'failed') return READY_KEYS;
	if (phase.kind === 'done') return isSlower(phase.outcome) ? DONE_KEYS : DONE_KEYS.filter(k => k.hint !== 'roll back');
	return [];
}

/** The other tasks' messages, as the reducer's own actions. */
function fromTask(message: Exclude<TaskMessages<VerifyTasks>, {task: 'measure'}>): VerifyAction | undefined {
	if (message.task === 'changeSets')
		return message.type === 'task-done' ? {type: 'change-sets', ids: message.result} : {type: 'change-sets', ids: []};
	if (message.task === 'rollback') {
		if (message.type === 'task-done') return {type: 'rolled-back', entries: message.result};
		return message.type === 'task-failed' ? {type: 'rollback-failed', message: message.message} : undefined;
	}
	if (message.type === 'task-done') return {type: 'saved', file: message.result};
	return message.type === 'task-failed' ? {type: 'save-failed', message: message.message} : undefined;
}

export const verifyModel: Model<VerifyState, VerifyAction, VerifyTasks> = {
	reducer: verifyReducer,
	bindings: verifyBindings,
	effects: state => ({
		changeSets: state.changeSetsRead ? undefined : ONCE,
		measure: state.phase.kind === 'measuring' ? state.phase.input : undefined,
		rollback: state.phase.kind === 'rolling-back' ? state.phase.outcome.changeSets : undefined,
		save: state.saving ? SAVE : undefined,
	}),
	cancelOnEscape: ['measure'],
	next: state => state.next,
};
