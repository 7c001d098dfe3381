/** Pure helpers behind SelectList, for reducers: move and clamp (no wrap-around), and the visible window. */
export function moveSelection(selected: number, by: number, count: number): number {
	if (count <= 0) return 0;
	return Math.max(0, Math.min(count - 1, selected + by));
}

/** A window onto a list: items start..end-1 shown, ABOVE and BELOW rows hidden; CUT rows of the current item when it alone is taller. */
export type SelectWindow = {start: number; end: number; above: number; below: number; cut?: number};

/**
 * Which items a list of `height` rows shows so the selected one is always visible: rows for "n more" above and
 * below are taken from the items (issue 7: at 40×12 the pointer vanished below the box). SIZES is the item count (one
 * row each) or each item's rows (a label with rows under it: the Cache step's caches, the rollback log's change sets);
 * above and below count rows, which for one-row items are items. An item taller than the window on its own shows its
 * first rows (`cut`), the rest counted below.
 */
export function selectWindow(sizes: number | ReadonlyArray<number>, selected: number, height: number): SelectWindow {
	const rowsOf = typeof sizes === 'number' ? Array.from({length: sizes}, () => 1) : sizes.map(size => Math.max(1, Math.floor(size)));
	const count = rowsOf.length;
	const rows = Math.max(1, Math.floor(height));
	const sum = (from: number, to: number) => rowsOf.slice(from, to).reduce((a, b) => a + b, 0);
	if (sum(0, count) <= rows) return {start: 0, end: count, above: 0, below: 0};
	const current = moveSelection(selected, 0, count);
	// Below 3 rows there is no room for "n more" indicators: items only, the selected one among them.
	const indicators = rows >= 3;
	const need = (from: number, to: number) => sum(from, to) + (indicators ? (from > 0 ? 1 : 0) + (to < count ? 1 : 0) : 0);
	let start = current;
	let end = current + 1;
	// Grow around the selected item, one before then one after, while the window holds them: it stays near the middle.
	for (let grew = true; grew;) {
		grew = false;
		if (start > 0 && need(start - 1, end) <= rows) {
			start -= 1;
			grew = true;
		}
		if (end < count && need(start, end + 1) <= rows) {
			end += 1;
			grew = true;
		}
	}
	const fits = need(start, end) <= rows;
	// The selected item alone is taller: its first rows, with a "more" row under them for the rest.
	const cut = fits ? undefined : Math.max(1, rows - (indicators ? 1 + (start > 0 ? 1 : 0) : 0));
	if (!indicators) return {start, end, above: 0, below: 0, ...(cut === undefined ? {} : {cut})};
	const hidden = cut === undefined ? 0 : rowsOf[current]! - cut;
	return {start, end, above: sum(0, start), below: sum(end, count) + hidden, ...(cut === undefined ? {} : {cut})};
}
