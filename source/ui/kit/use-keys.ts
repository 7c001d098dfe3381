import {useInput, type Key} from 'ink';
import {useLayoutEffect, useRef} from 'react';
import {splitKeys} from './keys.js';

export type KeyHandler = (input: string, key: Key) => void;

export type UseKeysOptions = {
	isActive?: boolean;
	/** A text field: pasted text arrives whole; control keys in the same read (Backspace, Enter) still split. */
	text?: boolean;
};

/**
 * useInput that hands the handler one key at a time, in order, however many arrived in one read.
 *
 * Within one read React does not re-render between keys, so the handler must not read state the previous key
 * changed: dispatch reducer actions (the reducer sees each in turn), or read a ref (useSyncReducer's `latest`).
 */
export function useKeys(handler: KeyHandler, {isActive = true, text = false}: UseKeysOptions = {}): void {
	// The newest handler without re-subscribing to stdin on every render.
	const latest = useRef(handler);
	// Updated right after each commit, before stdin can deliver the next key.
	useLayoutEffect(() => {
		latest.current = handler;
	});
	useInput(
		(input, key) => {
			for (const press of splitKeys(input, key, {text})) latest.current(press.input, press.key);
		},
		{isActive},
	);
}
