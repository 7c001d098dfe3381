import type {Key} from 'ink';
import type {Theme} from '../theme.js';

/**
 * A key name in a binding: one character ('y', 'Y', ' '), or a named key:
 * up down left right return escape tab shift-tab backspace pageup pagedown home end space, or ctrl-<letter>.
 */
export type KeyName = string;

/**
 * A step's keys, declared once as data; the key handler (matchBinding) and the hint line (hintLine) both come
 * from the list, so the footer can never advertise a key that does nothing, or miss one.
 *
 *   {keys: ['y', 'Y'], action: {type: 'confirm'}, hint: 'create go.mod'}   -> "y create go.mod"
 *   {keys: ['up', 'k'], action: {type: 'move', by: -1}, hint: 'choose'},
 *   {keys: ['down', 'j'], action: {type: 'move', by: 1}, hint: 'choose'}   -> "↑/↓ choose" (--ascii: "^/v choose")
 *
 * The first key names the binding in the hint (`label` overrides it); bindings in a row with the same hint
 * share one entry. No hint: the key works but is not advertised (aliases such as j/k).
 */
export type KeyBinding<Action> = {
	keys: KeyName[];
	action: Action;
	hint?: string;
	label?: string;
};

const NAMED: Record<string, (key: Key, input: string) => boolean> = {
	up: key => key.upArrow,
	down: key => key.downArrow,
	left: key => key.leftArrow,
	right: key => key.rightArrow,
	return: key => key.return,
	escape: key => key.escape,
	tab: key => key.tab && !key.shift,
	'shift-tab': key => key.tab && key.shift,
	// Ink reports DEL (the usual Backspace) as `delete`.
	backspace: key => key.backspace || key.delete,
	pageup: key => key.pageUp,
	pagedown: key => key.pageDown,
	home: key => key.home,
	end: key => key.end,
	space: (_key, input) => input === ' ',
};

export function matchesKey(name: KeyName, input: string, key: Key): boolean {
	const named = NAMED[name];
	if (named) return named(key, input);
	if (name.startsWith('ctrl-') && name.length === 6) return key.ctrl && input === name.slice(5);
	return !key.ctrl && input === name;
}

/** The binding this key triggers, first match wins. */
export function matchBinding<Action>(bindings: ReadonlyArray<KeyBinding<Action>>, input: string, key: Key): KeyBinding<Action> | undefined {
	return bindings.find(binding => binding.keys.some(name => matchesKey(name, input, key)));
}

/** How a key is named in a hint, from the theme (arrows are ^ v < > under --ascii). */
export function keyLabel(name: KeyName, theme: Theme): string {
	switch (name) {
		case 'up':
			return theme.arrows.up;
		case 'down':
			return theme.arrows.down;
		case 'left':
			return theme.arrows.left;
		case 'right':
			return theme.arrows.right;
		case 'return':
			return 'Enter';
		case 'escape':
			return 'Esc';
		case 'tab':
			return 'Tab';
		case 'shift-tab':
			return 'Shift-Tab';
		case 'backspace':
			return 'Backspace';
		case 'pageup':
			return 'PgUp';
		case 'pagedown':
			return 'PgDn';
		case 'home':
			return 'Home';
		case 'end':
			return 'End';
		case 'space':
		case ' ':
			return 'Space';
		default:
			return name.startsWith('ctrl-') ? `Ctrl-${name.slice(5).toUpperCase()}` : name;
	}
}

/** The hint entries as key and meaning, e.g. [{keys: '↑/↓', hint: 'choose'}]: the help overlay's two columns. */
export function hintEntries<Action>(bindings: ReadonlyArray<KeyBinding<Action>>, theme: Theme): HintEntry[] {
	const entries: Array<{labels: string[]; hint: string}> = [];
	for (const binding of bindings) {
		if (binding.hint === undefined) continue;
		const label = binding.label ?? keyLabel(binding.keys[0] ?? '', theme);
		const last = entries.at(-1);
		if (last && last.hint === binding.hint) last.labels.push(label);
		else entries.push({labels: [label], hint: binding.hint});
	}
	return entries.map(entry => ({keys: entry.labels.join('/'), hint: entry.hint}));
}

export type HintEntry = {keys: string; hint: string};

/** The hint entries, e.g. ['↑/↓ choose', 'Enter select']. */
export function hints<Action>(bindings: ReadonlyArray<KeyBinding<Action>>, theme: Theme): string[] {
	return hintEntries(bindings, theme).map(entry => `${entry.keys} ${entry.hint}`);
}

/** The footer line: the hints joined with the theme's separator. */
export function hintLine<Action>(bindings: ReadonlyArray<KeyBinding<Action>>, theme: Theme): string {
	return hints(bindings, theme).join(theme.separator);
}
