import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {openJournal} from '../../source/core/journal/index.js';
import {App} from '../../source/ui/app.js';
import {createJournalServices} from '../../source/ui/services/journal.js';
import {preloadSteps, STEPS} from '../../source/ui/steps/index.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {fakeServices} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// Issue 19: a finish screen inside the wizard, from the real journal (real go validates each value).
let sandbox: TestSandbox | undefined;
let app: Rendered | undefined;
beforeAll(() => preloadSteps());
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox?.cleanup();
	sandbox = undefined;
});

const flat = (frame: string) => frame.replace(/\s+/g, ' ');

describe('finish screen', {timeout: 60_000}, () => {
	it('lists this run by change set with its undo command, says nothing was measured, what needs attention, and the headless commands', async () => {
		sandbox = await makeSandbox();
		const startedAt = new Date(Date.now() - 1000).toISOString();
		const journal = openJournal(sandbox.runtime);
		await journal.apply([{key: 'GOPRIVATE', value: '*.corp.example'}], 'wizard:proxy');
		const fast = `${sandbox.dir}/fast/go-build`;
		await journal.apply([{key: 'GOCACHE', value: fast}], 'wizard:cache');
		const services = {...fakeServices(), ...createJournalServices(sandbox.runtime, startedAt)};
		const onExit = vi.fn();
		app = await renderInk(
			<App
				services={services}
				ascii={false}
				onExit={onExit}
				steps={[STEPS.find(s => s.id === 'module')!, STEPS.find(s => s.id === 'verify')!]}
			/>,
			{
				columns: 120,
				rows: 60,
			},
		);
		await app.waitFor(/example\.com\/demo/, 10_000);
		await app.press(keys.enter);
		await app.waitFor(/Enter finish/, 10_000);
		await app.press(keys.enter);
		const frame = flat(await app.waitFor(/undo: gotune rollback --to 2/, 10_000));
		expect(frame).toContain('#1 wizard:proxy');
		expect(frame).toContain('undo: gotune rollback --to 1');
		expect(frame).toContain('GOPRIVATE: unset → *.corp.example');
		expect(frame).toContain(`GOCACHE: unset → ${fast}`);
		expect(frame).toContain('Nothing was measured this run');
		expect(frame).toContain('Still needs attention');
		expect(frame).toContain('gotune probe --apply');
		expect(frame).toContain(`gotune cache move --gocache ${fast}`);
		expect(frame).toContain('Enter quit');
		expect(frame).toContain('2 Verify ✓');
		// Enter here quits (exit 0: nothing staged).
		await app.press(keys.enter);
		expect(onExit).toHaveBeenCalledWith(0);
	});

	// At 80 columns a long value wrapped to the box's left edge, out of its change set's indented rows.
	it('a long value wraps under its own indent at 80 columns', async () => {
		sandbox = await makeSandbox();
		const startedAt = new Date(Date.now() - 1000).toISOString();
		const patterns = Array.from({length: 8}, (_, i) => `git${i}.corp.example/team`).join(',');
		await openJournal(sandbox.runtime).apply([{key: 'GOPRIVATE', value: patterns}], 'wizard:proxy');
		const services = {...fakeServices(), ...createJournalServices(sandbox.runtime, startedAt)};
		app = await renderInk(<App services={services} ascii={false} onExit={vi.fn()} steps={[STEPS.find(s => s.id === 'verify')!]} />, {
			columns: 80,
			rows: 40,
		});
		await app.waitFor(/Enter finish/, 10_000);
		await app.press(keys.enter);
		const rows = (await app.waitFor(/undo: gotune rollback --to 1/, 10_000)).split('\n');
		const first = rows.findIndex(row => row.includes('GOPRIVATE: unset →'));
		expect(first).toBeGreaterThan(0);
		const next = rows[first + 1]!.replace(/^[│|] /, '');
		expect(next).toMatch(/^ {2}\S/);
		expect(next).toContain('corp.example');
	});

	it('Esc on the finish screen goes back to the last step as it was left', async () => {
		const onExit = vi.fn();
		const steps = [STEPS.find(s => s.id === 'module')!, STEPS.find(s => s.id === 'verify')!];
		app = await renderInk(<App services={fakeServices()} ascii={false} onExit={onExit} steps={steps} />, {columns: 120, rows: 60});
		await app.waitFor(/example\.com\/demo/, 10_000);
		await app.press(keys.enter);
		await app.waitFor(/Enter finish/, 10_000);
		await app.press(keys.enter);
		await app.waitFor(/Nothing: this run changed no setting or file/, 10_000);
		await app.press(keys.escape);
		expect(app.lastFrame()).toContain('[2 Verify]');
		expect(app.lastFrame()).toContain('Enter finish');
		expect(app.lastFrame()).not.toContain('What changed');
		expect(onExit).not.toHaveBeenCalled();
	});
});
