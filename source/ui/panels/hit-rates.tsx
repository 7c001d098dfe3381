import {Box, Text} from 'ink';
import type {PanelViewProps} from './types.js';

export function HitRatesPanel({measurements}: PanelViewProps) {
	const last = measurements.builds.findLast(b => b.status === 'done' && b.hits !== undefined && b.misses !== undefined);
	if (last === undefined) return <Text dimColor>No hit rates measured yet.</Text>;
	const total = last.hits! + last.misses!;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">GOCACHE: {total === 0 ? 'no build actions' : `${Math.round((last.hits! / total) * 100)}% (${last.hits} of ${total})`} {last.label}</Text>
			{measurements.modules ? <Text wrap="truncate-end">GOMODCACHE: {measurements.modules.reused} reused, {measurements.modules.downloaded} downloaded</Text> : null}
		</Box>
	);
}
