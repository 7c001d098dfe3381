import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import type {InstallEvent} from '../../source/core/install/events.js';
import type {InstallPlan, InstallResult} from '../../source/core/install/install.js';
import {BUNDLED_RELEASES, supportStatus} from '../../source/core/releases.js';
import {parseGoVersion} from '../../source/core/version.js';
import type {TaskContext} from '../../source/core/task.js';
import {App} from '../../source/ui/app.js';
import {preloadSteps} from '../../source/ui/steps/index.js';
import {installReason} from '../../source/ui/steps/toolchain/install-model.js';
import {fakeInstall, fakeServices, findings, type FakeServices} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// The step views load after the first frame (lazyView); these tests are about what they show once loaded.
beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

const HOME = '/tmp/gotune-test-view/home';
/** Shaped like planInstall's answer for go1.27.1 into the default prefix, with an older go on PATH. */
const plan: InstallPlan = {
	release: {version: 'go1.27.1', stable: true, files: []},
	archive: {
		filename: 'go1.27.1.linux-amd64.tar.gz',
		os: 'linux',
		arch: 'amd64',
		version: 'go1.27.1',
		sha256: 'ab'.repeat(32),
		size: 75_000_000,
		kind: 'archive',
		url: 'https://go.dev/dl/go1.27.1.linux-amd64.tar.gz',
	},
	mirror: 'https://go.dev/dl/',
	source: 'archive',
	prefix: `${HOME}/.local/go`,
	goBin: `${HOME}/.local/go/bin/go`,
	startup: {
		shell: 'bash',
		shellPath: '/bin/bash',
		file: `${HOME}/.bashrc`,
		reason: 'bash reads ~/.bashrc',
		lines: [`export PATH='${HOME}/.local/go/bin':"$PATH"`],
	},
	useNow: `export PATH='${HOME}/.local/go/bin':"$PATH"`,
	warnings: ['This shell runs /usr/lib/go-1.23/bin/go (go1.23.5) for go until you run: export PATH=...'],
};
const result: InstallResult = {
	version: 'go1.27.1',
	prefix: plan.prefix,
	source: 'archive',
	archive: {url: plan.archive.url, sha256: plan.archive.sha256, bytes: 75_000_000},
	setAside: null,
	startupFile: `${HOME}/.bashrc`,
	changeSet: '7',
	goVersion: 'go version go1.27.1 linux/amd64',
	download: {seconds: 3.2},
	extract: {files: 11046, bytes: 218_000_000, seconds: 4.1},
};

async function step(services: FakeServices) {
	app = await renderInk(<App services={services} ascii={false} onExit={vi.fn()} />, {columns: 120, rows: 30});
	return app;
}

describe('Toolchain step: install Go', () => {
	it('is offered for an unsupported go, lists the newest of each supported major first, and Esc goes back', async () => {
		const app = await step(fakeServices());
		expect(app.lastFrame()).toContain('i install Go');
		await app.press('i');
		await app.settle();
		const frame = app.lastFrame();
		expect(frame).toContain('Install Go (go1.23.5 gets no security fixes): pick a release');
		expect(frame).toMatch(/❯ go1\.27\.1 +newest go1\.27/);
		expect(frame.indexOf('go1.27.1')).toBeLessThan(frame.indexOf('go1.26.8'));
		await app.press(keys.down);
		expect(app.lastFrame()).toMatch(/❯ go1\.26\.8/);
		await app.press(keys.escape);
		expect(app.lastFrame()).toContain('Go commands found');
		expect(app.lastFrame()).toContain('[1 Toolchain]');
	});

	it('plans, asks, shows download and extract progress, then the result; back re-runs the checks', async () => {
		let release!: () => void;
		let extracted!: () => void;
		const gate = new Promise<void>(resolve => (release = resolve));
		const gate2 = new Promise<void>(resolve => (extracted = resolve));
		const planned: string[] = [];
		const services = {
			...fakeServices(),
			...fakeInstall({
				plan: async ({version}) => {
					planned.push(version);
					return plan;
				},
				run: async (_plan: InstallPlan, {emit}: TaskContext<InstallEvent>) => {
					emit({
						kind: 'download',
						url: plan.archive.url,
						bytes: 30_000_000,
						total: 75_000_000,
						bytesPerSecond: 10_000_000,
						etaSeconds: 4.5,
					});
					await gate;
					emit({kind: 'extract', files: 5000, bytes: 100_000_000, read: 37_500_000, total: 75_000_000});
					await gate2;
					return result;
				},
			}),
		} as FakeServices;
		const app = await step(services);
		await app.press('i');
		await app.settle();
		await app.press(keys.enter);
		await app.settle();
		expect(planned).toEqual(['go1.27.1']);
		let frame = app.lastFrame();
		expect(frame).toContain('go1.27.1.linux-amd64.tar.gz  75 MB  from https://go.dev/dl/');
		expect(frame).toContain(`PATH block added to ${HOME}/.bashrc`);
		expect(frame).toContain('! This shell runs /usr/lib/go-1.23/bin/go');
		expect(frame).toContain(`Install go1.27.1 at ${HOME}/.local/go? [y/N]`);
		await app.press('y');
		await app.settle();
		frame = app.lastFrame();
		expect(frame).toContain('Downloading go1.27.1.linux-amd64.tar.gz');
		expect(frame).toMatch(/\[█+░+\] +40% +30 MB\/75 MB/);
		// The promise about Esc is a sentence: wrapped whole in the box, not cut at its width.
		expect(frame.replace(/[\s│║]+/g, ' ')).toContain(`nothing at ${HOME}/.local/go changes before the archive is verified.`);
		release();
		await app.settle();
		expect(app.lastFrame()).toMatch(/Extracting \(5000 files\) \[█+░+\] +50%/);
		extracted();
		await app.settle();
		frame = app.lastFrame();
		expect(frame).toContain(`Installed go1.27.1 at ${HOME}/.local/go (change set #7)`);
		expect(frame).toContain('Downloaded 75 MB in 3.2 s, SHA-256 verified; 11046 files extracted in 4.1 s');
		expect(frame).toContain(`To use it in this shell now:`);
		expect(frame).toContain(`  export PATH='${HOME}/.local/go/bin':"$PATH"`);
		await app.press(keys.enter);
		await app.settle();
		expect(app.lastFrame()).toContain('Go commands found');
		expect(services.calls.recheck).toHaveLength(1);
	});

	it('n at the question goes back without installing; a failed plan shows why', async () => {
		const run = vi.fn();
		const services = {...fakeServices(), ...fakeInstall({plan: async () => plan, run})} as FakeServices;
		const app = await step(services);
		await app.press('i');
		await app.settle();
		await app.press(keys.enter);
		await app.settle();
		await app.press('n');
		expect(app.lastFrame()).toContain('Go commands found');
		expect(run).not.toHaveBeenCalled();
		const failing = await step({
			...fakeServices(),
			...fakeInstall({
				releases: async () => Promise.reject(new Error('cannot read the release index: cannot reach go.dev: host name not found (DNS)')),
			}),
		} as FakeServices);
		await failing.press('i');
		await failing.settle();
		expect(failing.lastFrame()).toContain('cannot reach go.dev: host name not found (DNS)');
	});

	it('is offered when go is missing or older than the team profile asks, and not for a supported go', () => {
		const base = findings();
		const supported = {...base, support: supportStatus(parseGoVersion('go1.27.1'), BUNDLED_RELEASES)};
		expect(installReason(supported, undefined)).toBeUndefined();
		expect(installReason(supported, '1.28')).toBe('the team profile needs Go >= 1.28, this is go1.23.5');
		expect(installReason({...base, discovery: {all: [], shadowed: []}}, undefined)).toBe('no go command on PATH');
		expect(installReason(base, undefined)).toBe('go1.23.5 gets no security fixes');
	});
});
