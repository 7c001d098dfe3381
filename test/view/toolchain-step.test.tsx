import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {preloadSteps} from '../../source/ui/steps/index.js';
import {BUNDLED_RELEASES} from '../../source/core/releases.js';
import {fakeServices, lockedOutFindings, type FakeServices} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// The step views load after the first frame (lazyView); these tests are about what they show once loaded.
beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

async function toolchain(services: FakeServices, {columns = 120, rows = 40, ascii = false} = {}) {
	app = await renderInk(<App services={services} ascii={ascii} onExit={vi.fn()} />, {columns, rows});
	return app;
}

/** Scrolls to the end so every finding has been on screen once; returns all rows seen. */
async function readAll(app: Rendered): Promise<string> {
	const seen = new Set<string>();
	for (let i = 0; i < 80; i++) {
		for (const line of app.lastFrame().split('\n')) seen.add(line);
		await app.press(keys.down);
	}
	return [...seen].join('\n');
}

describe('Toolchain step', () => {
	it('shows a spinner, not findings, while the checks run', async () => {
		const services = fakeServices({never: true});
		const app = await toolchain(services);
		expect(app.lastFrame()).toContain('Looking for go commands and reading go env');
		expect(app.lastFrame()).not.toContain('Go commands found');
		expect(services.calls.check).toBe(1);
		// Enter does nothing until there is something to continue from.
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('[1 Toolchain]');
	});

	it('shows every go found, which one wins and what it hides, with the release table date', async () => {
		const app = await toolchain(fakeServices());
		const frame = app.lastFrame();
		expect(frame).toContain('! go1.23.5 at /usr/lib/go-1.23/bin/go · 0 errors, 3 warnings');
		expect(frame).toContain('❯ /usr/lib/go-1.23/bin/go  go1.23.5  runs when you type go');
		expect(frame).toContain('/usr/bin/go  go1.19.8  on PATH, hidden by /usr/lib/go-1.23/bin/go');
		expect(frame).toContain('also reached as /usr/lib/go-1.19/bin/go');
		expect(frame).toContain('Supported: go1.27 and go1.26 (release table of 2026-09-23, bundled with gotune)');
	});

	it('puts the problems first, groups the rest, puts each fix under its problem, and lists every key with its source, masked', async () => {
		const app = await toolchain(fakeServices());
		// The three warnings the summary counts are on the first screen, above the list of go commands.
		expect(app.lastFrame()).toMatch(/Needs attention[^]*! go1\.23\.5 gets no security fixes[^]*Go commands found/);
		const all = await readAll(app);
		// A group whose every check needs attention has no heading of its own further down.
		const order = ['Needs attention', 'Go commands found', 'Toolchain checks', 'Where each setting comes from'].map(h => all.indexOf(h));
		expect(order.every(i => i >= 0)).toBe(true);
		expect(order).toEqual([...order].sort((a, b) => a - b));
		// The fix right under its problem (the problem's sentence may wrap onto a second row at this width).
		expect(all).toMatch(/! go1\.23\.5 gets no security fixes[^\n]*\n(?:[^\n]*\n)?[^\n]*Install go1\.27\.1 from/);
		expect(all).toContain('GOENV file: /tmp/gotune-test-view/home/.config/go/env');
		expect(all).toMatch(/GOPROXY +https:\/\/\*\*\*@proxy\.corp\.example\/go,direct +\[OS environment\]/);
		expect(all).toContain("hides the GOENV file's https://proxy.example.com");
		expect(all).toMatch(/GOSUMDB +sum\.golang\.org +\[\$GOROOT\/go\.env\]/);
		expect(all).toMatch(/GOTELEMETRY +off +\[go telemetry\]/);
		expect(all).toMatch(/GOPRIVATE +\(empty\) +\[default\]/);
		expect(all).not.toContain('s3cret');
	});

	it('shows a lock-out as an error with the exact repair command', async () => {
		const app = await toolchain(fakeServices({result: lockedOutFindings()}), {columns: 80, rows: 24});
		expect(app.lastFrame()).toContain('✗ GOFLAGS=-notaflag (from the GOENV file) makes every go');
		const all = await readAll(app);
		expect(all).toMatch(/✗ go1\.23\.5 at \/usr\/lib\/go-1\.23\/bin\/go · 1 error, 1 warning/);
		expect(all).toContain('✗ GOFLAGS=-notaflag (from the GOENV file) makes every go command fail');
		expect(all).toContain('/usr/lib/go-1.23/bin/go env -u GOFLAGS');
	});

	it('scrolls with the arrow keys and says how much is hidden', async () => {
		const app = await toolchain(fakeServices(), {columns: 80, rows: 24});
		const first = app.lastFrame();
		expect(first).toMatch(/↓ \d+ more/);
		expect(first).not.toMatch(/↑ \d+ more/);
		await app.press(keys.down, keys.down, keys.down);
		expect(app.lastFrame()).toMatch(/↑ 3 more/);
		await app.press(keys.pageDown, keys.pageDown, keys.pageDown, keys.pageDown, keys.pageDown);
		expect(app.lastFrame()).not.toMatch(/↓ \d+ more/);
		expect(app.lastFrame()).toContain('GOTELEMETRY');
		await app.press(keys.up);
		// The "more below" row takes the place of a finding, so one step up hides two.
		expect(app.lastFrame()).toMatch(/↓ 2 more/);
	});

	it('says so when the checks themselves fail, and points to gotune doctor', async () => {
		const app = await toolchain(fakeServices({result: new Error('spawn go EACCES')}));
		expect(app.lastFrame()).toContain('✗ The toolchain checks could not run: spawn go EACCES');
		expect(app.lastFrame()).toContain('gotune doctor');
	});

	it('asks the release feed only after the checks, and never fails when offline', async () => {
		const services = fakeServices();
		const app = await toolchain(services);
		await app.settle();
		expect(services.calls).toEqual({check: 1, refresh: 1, recheck: []});
		expect(app.lastFrame()).toContain('release table of 2026-09-23');
	});

	it('re-runs the checks against a newer release table from go.dev and shows its date', async () => {
		const feed = {
			asOf: '2026-11-20',
			origin: 'feed' as const,
			releases: [
				{version: 'go1.27.3', stable: true},
				{version: 'go1.26.9', stable: true},
			],
		};
		const services = fakeServices({feed});
		const app = await toolchain(services);
		await app.settle();
		expect(services.calls.recheck).toEqual([feed]);
		expect(app.lastFrame()).toContain('Supported: go1.27 and go1.26 (release table of 2026-11-20, read from go.dev)');
	});

	it('does not re-run the checks when the feed is no newer than the table used', async () => {
		const services = fakeServices({feed: {...BUNDLED_RELEASES, origin: 'feed'}});
		const app = await toolchain(services);
		await app.settle();
		expect(services.calls.refresh).toBe(1);
		expect(services.calls.recheck).toEqual([]);
	});

	it('coming back to the step shows the kept findings at once, without running go again', async () => {
		const services = fakeServices();
		const app = await toolchain(services);
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('[2 Module]');
		const before = app.frames.length;
		await app.press(keys.escape);
		expect(app.lastFrame()).toContain('Go commands found');
		expect(app.frames.slice(before).some(frame => frame.includes('Looking for go commands'))).toBe(false);
		expect(services.calls.check).toBe(1);
	});
});
