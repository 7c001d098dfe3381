import type {Key} from 'ink';
import {keyFor, splitKeys, type KeyPress} from '../../source/ui/kit/index.js';

const SEQUENCES: Record<string, Partial<Key>> = {
	'\u001B[A': {upArrow: true},
	'\u001B[B': {downArrow: true},
	'\u001B[C': {rightArrow: true},
	'\u001B[D': {leftArrow: true},
	'\u001B[H': {home: true},
	'\u001B[F': {end: true},
	'\u001B[5~': {pageUp: true},
	'\u001B[6~': {pageDown: true},
};

/**
 * The keys a reducer gets for one read of stdin, without Ink: escape sequences as Ink splits them (the common
 * ones), everything else through the kit's splitKeys (`text` for a text field).
 */
export function pressesOf(chunk: string, {text = false}: {text?: boolean} = {}): KeyPress[] {
	const none = keyFor('a').key;
	const presses: KeyPress[] = [];
	let rest = chunk;
	while (rest.length > 0) {
		const sequence = Object.keys(SEQUENCES).find(s => rest.startsWith(s));
		if (sequence) {
			presses.push({input: '', key: {...none, ...SEQUENCES[sequence]}});
			rest = rest.slice(sequence.length);
			continue;
		}
		const next = rest.indexOf('\u001B[', 1);
		const piece = next === -1 ? rest : rest.slice(0, next);
		rest = next === -1 ? '' : rest.slice(next);
		presses.push(...([...piece].length === 1 ? [keyFor(piece)] : splitKeys(piece, none, {text})));
	}
	return presses;
}
