import {Text} from 'ink';
import type {Theme} from '../theme.js';
import {progressLine, type ProgressInput} from './progress.js';

type Props = Omit<ProgressInput, 'now' | 'theme'> & {
	theme: Theme;
	/** What is progressing, shown before the bar when it fits. */
	label?: string;
	/** The time of the latest progress event (TaskMessage's `at`): a render reads no clock. */
	now: number;
};

/** Count or bytes with rate and ETA; ASCII under --ascii; never wider than `width`. */
export function ProgressBar({label, theme, width, now, ...rest}: Props) {
	const prefix = label && label.length + 1 < width / 2 ? `${label} ` : '';
	return (
		<Text wrap="truncate-end">
			{prefix}
			{progressLine({...rest, now, theme, width: width - prefix.length})}
		</Text>
	);
}
