import {Box, Text} from 'ink';
import type {ToolRow} from '../services/team-profile.js';
import {STATUS_COLOR, type Theme} from '../theme.js';

/**
 * The tools the team's profile expects (its `tools` list), each found or not, and whether applying installs it
 * (t leaves them all out or takes them back). Lines wrap whole, indented like the other sections.
 */
export function ToolsSection({rows, install, theme}: {rows: ToolRow[] | undefined; install: boolean; theme: Theme}) {
	if (rows === undefined) return <Text dimColor>Tools: looking for them{theme.ellipsis}</Text>;
	if (rows.length === 0) return null;
	const missing = rows.filter(r => r.install).length;
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Tools the team expects
			</Text>
			{rows.map(row => {
				const status = row.install ? 'warn' : 'ok';
				const words =
					row.found === undefined
						? `${row.name} (${row.role}) is not installed`
						: row.install
							? `${row.name} (${row.role}) ${row.found}; the team uses ${row.wanted ?? 'another version'}`
							: `${row.name} (${row.role}) ${row.found}`;
				const action = row.install ? (install ? `: installs ${row.word}` : ' (left out)') : '';
				return (
					<Box key={row.name} paddingLeft={2}>
						<Text color={STATUS_COLOR[status]}>{`${theme.status[status]} ${words}${action}`}</Text>
					</Box>
				);
			})}
			{missing > 0 ? (
				<Box paddingLeft={4}>
					<Text dimColor>
						{install
							? `t: leave the ${missing === 1 ? 'tool' : `${missing} tools`} out (go install builds ${missing === 1 ? 'it' : 'them'} when you apply, in the same change set)`
							: 't: install them with the settings'}
					</Text>
				</Box>
			) : null}
		</Box>
	);
}
