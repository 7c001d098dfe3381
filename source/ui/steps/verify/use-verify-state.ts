import type {MeasurementEvent} from '../../../core/measure/events.js';
import type {TaskMessage} from '../../kit/index.js';
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
};

export type VerifyAction =
	| {type: 'change-sets'; ids: string[]}
	| {type: 'start'; dir?: string; at: number}
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
	| TaskMessage<MeasurementEvent, VerifyOutcome>;

/** Under a result measured before the settings changed underneath. */
export const CHANGED_SINCE = 'The settings or go.mod changed since this measurement: m measures again.';

export const initialVerifyState: VerifyState = {phase: {kind: 'ready'}, runs: 3, changeSets: [], notes: [], saving: false};

export function isSlower(outcome: VerifyOutcome): boolean {
	return outcome.result.comparison?.verdict === 'slower' && outcome.changeSets.length > 0;
}

export function verifyReducer(state: VerifyState, action: VerifyAction): VerifyState {
	const {phase} = state;
	switch (action.type) {
		case 'change-sets':
			return {...state, changeSets: action.ids};
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
					started: action.at,
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
		case 'changed-underneath':
			// A result on screen measured the settings as they were: say so, once.
			return phase.kind === 'done' && !state.notes.includes(CHANGED_SINCE) ? {...state, notes: [...state.notes, CHANGED_SINCE]} : state;
		case 'save':
			return state.saving ? state : {...state, saving: true};
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
