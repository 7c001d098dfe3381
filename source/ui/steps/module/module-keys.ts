import {confirmationBindings, type KeyBinding} from '../../kit/index.js';
import type {ModuleAction, ModulePhase} from './model.js';

const CONTINUE: KeyBinding<ModuleAction> = {keys: ['return'], action: {type: 'continue'}, hint: 'continue to the next step'};

/**
 * The step's keys in each phase, as data: the key handler and the hint row both come from this. The text field
 * (edit) gets every other key as text; the y/N question is the kit's Confirmation.
 */
export function moduleBindings(phase: ModulePhase, scrolls = false): Array<KeyBinding<ModuleAction>> {
	const own = phaseBindings(phase);
	// While the findings and go.mod do not fit, PgUp/PgDn bring in the rest (the "↓ N more" row says how much).
	return scrolls && own.length > 0 ? [...own.slice(0, -1), ...SCROLL, ...own.slice(-1)] : own;
}

const SCROLL: Array<KeyBinding<ModuleAction>> = [
	{keys: ['pageup'], action: {type: 'scroll', by: 'page-up'}, hint: 'scroll'},
	{keys: ['pagedown'], action: {type: 'scroll', by: 'page-down'}, hint: 'scroll'},
];

function phaseBindings(phase: ModulePhase): Array<KeyBinding<ModuleAction>> {
	switch (phase.kind) {
		case 'menu':
			return [
				{keys: ['up', 'k'], action: {type: 'move', by: -1}, hint: 'choose'},
				{keys: ['down', 'j'], action: {type: 'move', by: 1}, hint: 'choose'},
				{keys: ['return'], action: {type: 'select'}, hint: 'select'},
			];
		case 'edit':
			return [
				{keys: ['return'], action: {type: 'submit'}, hint: 'check with go'},
				{keys: ['escape'], action: {type: 'back'}, hint: 'back'},
			];
		case 'created':
			return [
				...(phase.tidy === undefined ? [{keys: ['t', 'T'], action: {type: 'tidy'} as const, hint: 'run go mod tidy'}] : []),
				{...CONTINUE, hint: 'continue'},
			];
		case 'confirm':
			// The kit's y/N: y creates, n/N, Esc and Enter go back to the path (the safe default).
			return confirmationBindings('create go.mod', 'change the path').map(binding => ({
				...binding,
				action: {type: 'confirm', yes: binding.action === 'yes'},
			}));
		case 'found':
		case 'demo':
		case 'failed':
			return [CONTINUE];
		default:
			return [];
	}
}
