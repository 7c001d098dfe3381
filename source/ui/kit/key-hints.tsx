import {Text} from 'ink';
import type {Theme} from '../theme.js';
import {hintEntries, type KeyBinding} from './bindings.js';
import {useRegisterHints} from './hint-registry.js';

type Props<Action> = {
	bindings: ReadonlyArray<KeyBinding<Action>>;
	theme: Theme;
	prefix?: string;
	/** Text run straight into the hints (no separator): a sentence the hints finish. */
	lead?: string;
	/** 'wrap' when the view counted the hint row's wrapped rows (the Proxy step); cut at the box's edge otherwise. */
	wrap?: 'wrap' | 'truncate-end';
};

/**
 * The dim hint row under a step or panel, made from the same bindings its key handler uses; its entries also go to
 * the help overlay (hint-registry.tsx).
 */
export function KeyHints<Action>({bindings, theme, prefix, lead = '', wrap = 'truncate-end'}: Props<Action>) {
	const entries = hintEntries(bindings, theme);
	useRegisterHints(entries);
	const line = entries.map(entry => `${entry.keys} ${entry.hint}`).join(theme.separator);
	return (
		<Text dimColor wrap={wrap}>
			{lead + [prefix, line].filter(Boolean).join(theme.separator) || ' '}
		</Text>
	);
}
