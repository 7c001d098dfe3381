import {Box, Text} from 'ink';
import SelectInput, {type IndicatorProps, type ItemProps} from 'ink-select-input';
import {useMemo, type FC} from 'react';
import type {Theme} from '../theme.js';
import {selectWindow} from './select.js';
import {fitCell} from './table-row.js';

/** DIM: shown grey unless it is the current row (a choice that does not fit, still selectable). */
export type SelectItem = {id: string; label: string; dim?: boolean};

type Props = {
	items: ReadonlyArray<SelectItem>;
	/** Owned by the step's reducer (moveSelection), so keys are reducer actions. Out of range: no row has the cursor. */
	selected: number;
	theme: Theme;
	/** Rows it may use; the selected item always stays in view. */
	height?: number;
	width?: number;
	isFocused?: boolean;
};

/**
 * A list with a cursor, drawn by ink-select-input. It draws; it does not read keys (isFocused={false} on SelectInput):
 * the step's reducer owns the selection and the keys, because its key bindings are also the hint row and the `?`
 * overlay, and it judges every key of a read in turn (useKeys), which ink-select-input does not (two ↓ in one read
 * move it once, "jjk" not at all), and 1–9 would select an item where they jump between steps. So the one patch it
 * needs (patches/ink-select-input+6.2.0.patch) is `index`: the highlighted row follows the reducer's `selected`. The
 * window is ours too (selectWindow, with "↑/↓ N more" rows): SelectInput gets only the visible items, never `limit`,
 * which rotates the list instead of scrolling it. The cursor is the theme's (❯, or `>` under --ascii) through
 * indicatorComponent: its default is figures' pointer in blue, Unicode whatever --ascii says.
 */
export function SelectList({items, selected, theme, height = items.length, width, isFocused = true}: Props) {
	const {start, end, above, below} = selectWindow(items.length, selected, height);
	// Cut here with the theme's ellipsis (Ink's truncation would add a Unicode one under --ascii too).
	const room = width === undefined ? undefined : width - theme.pointer.length - 1;
	const shown = items.slice(start, end).map(item => ({
		key: item.id,
		value: item.id,
		label: room !== undefined && [...item.label].length > room ? fitCell(item.label, room, theme.ellipsis) : item.label,
		dim: item.dim,
	}));
	// The same component types from render to render while the theme and focus stay, so rows are updated, not remounted.
	const {Indicator, Item} = useMemo(() => rowParts(theme.pointer, isFocused), [theme.pointer, isFocused]);
	const current = selected >= start && selected < end ? selected - start : -1;
	return (
		<Box flexDirection="column" width={width}>
			{above > 0 ? (
				<Text dimColor wrap="truncate-end">
					{theme.more.up} {above} more
				</Text>
			) : null}
			<SelectInput items={shown} index={current} isFocused={false} indicatorComponent={Indicator} itemComponent={Item} />
			{below > 0 ? (
				<Text dimColor wrap="truncate-end">
					{theme.more.down} {below} more
				</Text>
			) : null}
		</Box>
	);
}

/** The cursor column (pointer or as many spaces, then one space) and the label: the current row cyan and bold while focused, dim rows grey. */
function rowParts(pointer: string, isFocused: boolean): {Indicator: FC<IndicatorProps>; Item: FC<ItemProps & {readonly dim?: boolean}>} {
	const lit = (isSelected: boolean | undefined, dim?: boolean) =>
		isSelected && isFocused ? {color: 'cyan', bold: true} : dim ? {color: 'gray'} : {};
	return {
		Indicator: ({isSelected}) => (
			<Box marginRight={1} flexShrink={0}>
				<Text {...lit(isSelected)}>{isSelected ? pointer : ' '.repeat(pointer.length)}</Text>
			</Box>
		),
		// SelectInput hands the item component every field of the item ({...item, isSelected}), `dim` among them.
		Item: ({isSelected, label, dim}) => (
			<Text wrap="truncate-end" {...lit(isSelected, dim)}>
				{label}
			</Text>
		),
	};
}
