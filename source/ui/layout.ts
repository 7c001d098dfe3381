/**
 * At this width and above, the panels stand in a column beside the step; below it, in a tabbed row under it. While
 * every panel is empty they are one summary line under the step at any width.
 */
export const WIDE_COLUMNS = 100;
/** Below this the wizard shows one "terminal too small" line instead of boxes that cannot hold a word. */
export const MIN_COLUMNS = 20;
export const MIN_ROWS = 8;
const PANEL_COLUMN_WIDTH = 34;
/** From this width the panel column grows with the terminal (the rollback log's lines were cut at 32 even at 160). */
const PANEL_COLUMN_GROWS = 150;
const PANEL_COLUMN_MAX = 64;

/** The wide layout's panel column: 34 cells up to 149 columns, then about a third of the terminal (at most 64). */
export function panelColumnWidth(columns: number): number {
	return columns < PANEL_COLUMN_GROWS ? PANEL_COLUMN_WIDTH : Math.min(PANEL_COLUMN_MAX, Math.floor(columns * 0.32));
}
/** Border + tab line + two lines of content. */
const PANEL_ROW_HEIGHT = 5;
/** Short terminals: border + tab line only, so the step keeps rows for its content (40×12 showed none). */
const PANEL_ROW_COMPACT = 3;
/** Every panel empty (nothing measured, nothing applied): one summary line, no border, at every width. */
const PANEL_ROW_COLLAPSED = 1;
/** Wide column: an empty panel while others have something: border, title and its one line ("No builds measured yet."). */
const EMPTY_PANEL_BOX = 4;
/** Below this many body rows the panel row is compact (unless a panel has the keys). */
const COMPACT_BELOW = 14;
/** Border (2) + horizontal padding (2). */
const BOX_CHROME_X = 4;
const BOX_CHROME_Y = 2;

export type Layout = {
	/** The panels stand in a column beside the step (>= 100 columns, unless they are collapsed to their summary line). */
	wide: boolean;
	columns: number;
	/** The terminal cannot hold the frame: show the "too small" line (the views stay mounted, hidden). */
	tooSmall: boolean;
	stepBox: {width: number; height: number};
	/** What the step view may fill: inside the border and padding (at least 1×1). */
	stepInner: {width: number; height: number};
	/** Narrow: the tabbed row. Wide: the first panels of the column (the last takes what is left, see panelHeights). */
	panelBox: {width: number; height: number};
	/** Narrow: 0 rows when the row is compact (only the tabs show) or collapsed. */
	panelInner: {width: number; height: number};
	/** Every panel empty and none focused: the panels are one summary line under the step, at any width. */
	panelsCollapsed: boolean;
	/** Wide: each stacked panel's box height (an empty one is a small box). */
	panelRows: number[];
};

/** Wide layout: each stacked panel's height; together they fill the step's height exactly. */
export function panelHeights(layout: Layout, count: number): number[] {
	return layout.panelRows.length === count
		? layout.panelRows
		: stacked(
				layout.stepBox.height,
				Array.from({length: count}, () => false),
			);
}

/**
 * Boxes stacked in HEIGHT rows: an EMPTY panel gets a small box (its title and one line) while there is room for one,
 * the others share the rest evenly, the last taking the rounding remainder.
 */
function stacked(height: number, empty: ReadonlyArray<boolean>): number[] {
	const count = empty.length;
	if (count === 0) return [];
	const small = Math.floor(height / count) > EMPTY_PANEL_BOX && empty.some(e => !e) ? EMPTY_PANEL_BOX : undefined;
	const full = small === undefined ? count : empty.filter(e => !e).length;
	const each = Math.floor((height - (small === undefined ? 0 : small * (count - full))) / full);
	const rows = empty.map(e => (small !== undefined && e ? small : each));
	const lastFull = small === undefined ? count - 1 : empty.lastIndexOf(false);
	rows[lastFull] = height - rows.reduce((a, b) => a + b, 0) + rows[lastFull]!;
	return rows;
}

/** Rows inside a stacked panel: border and title row taken off. */
export function panelInnerHeight(boxHeight: number): number {
	return Math.max(1, boxHeight - BOX_CHROME_Y - 1);
}

const inner = (size: number, chrome: number) => Math.max(1, size - chrome);

/**
 * Sizes for the whole screen, for `panelCount` panels (the registry's length, not a fixed 3). The frame is kept
 * one row shorter than the terminal: when Ink's output is as tall as the screen it clears the whole terminal on
 * every redraw, which flickers. `panelFocused`: a compact panel row grows back while a panel has the keys.
 * `empty`: which panels have nothing to show yet (by index). All of them: the panels are one summary line under the
 * step at any width, until a panel has something to show or the keys (issue 19); some, in the wide column: small boxes.
 */
export function computeLayout(
	columns: number,
	rows: number,
	headerHeight: number,
	panelCount: number,
	{panelFocused = false, empty = []}: {panelFocused?: boolean; empty?: ReadonlyArray<boolean>} = {},
): Layout {
	const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	const footer = 1;
	const body = Math.max(4, rows - headerHeight - footer - 1);
	const emptyOf = Array.from({length: panelCount}, (_, i) => empty[i] ?? false);
	const panelsEmpty = panelCount > 0 && emptyOf.every(Boolean);
	const wide = columns >= WIDE_COLUMNS && panelCount > 0 && (panelFocused || !panelsEmpty);
	if (wide) {
		const panelWidth = panelColumnWidth(columns);
		const stepWidth = columns - panelWidth;
		// The panels stacked; each has its title on the first inner line. Tab into panels that are all empty: even boxes.
		const panelRows = stacked(body, emptyOf);
		// The first full panel's box (the last one takes the rounding remainder).
		const panelHeight = panelRows[Math.max(0, emptyOf.indexOf(false))]!;
		return {
			wide,
			columns,
			tooSmall,
			stepBox: {width: stepWidth, height: body},
			stepInner: {width: inner(stepWidth, BOX_CHROME_X), height: inner(body, BOX_CHROME_Y)},
			panelBox: {width: panelWidth, height: panelHeight},
			panelInner: {width: panelWidth - BOX_CHROME_X, height: panelInnerHeight(panelHeight)},
			panelsCollapsed: false,
			panelRows,
		};
	}
	// A focused panel (the rollback log being read) gets half the body, not two rows: 80×24 showed one entry at a time.
	const panelRow =
		panelCount === 0
			? 0
			: panelFocused
				? Math.max(PANEL_ROW_HEIGHT, Math.floor(body / 2))
				: panelsEmpty
					? PANEL_ROW_COLLAPSED
					: body < COMPACT_BELOW
						? PANEL_ROW_COMPACT
						: PANEL_ROW_HEIGHT;
	const stepHeight = Math.max(3, body - panelRow);
	return {
		wide,
		columns,
		tooSmall,
		stepBox: {width: columns, height: stepHeight},
		stepInner: {width: inner(columns, BOX_CHROME_X), height: inner(stepHeight, BOX_CHROME_Y)},
		panelBox: {width: columns, height: panelRow},
		panelInner: {width: inner(columns, BOX_CHROME_X), height: Math.max(0, panelRow - BOX_CHROME_Y - 1)},
		panelsCollapsed: panelRow === PANEL_ROW_COLLAPSED,
		panelRows: [],
	};
}
