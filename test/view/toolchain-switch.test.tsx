import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import type {SwitchWork} from '../../source/ui/services/switch.js';
import {preloadSteps} from '../../source/ui/steps/index.js';
import {fakeSwitch, type FakeServices} from './fixtures.js';
import {binDir, go127, HOME, withGo127} from './switch-fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

/** The step box's text as one line: rows joined, wrapping undone (long paths wrap inside the 120-column box). */
function stepText(frame: string): string {
	return frame
		.split('\n')
		.map(line => /║(.*)║/.exec(line)?.[1]?.trim() ?? '')
		.filter(Boolean)
		.join(' ')
		.replace(/\s+/g, ' ');
}

async function step(services: FakeServices) {
	app = await renderInk(<App services={services} ascii={false} onExit={vi.fn()} />, {columns: 120, rows: 30});
	await app.settle();
	return app;
}

describe('Toolchain step: the go commands with a cursor, use, pin, GOTOOLCHAIN', () => {
	it('offers the installed newer go before a download; g lists them newest first with a cursor that moves', async () => {
		const app = await step(withGo127([]));
		const frame = app.lastFrame();
		expect(frame).toContain('g use go1.27.3');
		expect(frame.indexOf('g use go1.27.3')).toBeLessThan(frame.indexOf('i install Go'));
		await app.press('g');
		expect(app.lastFrame()).toContain('Go commands found (newest first; * runs when you type go):');
		expect(app.lastFrame()).toMatch(/❯ {3}go1\.27\.3 +\/tmp\/gotune-test-view\/home\/sdk\/go1\.27\.3\/bin\/go/);
		expect(app.lastFrame()).toMatch(/ {2}\* go1\.23\.5 +\/usr\/lib\/go-1\.23\/bin\/go/);
		await app.press(keys.down);
		expect(app.lastFrame()).toMatch(/❯ \* go1\.23\.5/);
		await app.press(keys.escape);
		expect(app.lastFrame()).toContain('Needs attention');
	});

	it('u: plans, shows the block, asks, writes it and shows the shell proof', async () => {
		const asked: SwitchWork[] = [];
		const app = await step(withGo127(asked));
		await app.press('g');
		await app.press('u');
		await app.settle();
		expect(asked[0]).toEqual({kind: 'use-plan', what: go127.path});
		let frame = app.lastFrame();
		expect(frame).toContain(`gotune's PATH block in ${HOME}/.bashrc becomes:`);
		expect(frame).toContain(`export PATH='${binDir}':"$PATH"`);
		expect(frame).toContain('! GOROOT=/usr/lib/go-1.23 is set in the environment');
		expect(frame).toContain(`Put ${binDir} first on PATH? [y/N]`);
		await app.press('y');
		await app.settle();
		expect(asked[1]).toMatchObject({kind: 'use-run'});
		frame = app.lastFrame();
		expect(frame).toContain('Now using go1.27.3 (change set #4)');
		expect(stepText(frame)).toContain(`Proof: a new shell (/bin/bash -i -c) runs ${go127.path}: go version go1.27.3 linux/amd64`);
		// The GOROOT warning stays after the switch: go version passed, but builds would use that tree.
		expect(frame).toContain('! GOROOT=/usr/lib/go-1.23 is set in the environment');
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('Needs attention');
	});

	it('p: pins the project to the selected version; n goes back to the list without running anything', async () => {
		const asked: SwitchWork[] = [];
		const app = await step(withGo127(asked));
		await app.press('g');
		await app.press(keys.down);
		await app.press(keys.down);
		await app.press('p');
		await app.settle();
		expect(asked).toEqual([{kind: 'pin-plan', spec: 'go1.19.8'}]);
		expect(app.lastFrame()).toContain('Now: go 1.22, toolchain (none); installed go is go1.23.5');
		expect(app.lastFrame()).toContain('Run go get toolchain@go1.19.8? [y/N]');
		await app.press('n');
		expect(app.lastFrame()).toMatch(/❯ {3}go1\.19\.8/);
		expect(asked).toHaveLength(1);
	});

	it('t: the policy screen explains each value with what go runs here, and sets one through a confirmation', async () => {
		const asked: SwitchWork[] = [];
		const app = await step(withGo127(asked));
		await app.press('t');
		await app.settle();
		let frame = app.lastFrame();
		expect(frame).toContain('GOTOOLCHAIN=local (from the OS environment); the installed go is go1.23.5');
		expect(frame).toMatch(/❯ \* local: go always runs the installed toolchain/);
		expect(frame).toContain('with local, go runs go1.23.5 (the installed go) here');
		await app.press(keys.down);
		expect(app.lastFrame()).toContain('with auto, go runs go1.27.3 from the module cache here');
		await app.press(keys.enter);
		await app.settle();
		expect(asked.at(-1)).toEqual({kind: 'policy-plan', value: 'auto'});
		frame = app.lastFrame();
		expect(stepText(frame)).toContain(`GOTOOLCHAIN in ${HOME}/.config/go/env: (not set; local from the OS environment) → auto`);
		expect(stepText(frame)).toContain('! the OS environment sets GOTOOLCHAIN=local, which go uses instead until you unset it');
		await app.press('y');
		await app.settle();
		expect(app.lastFrame()).toContain('GOTOOLCHAIN=auto (change set #5)');
		expect(app.lastFrame()).toContain('Proof: go env GOTOOLCHAIN = local');
	});

	it('a failure (no go.mod for a pin) is shown, and Enter goes back to the findings', async () => {
		const services = {
			...withGo127([]),
			...fakeSwitch(async () => Promise.reject(new Error('no go.mod in /work or above: pin works in a module (gotune init creates one)'))),
		} as FakeServices;
		const app = await step(services);
		await app.press('g');
		await app.press('p');
		await app.settle();
		expect(app.lastFrame()).toContain('no go.mod in /work or above: pin works in a module');
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('Needs attention');
	});
});
