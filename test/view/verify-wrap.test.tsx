import {afterEach, describe, expect, it} from 'vitest';
import {TaskCancelled} from '../../source/core/task.js';
import type {Services} from '../../source/ui/services.js';
import {VerifyStep} from '../../source/ui/steps/verify/verify-view.js';
import {fakeServices, stepProps} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

const NOTE = 'Measurement cancelled; the temporary copies and caches were removed.';
const INTRO =
	'Cold (empty cache beside GOCACHE), warm and incremental builds of a temporary copy, 3 runs of each; your own cache and tree are not touched.';
const BEFORE_AFTER = 'Before/after: this run applied change set #7; the settings from before it are measured side by side (A B A B).';

/**
 * Verify services whose measurement runs until Esc cancels it: only the timing is controlled here (the real builds
 * are test/view/verify-step.test.tsx); this test is about how the step's sentences wrap.
 */
function services(): Services {
	const fake = fakeServices();
	return {
		...fake,
		verify: {
			...fake.verify,
			changeSetsThisRun: async () => ['7'],
			measure: async (_input, context) =>
				new Promise((_resolve, reject) => {
					context.signal.addEventListener('abort', () => reject(new TaskCancelled('the measurement')));
				}),
		},
	};
}

describe('Verify step: its sentences wrap between words', () => {
	// Ink's wrap="wrap" kept the space it broke at when a word ended flush with the width ("…; the temporary", " copies
	// and caches were removed."): the intro, the before/after line and the notes wrap with gotune's own wrap.
	it('the intro, the before/after line and a note: no row starts with a stray space, every sentence whole', async () => {
		const stray: string[] = [];
		for (const width of [30, 33, 36, 40, 45, 48, 52, 57, 63, 70]) {
			app = await renderInk(<VerifyStep services={services()} {...stepProps(width, 30)} />, {columns: width + 4, rows: 40});
			await app.settle();
			await app.press('m');
			await app.press(keys.escape);
			await app.waitFor(/Measurement cancelled/);
			const frame = app.lastFrame();
			stray.push(
				...frame
					.split('\n')
					.filter(row => /^ /.test(row))
					.map(row => `${width}: "${row}"`),
			);
			const flat = frame.replace(/\s+/g, ' ');
			for (const sentence of [INTRO, BEFORE_AFTER, NOTE]) expect(flat, `${width}`).toContain(sentence);
			await app.unmount();
			app = undefined;
		}
		expect(stray).toEqual([]);
	});
});
