import {Text} from 'ink';
import {hintEntries, type KeyBinding} from '../kit/bindings.js';
import {fitHints, type ShellKeyAction} from '../state/shell-keys.js';
import type {PendingChange} from '../steps/types.js';
import type {Theme} from '../theme.js';

type Props = {
	theme: Theme;
	/** The shell's keys right now (state/shell-keys.ts): the same list its key handler uses. */
	bindings: ReadonlyArray<KeyBinding<ShellKeyAction>>;
	confirmingQuit: boolean;
	pending: PendingChange[];
	/** Why the last key did nothing; shown instead of the hints until the next key. */
	notice?: string;
	width: number;
};

/**
 * One line: the quit question when it is asked, why a key did nothing, or the shell's keys that work right now (as
 * many as fit; `?` lists them all). Each step and panel shows the keys it handles itself (↑/↓, Enter, u).
 */
export function Footer({theme, bindings, confirmingQuit, pending, notice, width}: Props) {
	if (confirmingQuit) {
		const count = pending.length === 1 ? '1 staged change is' : `${pending.length} staged changes are`;
		return (
			<Text wrap="truncate-end">
				<Text bold color="yellow">
					Quit?{' '}
				</Text>
				{count} not written and will be lost. <Text bold>y</Text> quits, <Text bold>n</Text> or Esc stays.
			</Text>
		);
	}
	if (notice !== undefined)
		return (
			<Text color="yellow" wrap="truncate-end">
				{notice}
			</Text>
		);
	// Ctrl-C is listed last, as before: it is first in the list only so that it always matches first.
	const entries = hintEntries(bindings, theme);
	const ordered = [...entries.filter(entry => entry.keys !== 'Ctrl-C'), ...entries.filter(entry => entry.keys === 'Ctrl-C')];
	return (
		<Text dimColor wrap="truncate-end">
			{fitHints(ordered, width, theme.separator)
				.map(entry => `${entry.keys} ${entry.hint}`)
				.join(theme.separator)}
		</Text>
	);
}
