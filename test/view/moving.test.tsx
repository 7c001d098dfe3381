import {Text} from 'ink';
import {useEffect} from 'react';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {KeyHints} from '../../source/ui/kit/key-hints.js';
import {preloadSteps, STEPS, type StepDefinition, type StepViewProps} from '../../source/ui/steps/index.js';
import {fakePreferences, fakeServices, findings} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// Issue 19 "one way to move": number keys, ✓ for finished steps, the ? overlay made from the same bindings.
beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

async function shell({
	steps,
	services = fakeServices(),
	ascii = false,
	columns = 80,
}: {steps?: StepDefinition[]; services?: ReturnType<typeof fakeServices>; ascii?: boolean; columns?: number} = {}) {
	app = await renderInk(<App services={services} ascii={ascii} onExit={vi.fn()} steps={steps} />, {columns, rows: 24});
	await app.settle();
	return app;
}

/** A step with one key of its own, shown by KeyHints, that stages a change when asked. */
function stagingStep(stage: boolean): StepDefinition {
	function Staging({setPending, theme}: StepViewProps) {
		useEffect(() => {
			if (stage) setPending([{target: 'GOPROXY in the GOENV file', summary: 'set to direct'}]);
		}, [setPending]);
		return (
			<>
				<Text>staging step</Text>
				<KeyHints bindings={[{keys: ['u'], action: 'undo', hint: 'undo the last change'}]} theme={theme} />
			</>
		);
	}
	return {id: 'proxy', title: 'Proxy', View: Staging};
}

describe('number keys', () => {
	it('jump to any step and back; only Enter marks a step done (✓, + under --ascii)', async () => {
		const a = await shell();
		await a.press('4');
		expect(a.lastFrame()).toContain('[4 Cache]');
		expect(a.lastFrame()).not.toContain('✓ ·');
		await a.press('2', keys.enter);
		expect(a.lastFrame()).toContain('2 Module ✓ · [3 Proxy]');
		await a.press('1');
		expect(a.lastFrame()).toContain('[1 Toolchain] · 2 Module ✓ · 3 Proxy');
		await a.unmount();
		const ascii = await shell({ascii: true});
		await ascii.press(keys.enter);
		expect(ascii.lastFrame()).toContain('1 Toolchain + - [2 Module]');
	});

	it('say why a step cannot be shown: staged changes on this one, no go command for the later ones', async () => {
		const a = await shell({steps: [stagingStep(true), ...STEPS.slice(1)]});
		await a.press('3');
		expect(a.lastFrame()).toContain('[1 Proxy]');
		expect(a.lastFrame()).toContain('Proxy has staged changes: apply or drop them before leaving it');
		// The next key clears the notice and the footer's keys come back.
		await a.press('x');
		expect(a.lastFrame()).toContain('q quit');
		await a.unmount();

		const noGo = findings();
		const services = fakeServices({result: {...noGo, discovery: {winner: undefined, all: [], shadowed: []}}});
		const b = await shell({services});
		await b.waitFor(/Toolchain/);
		await b.press('5');
		expect(b.lastFrame()).toContain('[1 Toolchain]');
		expect(b.lastFrame()).toContain('Verify needs a go command and none was found');
	});
});

describe('? help', () => {
	it("lists the step's own keys and the shell's, from the same bindings as the hint rows; Esc or ? closes it", async () => {
		const a = await shell({steps: [stagingStep(false), ...STEPS.slice(1)], columns: 100});
		await a.press('?');
		const help = a.lastFrame();
		expect(help).toContain('Keys · Proxy');
		expect(help).toMatch(/u +undo the last change/);
		expect(help).toMatch(/1-5 +step/);
		expect(help).toMatch(/Tab +panels/);
		expect(help).toMatch(/Ctrl-C +exit/);
		expect(help).not.toContain('staging step');
		// The footer offers only what closes it; the step gets no keys meanwhile.
		expect(help).toContain('Esc/? close help');
		await a.press('3');
		expect(a.lastFrame()).toContain('[1 Proxy]');
		await a.press(keys.escape);
		expect(a.lastFrame()).toContain('staging step');
		await a.press('?', '?');
		expect(a.lastFrame()).toContain('staging step');
	});

	it('opens at its top whatever the step was scrolled to, and gives the step its own scroll position back', async () => {
		// Issue 19 polish: the overlay shared the step's viewport offset, so after PgDn it opened at "↑ 2 more".
		function Tall({theme}: StepViewProps) {
			return (
				<>
					{Array.from({length: 40}, (_, i) => (
						<Text key={i}>tall row {i}</Text>
					))}
					{/* Keys enough that the overlay itself is taller than the box at 80×24, as the Proxy step's is. */}
					<KeyHints bindings={'abcdefghij'.split('').map(key => ({keys: [key], action: key, hint: `key ${key}`}))} theme={theme} />
				</>
			);
		}
		const a = await shell({steps: [{id: 'toolchain', title: 'Toolchain', View: Tall}, ...STEPS.slice(1)]});
		await a.press(keys.pageDown);
		expect(a.lastFrame()).toContain('↑');
		expect(a.lastFrame()).not.toContain('tall row 0 ');
		await a.press('?');
		const help = a.lastFrame();
		expect(help).toContain('Keys · Toolchain');
		expect(help).toContain('key a');
		expect(help).not.toMatch(/↑ \d+ more/);
		await a.press(keys.escape);
		expect(a.lastFrame()).toMatch(/↑ \d+ more/);
	});

	it('the footer keeps ? help, q and Ctrl-C at 60 columns and drops the number keys first', async () => {
		const a = await shell({columns: 60});
		await a.press('2');
		const footer = a.lastFrame().split('\n').at(-1)!;
		expect(footer).toContain('? help');
		expect(footer).toContain('Ctrl-C exit');
		expect(footer).not.toContain('1-5');
		expect([...footer].length).toBeLessThanOrEqual(60);
	});
});

describe('resume', {timeout: 20_000}, () => {
	it('a restart offers the step the last run stopped at (r); every step shown is remembered for the next run', async () => {
		const preferences = fakePreferences(undefined, 'cache');
		const a = await shell({services: {...fakeServices(), ...preferences}});
		await a.waitFor(/r resume at step 4/, 5000);
		await a.press('r');
		expect(a.lastFrame()).toContain('[4 Cache]');
		expect(a.lastFrame()).not.toContain('resume at');
		expect(preferences.saved.lastStep).toBe('cache');
		await a.press('2');
		expect(preferences.saved.lastStep).toBe('module');
	});

	it('quitting on step 1 after a run that stopped at step 4: step 1 is what the next run remembers (no offer)', async () => {
		const preferences = fakePreferences(undefined, 'cache');
		const services = {...fakeServices(), ...preferences};
		const a = await shell({services});
		await a.waitFor(/r resume at step 4/, 5000);
		expect(preferences.saved.lastStep).toBe('toolchain');
		await a.unmount();
		const again = await shell({services});
		await again.settle();
		expect(again.lastFrame()).not.toContain('resume at');
	});

	it('the step reached by finishing the ones before it is remembered; the finish screen forgets it', async () => {
		const preferences = fakePreferences();
		const a = await shell({services: {...fakeServices(), ...preferences}});
		await vi.waitFor(() => expect(preferences.saved.lastStep).toBe('toolchain'));
		await a.press('4', keys.enter);
		expect(a.lastFrame()).toContain('4 Cache ✓ · [5 Verify]');
		expect(preferences.saved.lastStep).toBe('verify');
		await a.press(keys.enter);
		await vi.waitFor(() => expect(preferences.saved.lastStep).toBeUndefined());
	});

	it('no offer when the last run finished or stopped at the first step', async () => {
		const a = await shell({services: {...fakeServices(), ...fakePreferences(undefined, 'toolchain')}});
		await a.settle();
		expect(a.lastFrame()).not.toContain('resume at');
	});
});
