import {Box, Text} from 'ink';
import {wrapParts, type Part} from './lines.js';

type Style = Omit<Part, 'text'>;

/**
 * A sentence wrapped at WIDTH between words by gotune's own wrap (source/text/wrap), one Text per row: no row starts
 * with the space it broke at (Ink's wrap="wrap" kept it when a word ended flush with the width), and a view that
 * counts rows with wrap() gets the rows drawn. TEXT in one style, or PARTS with a style each (a bold value).
 */
export function WrappedText({
	text,
	parts,
	width,
	...style
}: Style & {width: number} & ({text: string; parts?: never} | {parts: Part[]; text?: never})) {
	const rows = wrapParts(parts ?? [{text: text ?? '', ...style}], width);
	return (
		<Box flexDirection="column">
			{rows.map((row, index) => (
				<Text key={index} wrap="truncate-end" color={style.color} bold={style.bold} dimColor={style.dim}>
					{row.length === 0
						? ' '
						: row.map((part, i) => (
								<Text key={i} color={part.color} bold={part.bold} dimColor={part.dim}>
									{part.text}
								</Text>
							))}
				</Text>
			))}
		</Box>
	);
}
