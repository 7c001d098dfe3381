import {Box, Text} from 'ink';

/** A labelled row of a plan: an empty label continues the row above. */
type Row = {label: string; text: string};

/**
 * A plan's labelled rows (the shared build cache's planRows), each text wrapped under itself (a hanging indent: the
 * paths are long): the Cache step's share screen and the onboarding draw the same rows the same way.
 */
export function PlanRows({rows, indent = 0}: {rows: Row[]; indent?: number}) {
	return (
		<Box flexDirection="column" paddingLeft={indent}>
			{rows.map((row, i) => (
				<Box key={i}>
					<Box width={9} flexShrink={0}>
						<Text dimColor>{row.label}</Text>
					</Box>
					<Text wrap="wrap">{row.text}</Text>
				</Box>
			))}
		</Box>
	);
}
