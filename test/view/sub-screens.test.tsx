import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import type {CacheServices} from '../../source/ui/services/cache.js';
import {preloadSteps, STEPS, type StepDefinition} from '../../source/ui/steps/index.js';
import {fakeCache, fakeServices} from './fixtures.js';
import {withGo127} from './switch-fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

const step = (id: StepDefinition['id']) => STEPS.find(s => s.id === id)!;

describe('Esc and Enter in the shell (issue 19)', () => {
	it('Esc in "Move GOCACHE to…" goes back to the Cache step\'s main view, without leaving the step or counting again', async () => {
		const base = fakeCache().cache;
		let inspected = 0;
		const cache: CacheServices['cache'] = {
			...base,
			inspect: (input, context) => {
				inspected++;
				return base.inspect(input, context);
			},
		};
		const onExit = vi.fn();
		// Module first: Esc on the Cache step's main view would go back to it.
		app = await renderInk(
			<App services={{...fakeServices(), cache}} ascii={false} onExit={onExit} steps={[step('module'), step('cache')]} />,
			{
				columns: 100,
				rows: 30,
			},
		);
		await app.waitFor(/example\.com\/demo/);
		await app.press(keys.enter);
		await app.waitFor(/GOCACHE .*587 files/);
		await app.press('m');
		await app.waitFor(/Move GOCACHE to/);
		await app.press(keys.escape);
		const frame = await app.waitFor(/GOCACHE .*587 files/);
		expect(frame).toContain('[2 Cache]');
		expect(frame).not.toContain('Move GOCACHE to');
		expect(inspected).toBe(1);
		// On the main view Esc goes back a step as before.
		await app.press(keys.escape);
		expect(await app.waitFor(/\[1 Module\]/)).toContain('[1 Module]');
	});

	it("Esc in the Toolchain step's go list goes back to its findings, not to the step before; ? lists the list's keys", async () => {
		app = await renderInk(<App services={withGo127()} ascii={false} onExit={vi.fn()} steps={[step('module'), step('toolchain')]} />, {
			columns: 100,
			rows: 30,
		});
		await app.waitFor(/example\.com\/demo/);
		await app.press(keys.enter);
		await app.waitFor(/Needs attention/);
		await app.press('g');
		await app.waitFor(/newest first/);
		// The help overlay is generated from the bindings on screen: the list's own keys, not the findings'.
		await app.press('?');
		const help = await app.waitFor(/Toolchain step/);
		expect(help).toMatch(/u +use/);
		expect(help).toMatch(/p +pin project/);
		await app.press('?');
		await app.waitFor(/newest first/);
		await app.press(keys.escape);
		const frame = await app.waitFor(/Needs attention/);
		expect(frame).toContain('[2 Toolchain]');
		expect(frame).not.toContain('newest first');
		// On the findings Esc goes back a step as before.
		await app.press(keys.escape);
		expect(await app.waitFor(/\[1 Module\]/)).toContain('[1 Module]');
	});

	it('"Enter finish" on the last step shows the finish screen; Enter there ends the wizard with exit 0', async () => {
		const onExit = vi.fn();
		app = await renderInk(<App services={fakeServices()} ascii={false} onExit={onExit} steps={[step('module'), step('verify')]} />, {
			columns: 100,
			rows: 30,
		});
		await app.waitFor(/example\.com\/demo/);
		await app.press(keys.enter);
		await app.waitFor(/Verify/);
		await app.press(keys.enter);
		await app.waitFor(/Finish (·|-) what this run did/);
		expect(onExit).not.toHaveBeenCalled();
		await app.press(keys.enter);
		expect(onExit).toHaveBeenCalledWith(0);
		expect(onExit).toHaveBeenCalledTimes(1);
	});
});
