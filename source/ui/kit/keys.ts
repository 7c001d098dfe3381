import type {Key} from 'ink';

/** One key as Ink's useInput reports it: the text it typed (empty for named keys) and what it was. */
export type KeyPress = {input: string; key: Key};

/** A key with no flag set: what keyFor and tests start from. */
export const NONE: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/** The Key Ink would report for this one character had it arrived alone (same mapping as Ink 6.8's parse-keypress). */
export function keyFor(char: string): KeyPress {
	if (char === '\r' || char === '\n' || char === '\r\n') return {input: '', key: {...NONE, return: true}};
	if (char === '\t') return {input: '', key: {...NONE, tab: true}};
	// Ink reports DEL (what most terminals send for Backspace) as `delete` and ^H as `backspace`.
	if (char === '\u007F') return {input: '', key: {...NONE, delete: true}};
	if (char === '\b') return {input: '', key: {...NONE, backspace: true}};
	if (char === '\u001B') return {input: '', key: {...NONE, escape: true, meta: true}};
	const code = char.codePointAt(0) ?? 0;
	// ^A..^Z: Ink reports the letter with ctrl set (Ctrl-C is input 'c', ctrl true).
	if (code >= 1 && code <= 26) return {input: String.fromCodePoint(code + 96), key: {...NONE, ctrl: true}};
	return {input: char, key: {...NONE, shift: /^[A-Z]$/.test(char)}};
}

function isPrintable(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	return code >= 0x20 && code !== 0x7f;
}

/**
 * Input that arrived in one read ("yy", "\t\t", "jjk", "\x7f\x7f\x7f") as the single keys it holds, in order.
 * Ink hands such a read to useInput as one string that matches no key, and a text field would insert the DEL
 * characters (issue 7). Ink already splits escape sequences (arrows) into separate events, so a press with a
 * named key or a single character is passed on untouched.
 *
 * `text`: for text fields, a run of printable characters stays whole (a paste is inserted at once); control
 * characters between them (Backspace, Enter, Tab) are still split out.
 */
export function splitKeys(input: string, key: Key, {text = false}: {text?: boolean} = {}): KeyPress[] {
	const chars = [...input];
	if (chars.length <= 1) return [{input, key}];
	const presses: KeyPress[] = [];
	let run = '';
	const flush = () => {
		if (run) presses.push({input: run, key: {...NONE}});
		run = '';
	};
	for (let i = 0; i < chars.length; i++) {
		const char = chars[i]!;
		if (text && isPrintable(char)) {
			run += char;
			continue;
		}
		flush();
		// A pasted Windows line end is one Enter, not two.
		if (char === '\r' && chars[i + 1] === '\n') {
			presses.push(keyFor('\r\n'));
			i++;
			continue;
		}
		presses.push(keyFor(char));
	}
	flush();
	// Ink strips a leading ESC from Alt+key ("\x1bx"): keep its meta flag on the first key.
	if (key.meta && presses[0]) presses[0] = {...presses[0], key: {...presses[0].key, meta: true}};
	return presses;
}
