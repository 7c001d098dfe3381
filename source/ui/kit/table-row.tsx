import {Box, Text} from 'ink';
import type {CheckStatus} from '../../core/checks.js';
import {STATUS_COLOR, type Theme} from '../theme.js';

export type Column = {
	text: string;
	/** Cells; the text is cut with the theme's ellipsis when longer. */
	width: number;
	align?: 'left' | 'right';
	/** Where a long text loses characters: its end (default), or its middle (URLs: host and port both stay). */
	cut?: 'end' | 'middle';
	color?: string;
	dim?: boolean;
};

/** Fits text into exactly `width` cells: padded, or cut with an ellipsis (a path keeps its start). */
export function fitCell(
	text: string,
	width: number,
	ellipsis: string,
	align: 'left' | 'right' = 'left',
	cut: 'end' | 'middle' = 'end',
): string {
	const cells = Math.max(0, Math.floor(width));
	const chars = [...text];
	let fitted = text;
	if (chars.length > cells) {
		const keep = cells - ellipsis.length;
		if (keep <= 0) fitted = chars.slice(0, cells).join('');
		else if (cut === 'middle') {
			const head = Math.ceil(keep / 2);
			fitted = chars.slice(0, head).join('') + ellipsis + chars.slice(chars.length - (keep - head)).join('');
		} else fitted = chars.slice(0, keep).join('') + ellipsis;
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
						{fitCell(column.text, column.width, theme.ellipsis, column.align, column.cut)}
					</Text>
				))}
			</Text>
		</Box>
	);
}
