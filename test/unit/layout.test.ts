import {describe, expect, it} from 'vitest';
import {formatChecks, styleFor} from '../../source/commands/output.js';
import {computeLayout, panelHeights} from '../../source/ui/layout.js';

describe('layout by the number of panels', () => {
	it.each([1, 2, 3, 4, 5])('wide: %i stacked panels fill the step height exactly', count => {
		const layout = computeLayout(120, 40, 1, count);
		expect(layout.wide).toBe(true);
		expect(layout.panelBox.height).toBe(Math.floor(layout.stepBox.height / count));
		expect(panelHeights(layout, count).reduce((a, b) => a + b, 0)).toBe(layout.stepBox.height);
	});

	it('no panels: the step takes the whole width and height', () => {
		const layout = computeLayout(120, 40, 1, 0);
		expect(layout.stepBox.width).toBe(120);
		expect(computeLayout(80, 24, 1, 0).stepBox.height).toBe(24 - 1 - 1 - 1);
	});

	it('short terminals: the tab row shrinks to its tabs, and grows back while a panel has the keys', () => {
		const short = computeLayout(40, 12, 1, 3);
		expect(short.panelBox.height).toBe(3);
		expect(short.panelInner.height).toBe(0);
		expect(short.stepInner.height).toBe(4);
		expect(computeLayout(40, 12, 1, 3, {panelFocused: true}).panelBox.height).toBe(5);
		expect(computeLayout(80, 24, 1, 3).panelBox.height).toBe(5);
	});

	it('empty panels at every width: one summary line, the rest to the step; open again while focused', () => {
		const all = [true, true, true];
		for (const [columns, rows] of [
			[60, 20],
			[80, 24],
			[100, 30],
			[120, 40],
			[200, 60],
		] as const) {
			const open = computeLayout(columns, rows, 1, 3);
			const collapsed = computeLayout(columns, rows, 1, 3, {empty: all});
			expect(collapsed.panelsCollapsed).toBe(true);
			expect(collapsed.wide).toBe(false);
			expect(collapsed.panelBox.height).toBe(1);
			// The step gets the whole width and every row but the summary line.
			expect(collapsed.stepBox.width).toBe(columns);
			expect(collapsed.stepBox.height).toBe((open.wide ? open.stepBox.height : open.stepBox.height + open.panelBox.height) - 1);
			const focused = computeLayout(columns, rows, 1, 3, {empty: all, panelFocused: true});
			expect(focused.panelsCollapsed).toBe(false);
			expect(focused.wide).toBe(open.wide);
		}
	});

	it('wide, some panels empty: each empty one a small box (title and its one line), the others share the rest', () => {
		const layout = computeLayout(120, 40, 1, 3, {empty: [true, true, false]});
		expect(layout.wide).toBe(true);
		expect(panelHeights(layout, 3)).toEqual([4, 4, layout.stepBox.height - 8]);
		const one = computeLayout(200, 60, 1, 3, {empty: [false, false, true]});
		const [a, b, c] = panelHeights(one, 3);
		expect(c).toBe(4);
		expect(a! + b! + c!).toBe(one.stepBox.height);
		expect(Math.abs(a! - b!)).toBeLessThanOrEqual(1);
		// Too short for small boxes to help: even boxes, as without empty panels.
		expect(panelHeights(computeLayout(120, 12, 1, 3, {empty: [true, false, false]}), 3)).toEqual(
			panelHeights(computeLayout(120, 12, 1, 3), 3),
		);
	});

	it('inner sizes are never below 1 and tiny terminals are marked too small', () => {
		for (const [columns, rows] of [
			[1, 1],
			[3, 2],
			[19, 30],
			[80, 7],
		] as const) {
			const layout = computeLayout(columns, rows, 2, 3);
			expect(layout.tooSmall).toBe(true);
			expect(layout.stepInner.width).toBeGreaterThanOrEqual(1);
			expect(layout.stepInner.height).toBeGreaterThanOrEqual(1);
		}
		expect(computeLayout(20, 8, 1, 3).tooSmall).toBe(false);
	});
});

describe('panel sizes grow with the terminal (issue 19)', () => {
	it('the panel column is 34 wide up to 149 columns, then about a third of the terminal, at most 64', () => {
		expect(computeLayout(120, 40, 1, 3).panelBox.width).toBe(34);
		expect(computeLayout(160, 40, 1, 3).panelBox.width).toBe(51);
		expect(computeLayout(200, 60, 1, 3).panelBox.width).toBe(64);
		expect(computeLayout(400, 60, 1, 3).panelBox.width).toBe(64);
		const wide = computeLayout(160, 40, 1, 3);
		expect(wide.stepBox.width + wide.panelBox.width).toBe(160);
	});

	it('a focused panel under the step gets half the body at 80×24 (the rollback log showed one entry)', () => {
		const focused = computeLayout(80, 24, 2, 3, {panelFocused: true});
		expect(focused.panelBox.height).toBe(10);
		expect(focused.stepBox.height + focused.panelBox.height).toBe(20);
		expect(computeLayout(80, 24, 2, 3).panelBox.height).toBe(5);
	});
});

describe('doctor output in a tiny terminal (issue 7: "Invalid array length" at 6 columns)', () => {
	it.each([6, 4, 1])('formats checks at %i columns', columns => {
		const style = styleFor({isTTY: false, columns}, {}, false);
		const text = formatChecks(
			[{id: 'x', group: 'toolchain', status: 'warn', message: 'GOPATH/bin is not on PATH', fix: 'export PATH="$PATH:/home/me/go/bin"'}],
			style,
		);
		expect(text).toContain('GOPA');
	});
});
