import {Box, Text} from 'ink';
import {useRef} from 'react';
import type {Theme} from '../theme.js';
import {type KeyBinding} from './bindings.js';
import {KeyHints} from './key-hints.js';
import {useKeyBindings} from './use-key-bindings.js';

type Answer = 'yes' | 'no';

/** y answers yes; n, Esc and Enter answer no: the safe answer is the default (y/N). */
export function confirmationBindings(yesHint: string, noHint: string): Array<KeyBinding<Answer>> {
	return [
		{keys: ['y', 'Y'], action: 'yes', hint: yesHint},
		{keys: ['n', 'N', 'escape', 'return'], action: 'no', hint: noHint},
	];
}

type Props = {
	question: string;
	theme: Theme;
	isActive: boolean;
	onAnswer: (yes: boolean) => void;
	/** What y and n do, for the hint row: "y create go.mod · n change the path". */
	yes?: string;
	no?: string;
	color?: string;
};

/**
 * A y/N question. It answers once: a second `y` in the same read (or before the parent re-renders) is ignored,
 * so "yy" never runs the action twice.
 */
export function Confirmation({question, theme, isActive, onAnswer, yes = 'yes', no = 'no', color}: Props) {
	const answered = useRef(false);
	const bindings = confirmationBindings(yes, no);
	useKeyBindings(
		bindings,
		answer => {
			if (answered.current) return;
			answered.current = true;
			onAnswer(answer === 'yes');
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			<Text wrap="wrap" color={color}>
				{question} <Text bold>[y/N]</Text>
			</Text>
			<KeyHints bindings={bindings} theme={theme} />
		</Box>
	);
}
