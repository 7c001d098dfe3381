import {Box, Text} from 'ink';
import type {ComponentType} from 'react';
import {useKeys} from '../kit/index.js';
import type {StepViewProps} from './types.js';

/** A step whose view does not exist yet: say so, and let the user move on. Never stand-in data. */
export function notBuiltStep(title: string): ComponentType<StepViewProps> {
	function NotBuiltStep({isActive, onNext}: StepViewProps) {
		useKeys(
			(_input, key) => {
				if (key.return) onNext();
			},
			{isActive},
		);
		return (
			<Box flexDirection="column" overflow="hidden">
				<Text bold wrap="truncate-end">
					{title}
				</Text>
				<Text wrap="truncate-end">The {title} step is not built yet in this version of gotune.</Text>
				<Text dimColor wrap="truncate-end">
					Nothing here reads or changes your settings. Enter goes on; Esc goes back.
				</Text>
			</Box>
		);
	}
	NotBuiltStep.displayName = `NotBuiltStep(${title})`;
	return NotBuiltStep;
}
