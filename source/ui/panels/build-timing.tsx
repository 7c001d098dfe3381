import {Box, Text} from 'ink';
import {formatDuration} from './format.js';
import type {PanelViewProps} from './types.js';

export function BuildTimingPanel({measurements, height}: PanelViewProps) {
	const builds = measurements.builds.slice(-height);
	if (builds.length === 0) return <Text dimColor>No builds measured yet.</Text>;
	return (
		<Box flexDirection="column">
			{builds.map(build => (
				<Text key={build.id} wrap="truncate-end">
					<Text bold>{build.status === 'done' && build.wallMs !== undefined ? formatDuration(build.wallMs) : build.status === 'failed' ? 'failed' : `${build.done ?? 0}/${build.total ?? '?'}`}</Text> {build.label}
				</Text>
			))}
		</Box>
	);
}
