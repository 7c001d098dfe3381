import {Box, Text} from 'ink';
import {formatDuration} from './format.js';
import type {PanelViewProps} from './types.js';

export function BuildTimingPanel({measurements, height, width}: PanelViewProps) {
	const builds = measurements.builds.slice(-height);
	if (builds.length === 0) return <Text dimColor>No builds measured yet.</Text>;
	return (
		<Box flexDirection="column">
			{builds.map((build, index) => (
				<Text key={index} wrap="truncate-end">
					{formatDuration(build.wallMs).padStart(7)} {build.label.slice(0, Math.max(0, width - 8))}
				</Text>
			))}
		</Box>
	);
}
