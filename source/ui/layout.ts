/** At this width and above, the panels stand in a column beside the step; below it, in a tabbed row under it. */
export const WIDE_COLUMNS = 100;
const PANEL_COLUMN_WIDTH = 34;
/** Border + tab line + two lines of content. */
const PANEL_ROW_HEIGHT = 5;
/** Border (2) + horizontal padding (2). */
const BOX_CHROME_X = 4;
const BOX_CHROME_Y = 2;

export type Layout = {
	wide: boolean;
	columns: number;
	stepBox: {width: number; height: number};
	/** What the step view may fill: inside the border and padding. */
	stepInner: {width: number; height: number};
	/** Narrow: the tabbed row. Wide: the first panels of the column (the last takes what is left, see panelHeights). */
	panelBox: {width: number; height: number};
	panelInner: {width: number; height: number};
};

/** Wide layout: stacked panels fill the step's height exactly, the last one taking the rounding remainder. */
export function panelHeights(layout: Layout, count: number): number[] {
	if (count === 0) return [];
	const each = Math.floor(layout.stepBox.height / count);
	return Array.from({length: count}, (_, i) => (i < count - 1 ? each : layout.stepBox.height - each * (count - 1)));
}

/** Rows inside a stacked panel: border and title row taken off. */
export function panelInnerHeight(boxHeight: number): number {
	return Math.max(1, boxHeight - BOX_CHROME_Y - 1);
}

/**
 * Sizes for the whole screen. The frame is kept one row shorter than the terminal: when Ink's output is as
 * tall as the screen it clears the whole terminal on every redraw, which flickers.
 */
export function computeLayout(columns: number, rows: number, headerHeight: number): Layout {
	const footer = 1;
	const body = Math.max(8, rows - headerHeight - footer - 1);
	const wide = columns >= WIDE_COLUMNS;
	if (wide) {
		const stepWidth = columns - PANEL_COLUMN_WIDTH;
		// Three panels stacked; each has its title on the first inner line.
		const panelHeight = Math.floor(body / 3);
		return {
			wide, columns,
			stepBox: {width: stepWidth, height: body},
			stepInner: {width: stepWidth - BOX_CHROME_X, height: body - BOX_CHROME_Y},
			panelBox: {width: PANEL_COLUMN_WIDTH, height: panelHeight},
			panelInner: {width: PANEL_COLUMN_WIDTH - BOX_CHROME_X, height: panelInnerHeight(panelHeight)},
		};
	}
	const stepHeight = Math.max(4, body - PANEL_ROW_HEIGHT);
	return {
		wide, columns,
		stepBox: {width: columns, height: stepHeight},
		stepInner: {width: columns - BOX_CHROME_X, height: stepHeight - BOX_CHROME_Y},
		panelBox: {width: columns, height: PANEL_ROW_HEIGHT},
		panelInner: {width: columns - BOX_CHROME_X, height: PANEL_ROW_HEIGHT - BOX_CHROME_Y - 1},
	};
}
