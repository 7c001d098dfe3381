import {Box, Text, useInput} from 'ink';
import type {ComponentType} from 'react';
import type {StepViewProps} from './types.js';

/** A step whose view does not exist yet: say so, and let the user move on. Never stand-in data. */
export function notBuiltStep(title: string): ComponentType<StepViewProps> {
	function NotBuiltStep({isActive, onNext}: StepViewProps) {
		useInput((_input, key) => {
			if (key.return) onNext();
		}, {isActive});
		return (
			<Box flexDirection="column">
				<Text bold>{title}</Text>
				<Text>The {title} step is not built yet in this version of gotune.</Text>
				<Text dimColor>Nothing here reads or changes your settings. Enter goes on; Esc goes back.</Text>
			</Box>
		);
	}
	NotBuiltStep.displayName = `NotBuiltStep(${title})`;
	return NotBuiltStep;
}
