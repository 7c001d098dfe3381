import {Box, Text} from 'ink';

type Props = {
	value: string;
	cursor: number;
	focus: boolean;
	placeholder?: string;
	/** Lines shown at most: a long paste shows the lines up to the cursor's, and how many are above. */
	maxLines?: number;
};

/**
 * A multi-line text field's look: each line of the value, the cursor as an inverse cell (at a line's end, a space).
 * Presentational like TextField: the owner's reducer edits the value (editText, Enter as a new line).
 */
export function TextArea({value, cursor, focus, placeholder, maxLines = Infinity}: Props) {
	if (value === '')
		return (
			<Text>
				{focus ? <Text inverse>{placeholder?.[0] ?? ' '}</Text> : null}
				<Text dimColor>{focus ? (placeholder?.slice(1) ?? '') : (placeholder ?? '')}</Text>
			</Text>
		);
	const at = Math.max(0, Math.min(cursor, value.length));
	const lines = value.split('\n');
	const cursorLine = value.slice(0, at).split('\n').length - 1;
	const first = Math.max(0, Math.min(cursorLine + 1, lines.length) - maxLines);
	const last = Math.min(lines.length, first + maxLines);
	// Where each line starts in the value, to find the cursor's cell.
	const starts: number[] = [];
	for (let index = 0, position = 0; index < lines.length; position += lines[index]!.length + 1, index++) starts.push(position);
	return (
		<Box flexDirection="column">
			{first > 0 ? <Text dimColor>{`… ${first} line${first === 1 ? '' : 's'} above`}</Text> : null}
			{lines.slice(first, last).map((line, offset) => {
				const index = first + offset;
				const from = starts[index]!;
				const here = focus && at >= from && at <= from + line.length;
				if (!here) return <Text key={index}>{line === '' ? ' ' : shown(line)}</Text>;
				const column = at - from;
				return (
					<Text key={index}>
						{shown(line.slice(0, column))}
						<Text inverse>{line[column] === undefined || line[column] === '\t' ? ' ' : line[column]}</Text>
						{shown(line.slice(column + 1))}
					</Text>
				);
			})}
		</Box>
	);
}

/** A tab as the terminal would show go's indented lines (a raw tab would move Ink's cursor past the box). */
function shown(text: string): string {
	return text.replace(/\t/g, '    ');
}
