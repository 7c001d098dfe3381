import {Text} from 'ink';
import type {Theme} from '../theme.js';
import {hintLine, type KeyBinding} from './bindings.js';

/** The dim hint row under a step or panel, made from the same bindings its key handler uses. */
export function KeyHints<Action>({bindings, theme, prefix}: {bindings: ReadonlyArray<KeyBinding<Action>>; theme: Theme; prefix?: string}) {
	const line = hintLine(bindings, theme);
	return (
		<Text dimColor wrap="truncate-end">
			{[prefix, line].filter(Boolean).join(theme.separator) || ' '}
		</Text>
	);
}
