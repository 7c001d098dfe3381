import {Box, Text} from 'ink';
import {wrap} from '../../text/wrap.js';
import type {Theme} from '../theme.js';
import {hintEntries, type HintEntry, type KeyBinding} from './bindings.js';
import {useRegisterHints} from './hint-registry.js';

type Props<Action> = {
	bindings: ReadonlyArray<KeyBinding<Action>>;
	theme: Theme;
	prefix?: string;
	/** Text run straight into the hints (no separator): a sentence the hints finish. */
	lead?: string;
	/** The box's width: the row wraps there, between hints (keyHintRows). Without it the row is cut at the box's edge. */
	width?: number;
};

/**
 * The dim hint row under a step or panel, made from the same bindings its key handler uses; its entries also go to
 * the help overlay (hint-registry.tsx).
 */
export function KeyHints<Action>({bindings, theme, prefix, lead = '', width}: Props<Action>) {
	const entries = hintEntries(bindings, theme);
	useRegisterHints(entries);
	if (width !== undefined)
		return (
			<Box flexDirection="column">
				{hintRows(entries, theme, width, {prefix, lead}).map((row, index) => (
					<Text key={index} dimColor wrap="truncate-end">
						{row || ' '}
					</Text>
				))}
			</Box>
		);
	const line = entries.map(entry => `${entry.keys} ${entry.hint}`).join(theme.separator);
	return (
		<Text dimColor wrap="truncate-end">
			{lead + [prefix, line].filter(Boolean).join(theme.separator) || ' '}
		</Text>
	);
}

/**
 * A key line written as text (PARTS such as 'Enter: apply 2 chosen', 's: skip'; the screen's own keys, not bindings),
 * wrapped at WIDTH between parts like KeyHints: never cut at the border, no row starting with the separator.
 */
export function KeyLine({parts, theme, width}: {parts: string[]; theme: Theme; width: number}) {
	return (
		<Box flexDirection="column">
			{hintRows(
				parts.map(keys => ({keys, hint: ''})),
				theme,
				width,
				{},
			).map((row, index) => (
				<Text key={index} dimColor wrap="truncate-end">
					{row || ' '}
				</Text>
			))}
		</Box>
	);
}

/** The rows KeyHints draws for BINDINGS in WIDTH cells (a view that counts its rows asks this). */
export function keyHintRows<Action>(
	bindings: ReadonlyArray<KeyBinding<Action>>,
	theme: Theme,
	width: number,
	options: {prefix?: string | undefined; lead?: string | undefined} = {},
): string[] {
	return hintRows(hintEntries(bindings, theme), theme, width, options);
}

/**
 * The hint row wrapped at WIDTH between hints: every row starts with the lead or a hint, never with a separator
 * (Ink's word wrap broke at the separator's first space and started the next row with " · "). A hint wider than the
 * row wraps at its words; the lead wraps as a sentence, the first hint following it on its last row when it fits.
 */
function hintRows(
	entries: HintEntry[],
	theme: Theme,
	width: number,
	{prefix, lead = ''}: {prefix?: string | undefined; lead?: string | undefined},
): string[] {
	const room = Math.max(1, Math.floor(width));
	const cells = (text: string) => [...text].length;
	const pieces = [...(prefix ? [prefix] : []), ...entries.map(entry => (entry.hint ? `${entry.keys} ${entry.hint}` : entry.keys))];
	const rows = lead.trim() ? wrap(lead.trimEnd(), room, '') : [];
	// The lead's last row, open for the first hint (the lead ends in its own space).
	let row = rows.length > 0 ? `${rows.pop()!}${lead.endsWith(' ') ? ' ' : ''}` : '';
	let first = true;
	for (const piece of pieces) {
		const joined = `${row}${first ? '' : theme.separator}${piece}`;
		first = false;
		if (cells(joined) <= room) {
			row = joined;
			continue;
		}
		if (row.trim()) rows.push(row.trimEnd());
		const wrapped = wrap(piece, room, '');
		row = wrapped.pop()!;
		rows.push(...wrapped);
	}
	if (row.trim() || rows.length === 0) rows.push(row.trimEnd());
	return rows;
}
