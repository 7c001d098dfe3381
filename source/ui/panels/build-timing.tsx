import {Box, Text} from 'ink';
import {memo} from 'react';
import {buildTimingLines} from './build-timing-lines.js';
import {samePanelView, type PanelViewProps} from './types.js';

/** Pure view of the fold: React.memo, so a redraw happens only when the measurements (or size) change. */
export const BuildTimingPanel = memo(function BuildTimingPanel({measurements, width, height, theme}: PanelViewProps) {
	const lines = buildTimingLines(measurements, width, height, theme);
	return (
		<Box flexDirection="column">
			{lines.map((line, index) => (
				<Text
					key={index}
					wrap="truncate-end"
					dimColor={line.tone === 'dim'}
					color={line.tone === 'red' ? 'red' : undefined}
					bold={line.tone === 'bold'}
				>
					{line.text}
				</Text>
			))}
		</Box>
	);
}, samePanelView);
