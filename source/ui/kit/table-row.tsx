import {Box, Text} from 'ink';
import type {CheckStatus} from '../../core/checks.js';
import {STATUS_COLOR, type Theme} from '../theme.js';

export type Column = {
	text: string;
	/** Cells; the text is cut with the theme's ellipsis when longer. */
	width: number;
	align?: 'left' | 'right';
	color?: string;
	dim?: boolean;
};

/** Fits text into exactly `width` cells: padded, or cut with an ellipsis (a path keeps its start). */
export function fitCell(text: string, width: number, ellipsis: string, align: 'left' | 'right' = 'left'): string {
	const cells = Math.max(0, Math.floor(width));
	const chars = [...text];
	let fitted = text;
	if (chars.length > cells) {
		fitted = cells > ellipsis.length ? chars.slice(0, cells - ellipsis.length).join('') + ellipsis : chars.slice(0, cells).join('');
	}
	return align === 'right' ? fitted.padStart(cells) : fitted.padEnd(cells);
}

type Props = {
	columns: ReadonlyArray<Column>;
	theme: Theme;
	/** A status mark first (✓ ! ✗, or [ok] [!] [x] under --ascii); absent while the row is still running. */
	status?: CheckStatus;
	/** Shown instead of the status mark while the row is live (a spinner, a dot). */
	pending?: string;
	bold?: boolean;
};

/** One row of a live table: fixed columns separated by a space, truncated, with a status mark. */
export function TableRow({columns, theme, status, pending = ' ', bold}: Props) {
	const markWidth = theme.status.error.length;
	const mark = status === undefined ? fitCell(pending, markWidth, '') : fitCell(theme.status[status], markWidth, '');
	return (
		<Box>
			<Text wrap="truncate-end" bold={bold}>
				<Text color={status === undefined ? undefined : STATUS_COLOR[status]}>{mark}</Text>
				{columns.map((column, index) => (
					<Text key={index} color={column.color} dimColor={column.dim}>
						{' '}
						{fitCell(column.text, column.width, theme.ellipsis, column.align)}
					</Text>
				))}
			</Text>
		</Box>
	);
}
