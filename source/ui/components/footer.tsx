import {Text} from 'ink';
import type {PendingChange} from '../steps/types.js';
import type {Focus} from '../state/shell-state.js';
import type {Theme} from '../theme.js';

type Props = {
	theme: Theme;
	focus: Focus;
	confirmingQuit: boolean;
	pending: PendingChange[];
	keysCaptured: boolean;
	/** False on the first step, where Esc has nowhere to go. */
	canGoBack: boolean;
};

/** One line: the quit question when it is asked, else the keys that work right now. */
/** The shell's own keys; each step and panel shows the keys it handles itself (↑/↓, Enter, u). */
export function Footer({theme, focus, confirmingQuit, pending, keysCaptured, canGoBack}: Props) {
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
	const hints = keysCaptured
		? ['Ctrl-C exit']
		: focus.kind === 'panel'
			? ['Tab next panel', 'Esc back to step', 'q quit', 'Ctrl-C exit']
			: [...(canGoBack ? ['Esc back'] : []), 'Tab panels', 'q quit', 'Ctrl-C exit'];
	return (
		<Text dimColor wrap="truncate-end">
			{hints.join(theme.separator)}
		</Text>
	);
}
