import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {useMemo} from 'react';
import {ScrollView} from '../components/scroll-view.js';
import {useScroll} from '../hooks/use-scroll.js';
import {useToolchainFindings} from '../hooks/use-toolchain-findings.js';
import {STATUS_COLOR} from '../theme.js';
import {toolchainLines} from './toolchain-lines.js';
import type {StepViewProps} from './types.js';

/** Read-only: which go runs, what it hides, and where every tracked setting comes from. */
export function ToolchainStep({services, theme, isActive, width, height, onNext}: StepViewProps) {
	const state = useToolchainFindings(services);
	const lines = useMemo(
		() => (state.status === 'ready' ? toolchainLines(state.findings, width, theme) : []),
		[state, width, theme],
	);
	// Title row + the hint row below the findings.
	const viewHeight = Math.max(1, height - 2);
	const offset = useScroll(lines.length, viewHeight, isActive && state.status === 'ready');
	useInput((_input, key) => {
		if (key.return) onNext();
	}, {isActive: isActive && state.status !== 'loading'});

	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">Toolchain{theme.separator}which go runs and where its settings come from</Text>
			{state.status === 'loading' ? (
				<Text>
					<Text color="cyan"><Spinner type={theme.spinner} /></Text> Looking for go commands and reading go env{theme.ellipsis}
				</Text>
			) : state.status === 'failed' ? (
				<Box flexDirection="column">
					<Text color={STATUS_COLOR.error}>{theme.status.error} The toolchain checks could not run: {state.message}</Text>
					<Text dimColor>gotune doctor runs the same checks outside the wizard.</Text>
				</Box>
			) : (
				<ScrollView lines={lines} offset={offset} height={viewHeight} theme={theme} />
			)}
			{state.status === 'loading' ? null : (
				<Text dimColor wrap="truncate-end">
					{lines.length > viewHeight ? `${theme.more.up}/${theme.more.down} scroll${theme.separator}` : ''}Enter continue to the next step
				</Text>
			)}
		</Box>
	);
}
