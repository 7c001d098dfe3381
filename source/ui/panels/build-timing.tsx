import {Box, Text} from 'ink';
import {formatDuration} from './format.js';
import type {PanelViewProps} from './types.js';

export function BuildTimingPanel({measurements, height}: PanelViewProps) {
	const builds = measurements.builds.slice(-height);
	if (builds.length === 0) return <Text dimColor>No builds measured yet.</Text>;
	return (
		<Box flexDirection="column">
			{builds.map((build, index) => (
				<Text key={index} wrap="truncate-end">
					<Text bold>{formatDuration(build.wallMs)}</Text> {build.label}
				</Text>
			))}
		</Box>
	);
}
