import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {MeasurementEvent} from '../../source/core/measure/events.js';
import {quietContext} from '../../source/core/task.js';
import {runBench, type BenchResult} from '../../source/core/verify/bench.js';
import {addMeasurement, NO_MEASUREMENTS, type Measurements} from '../../source/ui/measurements.js';
import {BuildTimingPanel} from '../../source/ui/panels/build-timing.js';
import {formatRange} from '../../source/ui/panels/build-timing-lines.js';
import {formatMs} from '../../source/text/timing.js';
import {HitRatesPanel} from '../../source/ui/panels/hit-rates.js';
import {samePanelView, type PanelViewProps} from '../../source/ui/panels/types.js';
import {themeFor} from '../../source/ui/theme.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {fakeServices} from './fixtures.js';
import {renderInk} from './render.js';

/** Standard-library-free and library-only, so the real builds behind these events take a fraction of a second. */
const MODULE = {
	'go.mod': 'module example.com/panels\n\ngo 1.19\n',
	'leaf/leaf.go': 'package leaf\n\n// One is the leaf the incremental run edits.\nfunc One() int { return 1 }\n',
	'mid/mid.go': 'package mid\n\nimport "example.com/panels/leaf"\n\n// Two uses leaf.\nfunc Two() int { return leaf.One() + 1 }\n',
	'top/top.go': 'package top\n\nimport "example.com/panels/mid"\n\n// Three uses mid.\nfunc Three() int { return mid.Two() + 1 }\n',
};

const theme = themeFor(false);
// The panels' inner sizes: 80×24 gives the narrow tabbed row (76 wide, 2 lines); 120 columns the stacked column (30 wide).
const SIZES = [
	{name: '80 columns', width: 76, height: 2},
	{name: '120 columns', width: 30, height: 6},
	{name: '120×40', width: 30, height: 9},
];

function props(measurements: Measurements, width: number, height: number): PanelViewProps {
	return {services: fakeServices(), theme, measurements, isFocused: false, width, height};
}

const fold = (events: MeasurementEvent[]) => events.reduce(addMeasurement, NO_MEASUREMENTS);

describe('build-timing and hit-rate panels, from the events of a real measurement', () => {
	let sandbox: TestSandbox;
	let events: MeasurementEvent[];
	let result: BenchResult;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		const dir = path.join(sandbox.dir, 'panels');
		for (const [name, text] of Object.entries(MODULE)) {
			await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
			await writeFile(path.join(dir, name), text);
		}
		events = [];
		result = await runBench({go: sandbox.go, moduleRoot: dir, runs: 2}, {...quietContext(), emit: event => events.push(event)});
		expect(result.sides[0]!.error).toBeUndefined();
	}, 60_000);
	afterAll(async () => sandbox.cleanup());

	for (const size of SIZES) {
		it(`at ${size.name}: every line fits, a running build shows packages done/total, the end shows medians and the hit gauge`, async () => {
			// Mid-run: the first cold build has started and reported progress, nothing has finished.
			const firstProgress = events.findIndex(e => e.type === 'build-progress');
			const running = fold(events.slice(0, firstProgress + 1));
			const mid = await renderInk(<BuildTimingPanel {...props(running, size.width, size.height)} />, {columns: size.width});
			const midLines = mid.lastFrame().split('\n');
			expect(midLines.length).toBeLessThanOrEqual(size.height);
			expect(mid.lastFrame()).toMatch(/cold 1\/2 .*0\/3/);
			await mid.unmount();

			const end = fold(events);
			const timing = await renderInk(<BuildTimingPanel {...props(end, size.width, size.height)} />, {columns: size.width + 10});
			const lines = timing.lastFrame().split('\n');
			expect(lines.length).toBeLessThanOrEqual(size.height);
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(size.width);
			// Every kind's median and min–max (2 runs each) is there at every size.
			for (const kind of result.sides[0]!.kinds) {
				expect(timing.lastFrame()).toContain(formatMs(kind.stats!.medianMs));
				expect(timing.lastFrame()).toContain(formatRange(kind.stats!.minMs, kind.stats!.maxMs));
			}
			expect(timing.lastFrame()).toMatch(/incr/);
			if (size.height >= 9) {
				// Room for one bar per run plus each kind's median line.
				expect(lines).toHaveLength(9);
				expect(lines.filter(l => /^(cold|warm|incr) +\d\/2 █+ \d/.test(l))).toHaveLength(6);
			}
			await timing.unmount();

			const hits = await renderInk(<HitRatesPanel {...props(end, size.width, size.height)} />, {columns: size.width + 10});
			const last = result.sides[0]!.builds.at(-1)!;
			const hitLines = hits.lastFrame().split('\n');
			expect(hitLines.length).toBeLessThanOrEqual(size.height);
			for (const line of hitLines) expect(line.length).toBeLessThanOrEqual(size.width);
			expect(hitLines[0]).toContain(`${Math.round((last.hits / last.actions) * 100)}% ${last.hits}/${last.actions}`);
			expect(hits.lastFrame()).toMatch(/modules: 0 reused, 0 (downloaded|new)/);
			if (size.height >= 6) expect(hits.lastFrame()).toMatch(/leaf|mid/);
			await hits.unmount();
		});
	}

	it('writes nothing when nothing changed: a repeated progress event folds to the same object, and the panels skip the render', () => {
		const end = fold(events);
		const progress = events.find(e => e.type === 'build-progress')!;
		const again = addMeasurement(end, {...progress, done: 3, total: 3} as MeasurementEvent);
		expect(again).toBe(end);
		expect(addMeasurement(end, {type: 'modules', reused: 0, downloaded: 0})).toBe(end);
		// What React.memo compares for both panels (Ink, outside its debug mode, also writes only a changed frame).
		expect(samePanelView(props(end, 76, 2), props(again, 76, 2))).toBe(true);
		expect(samePanelView(props(end, 76, 2), props(end, 76, 3))).toBe(false);
		expect(samePanelView(props(end, 76, 2), props(addMeasurement(end, {...progress, done: 1} as MeasurementEvent), 76, 2))).toBe(false);
	});

	it("a failed build shows go's words instead of a time", async () => {
		const failed = fold([
			{type: 'build-started', id: 'x', kind: 'cold', label: 'cold 1/1', go: 'go1.23.5', run: 1, of: 1},
			{
				type: 'build-failed',
				id: 'x',
				error: 'leaf/bad.go:3:31: cannot use "text" (untyped string constant) as int value in return statement',
			},
		]);
		const view = await renderInk(<BuildTimingPanel {...props(failed, 76, 2)} />, {columns: 80});
		expect(view.lastFrame()).toMatch(/cold 1\/1 failed: leaf\/bad.go:3:31: cannot use "text"/);
		const hits = await renderInk(<HitRatesPanel {...props(failed, 76, 2)} />, {columns: 80});
		expect(hits.lastFrame()).toMatch(/No hit rates measured yet/);
		await view.unmount();
		await hits.unmount();
	});
});
