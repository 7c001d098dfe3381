import {Box, Text} from 'ink';
import type {Theme} from '../theme.js';
import {selectWindow} from './select.js';
import {fitCell} from './table-row.js';

export type SelectItem = {id: string; label: string};

type Props = {
	items: ReadonlyArray<SelectItem>;
	/** Owned by the step's reducer (moveSelection), so keys are reducer actions. */
	selected: number;
	theme: Theme;
	/** Rows it may use; the selected item always stays in view. */
	height?: number;
	width?: number;
	isFocused?: boolean;
};

/**
 * ink-select-input's look (pointer, highlighted row) on the kit's keys. Not ink-select-input itself: it keeps the
 * selection in its own state updated from a closure (two ↓ in one read move once), matches "j"/"k" only when
 * alone ("jjk" does nothing), hard-codes the Unicode pointer (no --ascii) and rotates instead of scrolling.
 */
export function SelectList({items, selected, theme, height = items.length, width, isFocused = true}: Props) {
	const {start, end, above, below} = selectWindow(items.length, selected, height);
	return (
		<Box flexDirection="column" width={width}>
			{above > 0 ? (
				<Text dimColor wrap="truncate-end">
					{theme.more.up} {above} more
				</Text>
			) : null}
			{items.slice(start, end).map((item, offset) => {
				const index = start + offset;
				const current = index === selected;
				// Cut here with the theme's ellipsis (Ink's truncation would add a Unicode one under --ascii too).
				const room = width === undefined ? undefined : width - theme.pointer.length - 1;
				const label = room !== undefined && [...item.label].length > room ? fitCell(item.label, room, theme.ellipsis) : item.label;
				return (
					<Text key={item.id} wrap="truncate-end" color={current && isFocused ? 'cyan' : undefined} bold={current && isFocused}>
						{current ? theme.pointer : ' '.repeat(theme.pointer.length)} {label}
					</Text>
				);
			})}
			{below > 0 ? (
				<Text dimColor wrap="truncate-end">
					{theme.more.down} {below} more
				</Text>
			) : null}
		</Box>
	);
}
