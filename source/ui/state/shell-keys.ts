import type {HintEntry, KeyBinding} from '../kit/bindings.js';
import type {ShellState} from './shell-state.js';

/** What a shell key does; app.tsx carries it out (quitting and the number keys' checks need more than the state). */
export type ShellKeyAction =
	| {type: 'interrupt'}
	| {type: 'quit'}
	| {type: 'quit-answer'; yes: boolean}
	| {type: 'tab'; reverse: boolean}
	| {type: 'back'}
	| {type: 'go-to'; step: number}
	| {type: 'help'}
	| {type: 'troubleshoot'};

const INTERRUPT: KeyBinding<ShellKeyAction> = {keys: ['ctrl-c'], action: {type: 'interrupt'}, hint: 'exit'};

/** 1..N, one binding each; only the first carries the hint ("1-5 step"). */
function stepKeys(stepCount: number): Array<KeyBinding<ShellKeyAction>> {
	return Array.from({length: Math.min(stepCount, 9)}, (_, step) => ({
		keys: [String(step + 1)],
		action: {type: 'go-to', step} as const,
		...(step === 0 ? {hint: 'step', label: `1-${Math.min(stepCount, 9)}`} : {}),
	}));
}

/**
 * The shell's keys in STATE, as data: the key handler, the footer and the help overlay all come from this list, so
 * the footer never shows a key that does nothing. Ctrl-C is first and always there (exit code 130). A step that
 * captures keys (a text field) gets everything else; one in a sub-screen of its own gets Esc.
 */
export function shellBindings(state: ShellState, stepCount: number): Array<KeyBinding<ShellKeyAction>> {
	if (state.confirmingQuit)
		return [
			INTERRUPT,
			{keys: ['y', 'Y'], action: {type: 'quit-answer', yes: true}, hint: 'quits'},
			{keys: ['n', 'N', 'escape', 'return'], action: {type: 'quit-answer', yes: false}, hint: 'stays', label: 'n/Esc'},
		];
	if (state.help)
		return [
			INTERRUPT,
			{keys: ['escape'], action: {type: 'help'}, hint: 'close help'},
			{keys: ['?'], action: {type: 'help'}, hint: 'close help'},
		];
	if (state.keysCaptured) return [INTERRUPT];
	if (state.finished && state.focus.kind === 'step')
		return [
			{keys: ['return'], action: {type: 'quit'}, hint: 'quit'},
			{keys: ['escape'], action: {type: 'back'}, hint: 'back'},
			{keys: ['tab'], action: {type: 'tab', reverse: false}, hint: 'panels'},
			{keys: ['shift-tab'], action: {type: 'tab', reverse: true}},
			...stepKeys(stepCount),
			{keys: ['?'], action: {type: 'help'}, hint: 'help'},
			{keys: ['q'], action: {type: 'quit'}, hint: 'quit'},
			INTERRUPT,
		];
	if (state.focus.kind === 'panel')
		return [
			{keys: ['tab'], action: {type: 'tab', reverse: false}, hint: 'next panel'},
			{keys: ['shift-tab'], action: {type: 'tab', reverse: true}},
			{keys: ['escape'], action: {type: 'back'}, hint: 'back to step'},
			...stepKeys(stepCount),
			{keys: ['?'], action: {type: 'help'}, hint: 'help'},
			{keys: ['q'], action: {type: 'quit'}, hint: 'quit'},
			INTERRUPT,
		];
	return [
		...(state.resume === undefined
			? []
			: [{keys: ['r'], action: {type: 'go-to', step: state.resume} as const, hint: `resume at step ${state.resume + 1}`}]),
		...(state.step > 0 && !state.escapeClaimed ? [{keys: ['escape'], action: {type: 'back'} as const, hint: 'back'}] : []),
		{keys: ['tab'], action: {type: 'tab', reverse: false}, hint: 'panels'},
		{keys: ['shift-tab'], action: {type: 'tab', reverse: true}},
		...stepKeys(stepCount),
		// Paste a failing go command's output, or run one, and have it explained (ui/troubleshoot).
		{keys: ['!'], action: {type: 'troubleshoot'}, hint: 'troubleshoot'},
		{keys: ['?'], action: {type: 'help'}, hint: 'help'},
		{keys: ['q'], action: {type: 'quit'}, hint: 'quit'},
		INTERRUPT,
	];
}

/**
 * The footer's entries that fit WIDTH, in their order: the least needed go first (the number keys, then Tab and
 * Esc); `? help` (which lists them all), q and Ctrl-C always stay.
 */
export function fitHints(entries: HintEntry[], width: number, separator: string): HintEntry[] {
	const dropOrder = ['step', 'troubleshoot', 'panels', 'next panel', 'back', 'back to step'];
	const length = (shown: HintEntry[]) => shown.map(entry => `${entry.keys} ${entry.hint}`).join(separator).length;
	let shown = entries;
	for (const hint of dropOrder) {
		if (length(shown) <= width) break;
		shown = shown.filter(entry => entry.hint !== hint);
	}
	return shown;
}
