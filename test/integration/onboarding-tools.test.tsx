import {readFile, mkdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, expect, it} from 'vitest';
import {createTeamProfileServices, type TeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';
import {inflightTracker} from '../view/inflight.js';
import {renderOnboarding} from '../view/onboarding.js';
import {keys, type Rendered} from '../view/render.js';

/**
 * The team profile's `tools` list in the one-screen onboarding: shown found or not, and installed with the settings
 * as ONE change set by a real `go install` through the profile's own GOPROXY. That proxy is a loopback one serving a
 * small stand-in for github.com/go-delve/delve@v1.27.2 (its cmd/dlv a one-line main): the real delve takes minutes
 * to build on the shared cores, and what is tested is the path (the team's GOPROXY, staging, the journal), not delve.
 */
const DELVE = {
	path: 'github.com/go-delve/delve',
	version: 'v1.27.2',
	files: {'go.mod': 'module github.com/go-delve/delve\n\ngo 1.19\n', 'cmd/dlv/main.go': 'package main\n\nfunc main() {}\n'},
};
// go before 1.21 cannot switch toolchains, and gotune refuses to build dlv (go line 1.25) with it: nothing to install.
const canBuild = testGoMinor() >= 21;

let proxy: Awaited<ReturnType<typeof startModuleProxy>>;
let sandbox: TestSandbox;
let repo: string;
let app: Rendered | undefined;

beforeAll(async () => {
	proxy = await startModuleProxy([DELVE]);
});
afterAll(async () => proxy?.close());
beforeEach(async () => {
	sandbox = await makeSandbox();
	repo = path.join(sandbox.dir, 'repo');
	await mkdir(path.join(repo, '.git'), {recursive: true});
	await writeFile(
		path.join(repo, 'gotune.json'),
		JSON.stringify({env: {GOPROXY: proxy.url, GONOSUMDB: 'github.com/go-delve'}, tools: ['dlv@v1.27.2']}),
	);
});
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox.cleanup();
});

async function render() {
	const {track, settle} = inflightTracker();
	const real = createTeamProfileServices({...sandbox.runtime, cwd: repo}).teamProfile;
	const services: TeamProfileServices = {
		teamProfile: {
			...real,
			find: () => track(real.find()),
			plan: p => track(real.plan(p)),
			tools: p => track(real.tools(p)),
			apply: (f, p, k, t) => track(real.apply(f, p, k, t)),
		},
	};
	app = await renderOnboarding(services as Services);
	await settle();
	return {view: app, settle};
}

it('shows the tool missing; t leaves it out and takes it back', async () => {
	const {view} = await render();
	expect(view.lastFrame()).toContain('Tools the team expects');
	expect(view.lastFrame()).toContain('! dlv (debugger) is not installed: installs dlv@v1.27.2');
	expect(view.lastFrame()).toContain('Enter: apply 2 chosen + install 1 tool');
	await view.press('t');
	expect(view.lastFrame()).toContain('dlv (debugger) is not installed (left out)');
	expect(view.lastFrame()).toContain('Enter: apply 2 chosen (tools left out)');
	await view.press('t');
	expect(view.lastFrame()).toContain('installs dlv@v1.27.2');
});

it.runIf(canBuild)(
	"Enter installs the tool with the settings in one change set, built through the team's GOPROXY; rollback undoes both",
	async () => {
		const goenvBefore = await readFile(sandbox.env['GOENV']!, 'utf8').catch(() => null);
		const {view, settle} = await render();
		await view.press(keys.enter);
		await settle();
		expect(view.lastFrame()).toContain(`Applied change set #1 (2 keys, 1 tool) from ${repo}/gotune.json.`);
		const dlv = path.join(sandbox.env['GOPATH']!, 'bin', 'dlv');
		expect((await stat(dlv)).isFile()).toBe(true);
		// Built from the team's proxy: go asked it for the module.
		expect(proxy.requests.some(r => r.includes('/github.com/go-delve/delve/@v/v1.27.2.zip'))).toBe(true);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toContain(`GOPROXY=${proxy.url}`);

		const rollback = await sandbox.cli(['rollback', '--to', '1', '--yes']);
		expect(rollback.exitCode, rollback.stderr).toBe(0);
		await expect(stat(dlv)).rejects.toThrow(/ENOENT/);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8').catch(() => null)).toBe(goenvBefore);
	},
	300_000,
);
