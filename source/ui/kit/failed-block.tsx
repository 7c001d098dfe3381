import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {STATUS_COLOR, type Theme} from '../theme.js';

type Props = {
	message: string;
	theme: Theme;
	/** The screen's key hints (how to go back), below the message. */
	hints: ReactNode;
};

/** A sub-screen whose work failed: the error mark and go's or gotune's message, wrapped in full, then the keys. */
export function FailedBlock({message, theme, hints}: Props) {
	return (
		<Box flexDirection="column">
			<Text wrap="wrap" color={STATUS_COLOR.error}>
				{theme.status.error} {message}
			</Text>
			{hints}
		</Box>
	);
}
