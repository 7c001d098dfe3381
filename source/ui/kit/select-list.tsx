import {Box, Text} from 'ink';
import SelectInput, {type IndicatorProps, type ItemProps} from 'ink-select-input';
import {useMemo, type FC} from 'react';
import type {Theme} from '../theme.js';
import {selectWindow} from './select.js';
import {fitCell} from './table-row.js';

/**
 * A row under an item's label, one terminal row (the caller wraps it at selectRoom): a cache's path and free space,
 * a change set's entries. LIT rows are the label's own continuation (a size that wrapped) and light up with it.
 */
export type SelectRow = {text: string; color?: string; dim?: boolean; lit?: boolean};

/**
 * DIM: shown grey unless it is the current row (a choice that does not fit, an undone change set; still selectable).
 * COLOR: the label's colour when it is not the current row. ROWS: more rows under the label, the item's own: the
 * cursor marks the label, the window keeps the rows with it.
 */
export type SelectItem = {id: string; label: string; dim?: boolean; color?: string; rows?: ReadonlyArray<SelectRow>};

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

/** The cells a label or row has in a list WIDTH wide: what is left after the cursor column (pointer and one space). */
export function selectRoom(width: number, theme: Theme): number {
	return Math.max(1, width - theme.pointer.length - 1);
}

/**
 * A list with a cursor, drawn by ink-select-input. It draws; it does not read keys (isFocused={false} on SelectInput):
 * the step's reducer owns the selection and the keys, because its key bindings are also the hint row and the `?`
 * overlay, and it judges every key of a read in turn (useKeys), which ink-select-input does not (two ↓ in one read
 * move it once, "jjk" not at all), and 1–9 would select an item where they jump between steps. So the one patch it
 * needs (patches/ink-select-input+6.2.0.patch) is `index`: the highlighted row follows the reducer's `selected`. The
 * window is ours too (selectWindow, with "↑/↓ N more" rows): SelectInput gets only the visible items, never `limit`,
 * which rotates the list instead of scrolling it. The cursor is the theme's (❯, or `>` under --ascii) through
 * indicatorComponent: its default is figures' pointer in blue, Unicode whatever --ascii says. An item may have rows
 * under its label (SelectItem.rows): the cursor stays on the label and the window counts every row.
 */
export function SelectList({items, selected, theme, height, width, isFocused = true}: Props) {
	const sizes = items.map(item => 1 + (item.rows?.length ?? 0));
	const {start, end, above, below, cut} = selectWindow(sizes, selected, height ?? sizes.reduce((a, b) => a + b, 0));
	// Cut here with the theme's ellipsis (Ink's truncation would add a Unicode one under --ascii too).
	const room = width === undefined ? undefined : selectRoom(width, theme);
	const fitted = (text: string) => (room !== undefined && [...text].length > room ? fitCell(text, room, theme.ellipsis) : text);
	const current = selected >= start && selected < end ? selected - start : -1;
	const shown = items.slice(start, end).map((item, index) => ({
		key: item.id,
		value: item.id,
		label: fitted(item.label),
		dim: item.dim,
		color: item.color,
		// The selected item taller than the window on its own: its first rows (the "↓ N more" row counts the rest).
		rows: item.rows?.slice(0, index === current && cut !== undefined ? cut - 1 : undefined).map(row => ({...row, text: fitted(row.text)})),
	}));
	// The same component types from render to render while the theme and focus stay, so rows are updated, not remounted.
	const {Indicator, Item} = useMemo(() => rowParts(theme.pointer, isFocused), [theme.pointer, isFocused]);
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

type RowItemProps = ItemProps & {readonly dim?: boolean; readonly color?: string; readonly rows?: ReadonlyArray<SelectRow>};

/** The cursor column (pointer or as many spaces, then one space) and the label: the current row cyan and bold while focused, dim rows grey. */
function rowParts(pointer: string, isFocused: boolean): {Indicator: FC<IndicatorProps>; Item: FC<RowItemProps>} {
	const lit = (isSelected: boolean | undefined, dim?: boolean, color?: string) =>
		isSelected && isFocused ? {color: 'cyan', bold: true} : dim ? {color: 'gray'} : color ? {color} : {};
	return {
		Indicator: ({isSelected}) => (
			<Box marginRight={1} flexShrink={0}>
				<Text {...lit(isSelected)}>{isSelected ? pointer : ' '.repeat(pointer.length)}</Text>
			</Box>
		),
		// SelectInput hands the item component every field of the item ({...item, isSelected}): dim, color and rows among them.
		Item: ({isSelected, label, dim, color, rows}) => {
			const head = (
				<Text wrap="truncate-end" {...lit(isSelected, dim, color)}>
					{label}
				</Text>
			);
			if (!rows || rows.length === 0) return head;
			return (
				<Box flexDirection="column">
					{head}
					{rows.map((row, index) => (
						<Text
							key={index}
							wrap="truncate-end"
							{...(row.lit ? lit(isSelected, dim, color) : {color: row.color, dimColor: row.dim ?? dim})}
						>
							{row.text || ' '}
						</Text>
					))}
				</Box>
			);
		},
	};
}
