import {Box, Text} from 'ink';
import type {Theme} from '../theme.js';

export type Part = {
	text: string;
	color?: string;
	bold?: boolean;
	dim?: boolean;
};

/** One terminal row: callers pre-wrap, so scrolling by rows is exact. */
export type Line = Part[];

type Props = {
	lines: Line[];
	offset: number;
	height: number;
	theme: Theme;
};

/** Shows `height` rows from `offset`; the first/last row says how much is hidden above/below instead. */
export function ScrollView({lines, offset, height, theme}: Props) {
	const {start, end, above, below} = visibleWindow(lines.length, offset, height);
	return (
		<Box flexDirection="column">
			{above > 0 ? (
				<Text dimColor>
					{theme.more.up} {above} more
				</Text>
			) : null}
			{lines.slice(start, end).map((line, index) => (
				<Text key={start + index} wrap="truncate-end">
					{line.length === 0
						? ' '
						: line.map((part, i) => (
								<Text key={i} color={part.color} bold={part.bold} dimColor={part.dim}>
									{part.text}
								</Text>
							))}
				</Text>
			))}
			{below > 0 ? (
				<Text dimColor>
					{theme.more.down} {below} more
				</Text>
			) : null}
		</Box>
	);
}

export function visibleWindow(total: number, offset: number, height: number) {
	if (total <= height) return {start: 0, end: total, above: 0, below: 0};
	const start = clampOffset(offset, total, height);
	const above = start > 0 ? start : 0;
	// The indicator rows take space from the content.
	const room = height - (above > 0 ? 1 : 0);
	const fits = start + room >= total;
	const end = fits ? total : start + room - 1;
	return {start, end, above, below: total - end};
}

/** Largest useful offset: the last page shows the last line (and the "more above" row). */
export function clampOffset(offset: number, total: number, height: number): number {
	if (total <= height) return 0;
	return Math.max(0, Math.min(offset, total - height + 1));
}
