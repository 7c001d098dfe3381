import {act} from 'react';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {preloadSteps} from '../../source/ui/steps/index.js';
import type {ModuleServices} from '../../source/ui/services/module.js';
import {fakeServices, noModule} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// The step views load after the first frame (lazyView); these tests are about what they show once loaded.
beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	vi.useRealTimers();
});

const lines = (frame: string) => frame.split('\n');
const widest = (frame: string) => Math.max(0, ...lines(frame).map(line => [...line].length));

async function wizard(columns: number, rows: number, {ascii = false, module}: {ascii?: boolean; module?: ModuleServices['module']} = {}) {
	const onExit = vi.fn();
	const services = {...fakeServices(), ...(module ? {module} : {})};
	app = await renderInk(<App services={services} ascii={ascii} onExit={onExit} />, {columns, rows});
	await app.settle();
	return {app, onExit};
}

describe('terminal sizes (issue 7)', () => {
	// Before: wrap() never ended when the width was not larger than the indent, so 17 columns or fewer spun at
	// full CPU and ignored Ctrl-C. Rendering at all (the test ends) is the check that nothing loops.
	it.each([
		[1, 1],
		[6, 3],
		[10, 24],
		[17, 10],
		[19, 30],
		[80, 5],
	])('%i×%i: one "too small" line, no wider than the terminal; Ctrl-C exits 130', async (columns, rows) => {
		const {app, onExit} = await wizard(columns, rows);
		const frame = app.lastFrame();
		expect(frame.length).toBeGreaterThan(0);
		expect(lines(frame)).toHaveLength(1);
		expect(widest(frame)).toBeLessThanOrEqual(columns);
		expect('Terminal too small').toContain(frame.trim().slice(0, 18));
		await app.press(keys.ctrlC);
		expect(onExit).toHaveBeenCalledWith(130);
	});

	it('every size from 20×8 up renders the frame inside the terminal', async () => {
		for (const [columns, rows] of [
			[20, 8],
			[24, 9],
			[33, 10],
			[40, 12],
			[60, 14],
			[99, 20],
			[100, 12],
		] as const) {
			const {app} = await wizard(columns, rows);
			const frame = app.lastFrame();
			expect(frame, `${columns}×${rows}`).toContain('gotune');
			expect(widest(frame), `${columns}×${rows}`).toBeLessThanOrEqual(columns);
			expect(lines(frame).length, `${columns}×${rows}`).toBeLessThanOrEqual(Math.max(rows, 12));
			await app.unmount();
		}
	});

	it('after shrinking to 10×4 and growing back, the whole frame is drawn again', async () => {
		const {app} = await wizard(100, 30);
		expect(app.lastFrame()).toContain('Go commands found');
		await app.resize(10, 4);
		expect(app.lastFrame()).not.toContain('Go commands found');
		await app.resize(100, 30);
		expect(app.lastFrame()).toContain('Go commands found');
		// The panels, empty, as their summary line.
		expect(app.lastFrame()).toContain('Panels: no builds measured yet');
	});

	it('keys do not reach a hidden step: Enter while too small does not move on', async () => {
		const {app} = await wizard(15, 10);
		await app.press(keys.enter);
		await app.resize(100, 30);
		expect(app.lastFrame()).toContain('[1 Toolchain]');
	});
});

describe('40×12 (issue 7)', () => {
	it('the Toolchain step shows rows of findings', async () => {
		const {app} = await wizard(40, 12);
		const frame = app.lastFrame();
		expect(frame).toMatch(/go1\.23\.5 at/);
		expect(frame).toMatch(/more/);
		expect(widest(frame)).toBeLessThanOrEqual(40);
	});

	it('the Module step stays inside its border and its selection pointer stays visible', async () => {
		const {app} = await wizard(40, 12, {module: noModule()});
		await app.press(keys.enter);
		await app.settle();
		let frame = app.lastFrame();
		expect(frame).toContain('❯ Create go.mod');
		expect(widest(frame)).toBeLessThanOrEqual(40);
		// Inside the step's box every row starts and ends with the border: nothing overlaps it.
		const box = lines(frame).slice(1, lines(frame).findIndex((line, i) => i > 1 && /^[╚╰]/.test(line)) + 1);
		expect(box.length).toBeGreaterThan(2);
		for (const row of box.slice(1, -1)) expect(row).toMatch(/^[│║].*[│║]$/);
		await app.press('jj');
		frame = app.lastFrame();
		expect(frame).toContain('❯ Continue without a module');
		for (const row of lines(frame).slice(2, 7)) expect([...row].length).toBe(40);
	});
});

describe('key lines wider than the step box wrap between hints, never cut at the border', () => {
	// Rows strictly inside the step's box (between its top and bottom border), without the border.
	const boxRows = (frame: string) => {
		const all = lines(frame);
		const top = all.findIndex(line => /^[╔╭]/.test(line));
		const bottom = all.findIndex((line, i) => i > top && /^[╚╰]/.test(line));
		return all.slice(top + 1, bottom).map(row => {
			expect(row).toMatch(/^[│║] .* [│║]$/);
			return row.slice(2, -2).trimEnd();
		});
	};

	// Before, the Module menu's key line was one row cut at the border ("… PgUp/PgDn scroll · Enter se…"); counting
	// the wrapped rows from the model's current keys (whose scroll keys depend on those rows) never settled at 40×12.
	it('the Module menu at 40 columns, every height from 12 to 18: the whole key line and the pointer fit', async () => {
		for (let rows = 12; rows <= 18; rows++) {
			const {app} = await wizard(40, rows, {module: noModule()});
			await app.press(keys.enter);
			await app.settle();
			const box = boxRows(app.lastFrame());
			expect(box.join('\n'), `40×${rows}`).toContain('❯ Create go.mod');
			const keyRows = box.slice(box.findIndex(row => row.includes('Continue without a module')) + 1).filter(Boolean);
			const scrolls = box.some(row => /^↓ \d+ more$/.test(row));
			// The key line is whole: each row ends at a hint, the scroll keys only while the findings do not fit.
			expect(keyRows.join(' · '), `40×${rows}`).toBe(
				scrolls ? '↑/↓ choose · PgUp/PgDn scroll · Enter select' : '↑/↓ choose · Enter select',
			);
			await app.unmount();
		}
	});

	it('the Toolchain step at 60×20: the key line wraps after a hint and the findings scroll to the end above it', async () => {
		const {app} = await wizard(60, 20);
		let box = boxRows(app.lastFrame());
		expect(box.slice(-3)).toEqual([
			expect.stringMatching(/^↓ \d+ more$/),
			'↑/↓ scroll · g switch go · i install Go',
			'Enter continue to the next step',
		]);
		// Page down to the last finding (each page is the rows shown, less two).
		for (let page = 0; page < 40 && box.some(row => /^↓ \d+ more$/.test(row)); page++) {
			await app.press(keys.pageDown);
			box = boxRows(app.lastFrame());
		}
		expect(box[1]).toMatch(/^↑ \d+ more$/);
		expect(box.slice(-2)).toEqual(['↑/↓ scroll · g switch go · i install Go', 'Enter continue to the next step']);
	});
});

describe('--ascii: every hint and mark from the theme (issue 7)', () => {
	it('no ↑/↓, ❯ or Unicode box on the Toolchain and Module steps', async () => {
		const {app} = await wizard(80, 20, {ascii: true, module: noModule()});
		expect(app.lastFrame()).toContain('^/v scroll');
		expect(app.lastFrame()).not.toMatch(/[↑↓❯│║╭╔…·]/);
		await app.press(keys.enter);
		await app.settle();
		expect(app.lastFrame()).toContain('> Create go.mod');
		expect(app.lastFrame()).toContain('^/v choose');
		expect(app.lastFrame()).not.toMatch(/[↑↓❯│║╭╔…·]/);
	});
});

describe('a toolchain check that takes long (issue 7)', () => {
	it('after a few seconds the spinner says how long and what it waits for', async () => {
		vi.useFakeTimers({toFake: ['setInterval', 'clearInterval', 'Date']});
		const onExit = vi.fn();
		app = await renderInk(<App services={fakeServices({never: true})} ascii={false} onExit={onExit} />, {columns: 100, rows: 30});
		expect(app.lastFrame()).not.toContain('still waiting');
		await act(async () => vi.advanceTimersByTime(5000));
		// The line wraps inside the step's box (the whole width: the empty panels are a summary line under it).
		const text = app.lastFrame().replace(/[║│]/g, ' ').replace(/\s+/g, ' ');
		expect(text).toContain('Looking for go commands and reading go env… 5s, still waiting for go version and go env to answer');
	});
});
