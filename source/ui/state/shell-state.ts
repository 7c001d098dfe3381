import {addMeasurement, NO_MEASUREMENTS, type MeasurementEvent, type Measurements} from '../measurements.js';
import type {PendingChange} from '../steps/types.js';

/** Where keys go: the step, or one of the panels (by index in PANELS). */
export type Focus = {kind: 'step'} | {kind: 'panel'; index: number};

export type ShellState = {
	step: number;
	focus: Focus;
	/** The panel the narrow layout's tab row shows; follows focus and stays when focus returns to the step. */
	shownPanel: number;
	confirmingQuit: boolean;
	/** Staged, unwritten changes per step id. */
	pending: Record<string, PendingChange[]>;
	/** The active step owns q, Esc and Tab (text entry). */
	keysCaptured: boolean;
	/** The step is in a sub-screen of its own ("Move GOCACHE to…"): Esc goes back there, not to the previous step. */
	escapeClaimed: boolean;
	measurements: Measurements;
	/** Steps left with Enter ("continue"): the header marks them done. */
	done: number[];
	/** The key help overlay (`?`) is open in place of the step. */
	help: boolean;
	/** The finish screen (Enter on the last step) is shown in place of the last step. */
	finished: boolean;
	/** The step the last run stopped at, offered (r) until the user moves. */
	resume?: number;
	/** Why the last key did nothing (a number key to a step that cannot be shown); cleared by the next key. */
	notice?: string;
};

export type ShellAction =
	/** `from`: the step that asked; ignored once the wizard has moved on (two Enters in one read). */
	| {type: 'next'; from?: number}
	| {type: 'back'}
	/** A number key: straight to that step (the shell has checked it can be shown). */
	| {type: 'go-to'; step: number}
	| {type: 'toggle-help'}
	/** Enter on the last step: the finish screen. */
	| {type: 'finish'}
	/** A restart: the last run stopped at this step. */
	| {type: 'offer-resume'; step: number}
	| {type: 'notice'; text: string | undefined}
	| {type: 'tab'; reverse?: boolean}
	| {type: 'focus-step'}
	/** The narrow layout's tab row shows this panel (the one chosen last time); focus stays where it is. */
	| {type: 'show-panel'; index: number}
	| {type: 'ask-quit'}
	| {type: 'cancel-quit'}
	| {type: 'set-pending'; stepId: string; changes: PendingChange[]}
	| {type: 'capture-keys'; capture: boolean}
	| {type: 'claim-escape'; claim: boolean}
	| {type: 'record'; event: MeasurementEvent};

export function initialShellState(): ShellState {
	return {
		step: 0,
		focus: {kind: 'step'},
		shownPanel: 0,
		confirmingQuit: false,
		pending: {},
		keysCaptured: false,
		escapeClaimed: false,
		measurements: NO_MEASUREMENTS,
		done: [],
		help: false,
		finished: false,
	};
}

export function pendingChanges(state: ShellState): PendingChange[] {
	return Object.values(state.pending).flat();
}

/** `stepCount` and `panelCount` come from the registries, so the reducer works for any number of either. */
export function shellReducer(stepCount: number, panelCount: number) {
	return (state: ShellState, action: ShellAction): ShellState => {
		switch (action.type) {
			case 'next':
				if (action.from !== undefined && action.from !== state.step) return state;
				return state.step + 1 < stepCount ? {...moveTo(state, state.step + 1), done: markDone(state.done, state.step)} : state;
			case 'back':
				// From the finish screen, back to the last step as it was left.
				if (state.finished) return {...state, finished: false, focus: {kind: 'step'}};
				return state.step > 0 ? moveTo(state, state.step - 1) : state;
			case 'offer-resume':
				return action.step > 0 && action.step < stepCount && state.step === 0 ? {...state, resume: action.step} : state;
			case 'finish':
				return {...state, finished: true, help: false, focus: {kind: 'step'}, done: markDone(state.done, state.step)};
			case 'go-to':
				return action.step >= 0 && action.step < stepCount && action.step !== state.step ? moveTo(state, action.step) : state;
			case 'toggle-help':
				return {...state, help: !state.help};
			case 'notice':
				return state.notice === action.text ? state : {...state, notice: action.text};
			case 'tab': {
				// Focus ring: step, panel 0 .. panel n-1, step again (reverse with Shift+Tab).
				const ring = panelCount + 1;
				const position = state.focus.kind === 'step' ? 0 : state.focus.index + 1;
				const next = (position + (action.reverse ? ring - 1 : 1)) % ring;
				if (next === 0) return {...state, focus: {kind: 'step'}};
				return {...state, focus: {kind: 'panel', index: next - 1}, shownPanel: next - 1};
			}
			case 'focus-step':
				return {...state, focus: {kind: 'step'}};
			case 'show-panel':
				return action.index >= 0 && action.index < panelCount ? {...state, shownPanel: action.index} : state;
			case 'ask-quit':
				return {...state, confirmingQuit: true};
			case 'cancel-quit':
				return {...state, confirmingQuit: false};
			case 'set-pending': {
				const pending = {...state.pending};
				if (action.changes.length === 0) delete pending[action.stepId];
				else pending[action.stepId] = action.changes;
				return {...state, pending};
			}
			case 'capture-keys':
				return state.keysCaptured === action.capture ? state : {...state, keysCaptured: action.capture};
			case 'claim-escape':
				return state.escapeClaimed === action.claim ? state : {...state, escapeClaimed: action.claim};
			case 'record':
				return {...state, measurements: addMeasurement(state.measurements, action.event)};
		}
	};
}

/** Another step: its keys start fresh (the one left may have held them for a text field or a sub-screen). */
function moveTo(state: ShellState, step: number): ShellState {
	return {
		...state,
		step,
		focus: {kind: 'step'},
		keysCaptured: false,
		escapeClaimed: false,
		help: false,
		finished: false,
		resume: undefined,
	};
}

function markDone(done: number[], step: number): number[] {
	return done.includes(step) ? done : [...done, step].sort((a, b) => a - b);
}
