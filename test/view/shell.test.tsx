import {Text, useInput} from 'ink';
import {act, useEffect, useState} from 'react';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {PANELS, type PanelViewProps} from '../../source/ui/panels/index.js';
import {preloadSteps, STEPS, type StepDefinition, type StepViewProps} from '../../source/ui/steps/index.js';
import type {Services} from '../../source/ui/services.js';
import {fakeServices, journalWithOneSet} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// The step views load after the first frame (lazyView); these tests are about what they show once loaded.
beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

async function shell({
	columns = 80,
	rows = 24,
	sandbox,
	ascii = false,
	steps,
	services = fakeServices(),
}: {columns?: number; rows?: number; sandbox?: string; ascii?: boolean; steps?: StepDefinition[]; services?: Services} = {}) {
	const onExit = vi.fn();
	app = await renderInk(<App services={services} ascii={ascii} sandbox={sandbox} onExit={onExit} steps={steps} />, {columns, rows});
	return {app, onExit};
}

const lines = (frame: string) => frame.split('\n');
const widest = (frame: string) => Math.max(...lines(frame).map(line => [...line].length));

/** A step that stages changes as soon as it shows, like a Proxy step with an edited but unapplied GOPROXY. */
function stagingStep(): StepDefinition {
	function Staging({setPending, isActive, onNext}: StepViewProps) {
		useEffect(() => setPending([{target: 'GOPROXY in the GOENV file', summary: 'set to https://proxy.golang.org,direct'}]), [setPending]);
		useInput((_i, key) => key.return && onNext(), {isActive});
		return <Text>staging step</Text>;
	}
	return {id: 'proxy', title: 'Proxy', View: Staging};
}

describe('wizard shell at 80 columns', () => {
	it('folds the empty panels into one summary line under the step, and opens them on Tab', async () => {
		// Issue 19 polish: nothing measured and nothing applied took 4 rows (border, tabs, "No builds measured yet.", border).
		const {app} = await shell({columns: 80, rows: 24});
		await app.settle();
		const frame = app.lastFrame();
		expect(frame).not.toContain('[Build timing]');
		const summary = lines(frame).findIndex(line => line.includes('Panels: no builds measured yet · no changes applied · Tab to open'));
		// The line right under the step box's bottom border, right above the footer: the step got the rows.
		expect(summary).toBe(lines(frame).length - 2);
		expect(lines(frame)[summary - 1]).toMatch(/^[╰╚][─═]+[╯╝]$/);
		await app.press(keys.tab);
		expect(app.lastFrame()).toMatch(/\[Build timing\]\s+Hit rates\s+Rollback log/);
		expect(app.lastFrame()).toContain('No builds measured yet.');
		await app.press(keys.escape);
		expect(app.lastFrame()).toContain('Panels: no builds measured yet');
		await app.unmount();
		const narrow = (await shell({columns: 60, rows: 20, ascii: true})).app;
		await narrow.settle();
		expect(narrow.lastFrame()).toContain('Panels: no builds yet - no changes - Tab to open');
	});

	it('puts the panels in a tabbed row under the step and fits 80x24', async () => {
		const {app} = await shell({columns: 80, rows: 24, services: {...fakeServices(), ...journalWithOneSet()}});
		await app.settle();
		const frame = app.lastFrame();
		expect(widest(frame)).toBeLessThanOrEqual(80);
		expect(lines(frame).length).toBeLessThan(24);
		expect(frame).toMatch(/\[Build timing\]\s+Hit rates\s+Rollback log/);
		// The tab row comes after the step's box, not beside it.
		const stepRow = lines(frame).findIndex(line => line.includes('Needs attention') || line.includes('Go commands found'));
		const tabRow = lines(frame).findIndex(line => line.includes('[Build timing]'));
		expect(stepRow).toBeGreaterThan(-1);
		expect(tabRow).toBeGreaterThan(stepRow);
		expect(frame).toContain('No builds measured yet.');
		// Only the shown tab's content.
		expect(frame).not.toContain('No hit rates measured yet.');
	});

	it('Tab moves focus through the panels, showing each tab, and back to the step', async () => {
		const {app} = await shell({columns: 80, services: {...fakeServices(), ...journalWithOneSet()}});
		await app.press(keys.tab);
		expect(app.lastFrame()).toMatch(/\[Build timing\]/);
		expect(app.lastFrame()).toContain('Esc back to step');
		await app.press(keys.tab);
		expect(app.lastFrame()).toMatch(/\[Hit rates\]/);
		expect(app.lastFrame()).toContain('No hit rates measured yet.');
		await app.press(keys.tab);
		expect(app.lastFrame()).toMatch(/\[Rollback log\]/);
		expect(app.lastFrame()).toContain('#1');
		await app.press(keys.tab);
		expect(app.lastFrame()).toContain('Tab panels');
		// The tab row keeps showing the panel that had focus last.
		expect(app.lastFrame()).toMatch(/\[Rollback log\]/);
		await app.press(keys.shiftTab);
		expect(app.lastFrame()).toContain('Esc back to step');
		expect(app.lastFrame()).toMatch(/\[Rollback log\]/);
	});
});

describe('wizard shell: keys arriving together (issue 8)', () => {
	it('"\\t\\t" in one read moves focus twice', async () => {
		const {app} = await shell({columns: 80});
		await app.press('\t\t');
		expect(app.lastFrame()).toMatch(/\[Hit rates\]/);
		expect(app.lastFrame()).toContain('No hit rates measured yet.');
		expect(app.lastFrame()).toContain('Esc back to step');
	});

	it('"qy" in one read asks and then answers the quit question; "yy" quits once', async () => {
		const steps = [stagingStep(), ...STEPS.slice(1)];
		const {app, onExit} = await shell({steps});
		await app.press('qn');
		expect(app.lastFrame()).not.toContain('Quit?');
		expect(onExit).not.toHaveBeenCalled();
		await app.press('q', 'yy');
		expect(onExit).toHaveBeenCalledTimes(1);
		expect(onExit).toHaveBeenCalledWith(0);
	});

	it('two Enters in one read on the Toolchain step move one step, not two', async () => {
		const {app} = await shell();
		await app.press('\r\r');
		expect(app.lastFrame()).toContain('1 Toolchain ✓ · [2 Module]');
	});
});

describe('wizard shell at 120 columns', () => {
	it('puts the three panels in a column beside the step; the empty ones are small boxes with their empty state', async () => {
		const {app} = await shell({columns: 120, rows: 30, services: {...fakeServices(), ...journalWithOneSet()}});
		await app.waitFor(/Rollback log/);
		const frame = app.lastFrame();
		expect(widest(frame)).toBeLessThanOrEqual(120);
		expect(lines(frame).length).toBeLessThan(30);
		for (const text of ['No builds measured yet.', 'No hit rates measured yet.']) {
			expect(frame).toContain(text);
		}
		// Beside: the step's heading and the first panel's title share a row.
		expect(lines(frame).some(line => line.includes('Toolchain · which go runs') && line.includes('Build timing'))).toBe(true);
		expect(frame).not.toMatch(/\[Build timing\]/);
		// Build timing: border, title, its one line, border; Hit rates' title comes right after its top border.
		const title = lines(frame).findIndex(line => line.includes('Build timing'));
		expect(lines(frame)[title + 4]).toContain('Hit rates');
	});

	it('folds empty panels into one summary line at 120 and 200 columns too, the step taking the whole width', async () => {
		// Issue 19: below 100 columns the empty panels were a summary line already; wider, three boxes saying "No … yet".
		for (const [columns, rows] of [
			[120, 30],
			[200, 60],
		] as const) {
			const {app} = await shell({columns, rows});
			await app.settle();
			const frame = app.lastFrame();
			expect(frame).toContain('Panels: no builds measured yet · no changes applied · Tab to open');
			expect(frame).not.toContain('No builds measured yet.');
			expect(lines(frame).find(line => line.startsWith('╔'))).toHaveLength(columns);
			// Tab opens the column as before.
			await app.press(keys.tab);
			expect(app.lastFrame()).toContain('❯ Build timing');
			expect(app.lastFrame()).toContain('No changes recorded yet.');
			await app.unmount();
		}
	});

	it('makes the panel column exactly as tall as the step, whatever the terminal height', async () => {
		for (const rows of [30, 31, 32]) {
			const {app} = await shell({columns: 120, rows, services: {...fakeServices(), ...journalWithOneSet()}});
			await app.waitFor(/Rollback log/);
			// Both boxes close on the same row, just above the footer.
			expect(lines(app.lastFrame()).at(-2)).toMatch(/^[╚╰][═─]+[╝╯][╚╰]─+[╯╝]$/);
			await app.unmount();
		}
	});

	it('marks the focused panel with the pointer and keeps keys away from the step', async () => {
		const {app} = await shell({columns: 120, rows: 30});
		await app.press(keys.tab, keys.tab);
		expect(app.lastFrame()).toContain('❯ Hit rates');
		expect(app.lastFrame()).not.toContain('❯ Build timing');
		// Enter belongs to the panel now: the wizard stays on the Toolchain step.
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('[1 Toolchain]');
		await app.press(keys.escape);
		expect(app.lastFrame()).not.toContain('❯ Hit rates');
		expect(app.lastFrame()).toContain('Tab panels');
	});

	it('switches layout when the terminal is resized below 100 columns', async () => {
		const {app} = await shell({columns: 120, rows: 30, services: {...fakeServices(), ...journalWithOneSet()}});
		expect(app.lastFrame()).not.toMatch(/\[Build timing\]/);
		await app.resize(90, 30);
		expect(app.lastFrame()).toMatch(/\[Build timing\]/);
		expect(widest(app.lastFrame())).toBeLessThanOrEqual(90);
	});
});

describe('header', () => {
	it('lists the five steps and brackets the current one; Enter and Esc move between them', async () => {
		const {app} = await shell();
		expect(app.lastFrame()).toContain('gotune [1 Toolchain] · 2 Module · 3 Proxy · 4 Cache · 5 Verify');
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('1 Toolchain ✓ · [2 Module]');
		expect(app.lastFrame()).toContain('Module · go.mod, go.work and the module path');
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('[3 Proxy]');
		await app.press(keys.escape);
		expect(app.lastFrame()).toContain('[2 Module]');
		await app.press(keys.escape, keys.escape);
		expect(app.lastFrame()).toContain('[1 Toolchain]');
	});

	it('registers the five steps and three panels in order', () => {
		expect(STEPS.map(step => step.title)).toEqual(['Toolchain', 'Module', 'Proxy', 'Cache', 'Verify']);
		expect(PANELS.map(panel => panel.title)).toEqual(['Build timing', 'Hit rates', 'Rollback log']);
	});

	it('shows SANDBOX and its directory in sandbox mode only', async () => {
		const {app: sandboxed} = await shell({sandbox: '/tmp/gotune-try'});
		expect(sandboxed.lastFrame()).toMatch(/SANDBOX +\/tmp\/gotune-try/);
		await sandboxed.unmount();
		const {app: real} = await shell();
		expect(real.lastFrame()).not.toContain('SANDBOX');
	});
});

describe('--ascii', () => {
	it('draws every frame with ASCII only: classic boxes, [ok]/[!] marks, > pointer', async () => {
		const {app} = await shell({columns: 120, rows: 30, ascii: true, sandbox: '/tmp/gotune-try'});
		await app.press(keys.tab);
		const frame = app.lastFrame();
		expect(frame).toMatch(/^[\x20-\x7e\n]*$/);
		expect(frame).toContain('+---');
		expect(frame).toContain('[!] ');
		expect(frame).toContain('> Build timing');
		expect(frame).toContain('gotune [1 Toolchain] - 2 Module');
	});

	it('keeps the 80-column tabbed layout ASCII too', async () => {
		const {app} = await shell({columns: 80, ascii: true});
		expect(app.lastFrame()).toMatch(/^[\x20-\x7e\n]*$/);
		expect(app.lastFrame()).toMatch(/v \d+ more/);
	});
});

describe('quitting', () => {
	it('q quits at once with exit code 0 when nothing is pending', async () => {
		const {app, onExit} = await shell();
		await app.press('q');
		expect(onExit).toHaveBeenCalledWith(0);
	});

	it('q asks first when a step has staged changes; n stays, y quits', async () => {
		const steps = [...STEPS.slice(0, 2), stagingStep(), ...STEPS.slice(3)];
		const {app, onExit} = await shell({steps});
		await app.press(keys.enter, keys.enter);
		expect(app.lastFrame()).toContain('staging step');
		await app.press('q');
		expect(onExit).not.toHaveBeenCalled();
		expect(app.lastFrame()).toContain('Quit? 1 staged change is not written and will be lost.');
		await app.press('n');
		expect(app.lastFrame()).not.toContain('Quit?');
		expect(onExit).not.toHaveBeenCalled();
		await app.press('q', keys.escape);
		expect(app.lastFrame()).not.toContain('Quit?');
		await app.press('q', 'y');
		expect(onExit).toHaveBeenCalledTimes(1);
		expect(onExit).toHaveBeenCalledWith(0);
	});

	it('Ctrl-C exits with 130, even while the quit question is open', async () => {
		const steps = [stagingStep(), ...STEPS.slice(1)];
		const {app, onExit} = await shell({steps});
		await app.press('q');
		expect(app.lastFrame()).toContain('Quit?');
		await app.press(keys.ctrlC);
		expect(onExit).toHaveBeenCalledWith(130);
	});

	it('a step that captures keys gets q, Esc and Tab; Ctrl-C still exits', async () => {
		const typed: string[] = [];
		function TextField({captureKeys, isActive}: StepViewProps) {
			useEffect(() => captureKeys(true), [captureKeys]);
			useInput(input => void typed.push(input), {isActive});
			return <Text>module path: {typed.join('')}</Text>;
		}
		const {app, onExit} = await shell({steps: [{id: 'module', title: 'Module', View: TextField}, ...STEPS.slice(1)]});
		await app.press('q', keys.tab);
		expect(onExit).not.toHaveBeenCalled();
		expect(typed[0]).toBe('q');
		expect(app.lastFrame()).toContain('Ctrl-C exit');
		await app.press(keys.ctrlC);
		expect(onExit).toHaveBeenCalledWith(130);
	});
});

describe('panel keys', () => {
	it('a focused panel asking a question gets q and Esc; the shell gets them back after', async () => {
		const answers: string[] = [];
		function Asking({isFocused, captureKeys}: PanelViewProps) {
			const [asking, setAsking] = useState(false);
			useEffect(() => captureKeys?.(asking && isFocused), [asking, isFocused, captureKeys]);
			useInput(
				(input, key) => {
					if (!asking && input === 'u') setAsking(true);
					else if (asking && key.escape) setAsking(false);
					else if (asking) answers.push(input);
				},
				{isActive: isFocused},
			);
			return <Text>{asking ? 'Undo? y/n' : 'idle panel'}</Text>;
		}
		const onExit = vi.fn();
		app = await renderInk(
			<App services={fakeServices()} ascii={false} onExit={onExit} panels={[{id: 'rollback-log', title: 'Rollback log', View: Asking}]} />,
			{columns: 120, rows: 30},
		);
		await app.press(keys.tab, 'u');
		expect(app.lastFrame()).toContain('Undo? y/n');
		await app.press('q');
		expect(onExit).not.toHaveBeenCalled();
		expect(answers).toEqual(['q']);
		await app.press(keys.escape);
		// Esc answered the panel's question; focus stays on the panel.
		expect(app.lastFrame()).toContain('idle panel');
		expect(app.lastFrame()).toContain('❯ Rollback log');
		await app.press(keys.escape);
		expect(app.lastFrame()).not.toContain('❯ Rollback log');
		await app.press('q');
		expect(onExit).toHaveBeenCalledWith(0);
	});
});

describe('panels with measured data', () => {
	it('show what a step recorded, and nothing else', async () => {
		function Measuring({record}: StepViewProps) {
			useEffect(() => {
				record({type: 'build-started', id: 'b1', kind: 'cold', label: 'go build ./... (cold cache)', go: 'go1.23.5', run: 1, of: 1});
				record({type: 'build-finished', id: 'b1', wallMs: 12_340, hits: 45, misses: 15, slowest: []});
			}, [record]);
			return <Text>measuring step</Text>;
		}
		const {app} = await shell({columns: 120, rows: 30, steps: [{id: 'verify', title: 'Verify', View: Measuring}]});
		expect(app.lastFrame()).toMatch(/go build \.\/\.\.\. +█+ 12\.3 s/);
		expect(app.lastFrame()).toContain('75% 45/60');
		expect(app.lastFrame()).not.toContain('No builds measured yet.');
	});
});

describe('redraws', () => {
	it('stop once the findings are shown: no spinner or timer keeps drawing an idle screen', async () => {
		vi.useFakeTimers();
		try {
			const {app} = await shell({columns: 120, rows: 30});
			await act(async () => {
				await vi.advanceTimersByTimeAsync(100);
			});
			expect(app.lastFrame()).toContain('Go commands found');
			const drawn = app.frames.length;
			await act(async () => {
				await vi.advanceTimersByTimeAsync(10_000);
			});
			expect(app.frames.length).toBe(drawn);
		} finally {
			vi.useRealTimers();
		}
	});

	it('keep the spinner turning while the checks run', async () => {
		vi.useFakeTimers();
		try {
			const onExit = vi.fn();
			app = await renderInk(<App services={fakeServices({never: true})} ascii={false} onExit={onExit} />, {columns: 120, rows: 30});
			const drawn = app.frames.length;
			await act(async () => {
				await vi.advanceTimersByTimeAsync(1000);
			});
			expect(app.frames.length).toBeGreaterThan(drawn);
		} finally {
			vi.useRealTimers();
		}
	});
});
