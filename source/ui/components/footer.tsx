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
};

/** One line: the quit question when it is asked, else the keys that work right now. */
export function Footer({theme, focus, confirmingQuit, pending, keysCaptured}: Props) {
	if (confirmingQuit) {
		const count = pending.length === 1 ? '1 staged change is' : `${pending.length} staged changes are`;
		return (
			<Text wrap="truncate-end">
				<Text bold color="yellow">Quit? </Text>
				{count} not written and will be lost. <Text bold>y</Text> quits, <Text bold>n</Text> or Esc stays.
			</Text>
		);
	}
	const arrows = `${theme.more.up}/${theme.more.down}`;
	const hints = keysCaptured
		? ['Enter confirm', 'Ctrl-C exit']
		: focus.kind === 'panel'
			? [`${arrows} panel`, 'Tab next panel', 'Esc back to step', 'q quit']
			: [`${arrows} scroll`, 'Enter next', 'Esc back', 'Tab panels', 'q quit'];
	return <Text dimColor wrap="truncate-end">{hints.join(theme.separator)}</Text>;
}
