import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {TeamProfileOnboarding} from '../../source/ui/onboarding/team-profile.js';
import {createTeamProfileServices, type TeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {themeFor} from '../../source/ui/theme.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {keys, renderInk, type Rendered} from './render.js';
import {inflightTracker} from './inflight.js';

const ORIGINAL = '# mine\nGOPROXY=https://old.example\nGOFLAGS=-mod=mod\n';

let sandbox: TestSandbox;
let app: Rendered | undefined;
let repo: string;
let nested: string;

beforeEach(async () => {
	sandbox = await makeSandbox();
	await writeFile(sandbox.env['GOENV']!, ORIGINAL);
	repo = path.join(sandbox.dir, 'repo');
	nested = path.join(repo, 'services', 'api');
	await mkdir(path.join(repo, '.git'), {recursive: true});
	await mkdir(nested, {recursive: true});
});
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox.cleanup();
});

/** Real services (files, journal, go validation) started from NESTED, with each call tracked so tests can wait for them. */
function services(env: Record<string, string> = {}) {
	const {track, settle} = inflightTracker();
	const real = createTeamProfileServices({...sandbox.runtime, cwd: nested, env: {...sandbox.runtime.env, ...env}}).teamProfile;
	const wrapped: TeamProfileServices = {
		teamProfile: {find: () => track(real.find()), plan: p => track(real.plan(p)), apply: (f, p, k) => track(real.apply(f, p, k))},
	};
	return {services: wrapped as Services, settle};
}

async function render(s: Services, onDone: () => void) {
	app = await renderInk(<TeamProfileOnboarding services={s} theme={themeFor(false)} isActive width={90} height={12} onDone={onDone} />, {
		columns: 100,
	});
	return app;
}

describe('gotune.json onboarding', () => {
	it('finds the profile at the repository root, shows it as a plan, applies only the chosen keys', async () => {
		await writeFile(
			path.join(repo, 'gotune.json'),
			JSON.stringify({
				name: 'Acme backend',
				env: {GOPROXY: 'https://ci:tok3n-xyz@proxy.acme.example,direct', GOPRIVATE: '*.acme.example', GOFLAGS: '-mod=mod'},
			}),
		);
		let done = 0;
		const {services: s, settle} = services({GOPRIVATE: 'shell.example'});
		const view = await render(s, () => done++);
		await settle();
		expect(view.lastFrame()).toBe(
			[
				`Team profile · ${repo}/gotune.json (Acme backend)`,
				"The team's Go settings against yours: 2 to change.",
				'❯ [x] GOPROXY    https://old.example → https://***@proxy.acme.example,direct',
				'  [x] GOPRIVATE  (not set) → *.acme.example',
				'      ! the OS environment sets GOPRIVATE=shell.example, which overrides the file',
				'      GOFLAGS    -mod=mod (unchanged)',
				'Enter: apply 2 chosen · Space: choose · a: all · s: skip',
			].join('\n'),
		);
		// ↓ and Space typed faster than a frame (one read of stdin) still toggle the key under the new cursor.
		await view.press(`${keys.down} `);
		expect(view.lastFrame()).toContain('❯ [ ] GOPRIVATE');
		expect(view.lastFrame()).toContain('Enter: apply 1 chosen');
		await view.press(keys.enter);
		await settle();
		expect(view.lastFrame()).toContain(`✓ Applied change set #1 (1 key) from ${repo}/gotune.json.`);
		expect(view.lastFrame()).toContain('gotune rollback --to 1');
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(
			ORIGINAL.replace('https://old.example', 'https://ci:tok3n-xyz@proxy.acme.example,direct'),
		);
		expect(view.frames.join('\n')).not.toContain('tok3n-xyz');
		expect(done).toBe(0);
		await view.press(keys.enter);
		expect(done).toBe(1);
	});

	it('prefers gotune.json in the current directory; s skips without writing', async () => {
		await writeFile(path.join(repo, 'gotune.json'), JSON.stringify({env: {GOPRIVATE: 'root.example'}}));
		await writeFile(path.join(nested, 'gotune.json'), JSON.stringify({env: {GOPRIVATE: 'here.example'}}));
		let done = 0;
		const {services: s, settle} = services();
		const view = await render(s, () => done++);
		await settle();
		expect(view.lastFrame()).toContain('here.example');
		await view.press('s');
		expect(done).toBe(1);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL);
	});

	it("shows the description, each key's reason, the Go requirements and contradictory settings in the plan (issue 21)", async () => {
		await writeFile(
			path.join(repo, 'gotune.json'),
			JSON.stringify({
				description: 'Acme private modules',
				env: {GOPRIVATE: 'github.com/acme/*', GONOSUMDB: 'example.com/tune'},
				reasons: {GOPRIVATE: 'our repositories are private'},
				go: {minVersion: '1.22', toolchain: 'go1.26.8'},
			}),
		);
		const {services: s, settle} = services();
		const view = await render(s, () => {});
		await settle();
		const frame = view.lastFrame()!;
		expect(frame).toContain('\n  Acme private modules\n');
		expect(frame).toMatch(/\[x\] GOPRIVATE  \(not set\) → github.com\/acme\/\*\n      our repositories are private\n/);
		expect(frame).toContain('  Go: >= 1.22, builds with go1.26.8 (gotune doctor checks it)');
		expect(frame).toContain('! env.GONOSUMDB: GONOSUMDB=example.com/tune does not cover GOPRIVATE pattern');
	});

	it('explains an invalid profile or one go refuses, and goes on with Enter', async () => {
		await writeFile(path.join(repo, 'gotune.json'), JSON.stringify({env: {GOPROXXY: 'x'}}));
		let done = 0;
		const first = services();
		const view = await render(first.services, () => done++);
		await first.settle();
		expect(view.lastFrame()).toContain('The team profile cannot be used');
		expect(view.lastFrame()).toContain('env.GOPROXXY is not a setting a profile can change (did you mean GOPROXY?); allowed');
		await view.press(keys.enter);
		expect(done).toBe(1);
		await view.unmount();

		await writeFile(path.join(repo, 'gotune.json'), JSON.stringify({env: {GOFLAGS: '-notaflag'}}));
		const second = services();
		const again = await render(second.services, () => done++);
		await second.settle();
		expect(again.lastFrame()).toContain(`go refuses ${repo}/gotune.json`);
		expect(again.lastFrame()).toMatch(/unknown flag -notaflag/);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL);
	});

	it('without a gotune.json it steps aside at once', async () => {
		let done = 0;
		const {services: s, settle} = services();
		await render(s, () => done++);
		await settle();
		expect(done).toBe(1);
	});
});
