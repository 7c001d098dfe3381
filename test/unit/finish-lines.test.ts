import {describe, expect, it} from 'vitest';
import {finishSections} from '../../source/ui/finish/finish-lines.js';
import type {BuildRun} from '../../source/ui/measurements.js';
import {themeFor} from '../../source/ui/theme.js';

describe('finish screen: the builds measured this run', () => {
	it('shows each build as measured, a sub-second warm build in ms (not "0s")', () => {
		// The demo's walk at 80×24: Verify said "warm 359 ms", the finish screen "warm 1/1 with go1.26.8: 0s".
		const build = (kind: BuildRun['kind'], wallMs: number): BuildRun => ({
			id: kind,
			kind,
			label: `${kind} 1/1`,
			go: 'go1.26.8',
			run: 1,
			of: 1,
			status: 'done',
			wallMs,
			hits: 90,
			misses: 0,
		});
		const [, measured] = finishSections({
			sets: [],
			measurements: {builds: [build('cold', 55_712), build('warm', 359), build('incremental', 2_104)]},
			checks: [],
			theme: themeFor(false),
		});
		expect(measured!.lines).toEqual([
			'cold 1/1 with go1.26.8: 55.7 s, build cache 90/90 hits',
			'warm 1/1 with go1.26.8: 359 ms, build cache 90/90 hits',
			'incremental 1/1 with go1.26.8: 2.1 s, build cache 90/90 hits',
		]);
	});
});
