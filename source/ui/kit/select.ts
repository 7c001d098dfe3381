/** Pure helpers behind SelectList, for reducers: move and clamp (no wrap-around), and the visible window. */
export function moveSelection(selected: number, by: number, count: number): number {
	if (count <= 0) return 0;
	return Math.max(0, Math.min(count - 1, selected + by));
}

/**
 * Which items a list of `height` rows shows so the selected one is always visible: rows for "n more" above and
 * below are taken from the items (issue 7: at 40×12 the pointer vanished below the box).
 */
export function selectWindow(count: number, selected: number, height: number): {start: number; end: number; above: number; below: number} {
	const rows = Math.max(1, Math.floor(height));
	if (count <= rows) return {start: 0, end: count, above: 0, below: 0};
	const current = moveSelection(selected, 0, count);
	// Below 3 rows there is no room for "n more" indicators: items only, the selected one among them.
	const room = rows >= 3 ? rows - 2 : rows;
	let start = Math.max(0, Math.min(current - Math.floor(room / 2), count - room));
	let end = start + room;
	if (rows < 3) return {start, end, above: 0, below: 0};
	// At either end the indicator on that side is not needed: give its row back.
	if (start === 0) end = Math.min(count, end + 1);
	else if (end === count) start = Math.max(0, start - 1);
	return {start, end, above: start, below: count - end};
}
