import {Box, Text} from 'ink';
import type {PanelViewProps} from './types.js';

export function HitRatesPanel({measurements}: PanelViewProps) {
	const rates = measurements.hitRates.filter(rate => rate.total > 0);
	if (rates.length === 0) return <Text dimColor>No hit rates measured yet.</Text>;
	return (
		<Box flexDirection="column">
			{rates.map(rate => (
				<Text key={rate.cache} wrap="truncate-end">
					{rate.cache}: {Math.round((rate.hits / rate.total) * 100)}% ({rate.hits} of {rate.total})
				</Text>
			))}
		</Box>
	);
}
