import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createTeamProfileServices, type TeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {renderOnboarding} from './onboarding.js';
import {keys, type Rendered} from './render.js';
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
		teamProfile: {
			...real,
			find: () => track(real.find()),
			plan: p => track(real.plan(p)),
			apply: (f, p, k, t) => track(real.apply(f, p, k, t)),
			tools: p => track(real.tools(p)),
			goCheck: p => track(real.goCheck(p)),
			access: (p, c) => track(real.access(p, c)),
			build: (d, c) => track(real.build(d, c)),
		},
	};
	return {services: wrapped as Services, settle};
}

async function render(s: Services, onDone: () => void) {
	app = await renderOnboarding(s, {width: 90, height: 12, onDone});
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
				'Enter: apply 2 chosen · Space: choose · a: all · s: skip',
				'❯ [x] GOPROXY    https://old.example → https://***@proxy.acme.example,direct',
				'  [x] GOPRIVATE  (not set) → *.acme.example',
				'      ! the OS environment sets GOPRIVATE=shell.example, which overrides the file',
				'      GOFLAGS    -mod=mod (unchanged)',
				'Private modules (GOPRIVATE)',
				"  no module of this repository matches the profile's private patterns",
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

	it("proves the applied set with a real go build ./... of the repository, showing go's first error lines when it fails", async () => {
		await writeFile(path.join(repo, 'gotune.json'), JSON.stringify({env: {GOPROXY: 'https://new.example,direct'}}));
		await writeFile(path.join(repo, 'go.mod'), 'module example.com/onboard\n\ngo 1.19\n');
		await writeFile(path.join(repo, 'main.go'), 'package main\n\nfunc main() { undefinedThing() }\n');
		// A real repository (go build stamps VCS status and refuses an empty .git directory).
		await execa('git', ['init', '-q', repo], {env: sandbox.env as Record<string, string>, extendEnv: false});
		const {services: s, settle} = services();
		const view = await render(s, () => {});
		await settle();
		await view.press(keys.enter);
		await settle();
		const frame = view.lastFrame()!;
		expect(frame).toContain('✓ Applied change set #1 (1 key)');
		expect(frame).toContain(`✗ go build ./... failed in ${repo}; go says:`);
		expect(frame).toMatch(/main\.go:3:\d+: undefined: undefinedThing/);

		await writeFile(path.join(repo, 'main.go'), 'package main\n\nfunc main() {}\n');
		await writeFile(path.join(repo, 'gotune.json'), JSON.stringify({env: {GOPROXY: 'https://other.example,direct'}}));
		await view.unmount();
		const again = services();
		const second = await render(again.services, () => {});
		await again.settle();
		await second.press(keys.enter);
		await again.settle();
		expect(second.lastFrame()).toMatch(new RegExp(`✓ go build \\./\\.\\.\\. passed in ${repo} \\(\\d+\\.\\d s\\)`));
	}, 180_000);

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
		// The go on PATH answers `go version` for real: the line says whether it meets the team's minimum.
		expect(frame).toMatch(/Go version\n  . (go\S+ meets the team profile's minimum Go 1\.22|the team profile needs Go >= 1\.22)/);
		expect(frame).toMatch(/the team profile builds with go1\.26\.8|is the team profile's toolchain go1\.26\.8/);
		expect(frame).toContain('✗ env.GONOSUMDB: GONOSUMDB=example.com/tune does not cover GOPRIVATE pattern');
		// The lint error blocks applying: the key line says so, the section says how to fix it, Enter writes nothing.
		expect(frame).toContain('Applying is blocked by 1 profile error (below) · Space: leave the key out · s: skip');
		expect(frame).toMatch(/This error blocks applying: fix \S+gotune\.json \(gotune profile\s+check/);
		await view.press(keys.enter);
		await settle();
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL);
		// Leaving the key with the error out (↓ to GONOSUMDB, Space) lets the rest apply.
		await view.press(keys.down, ' ');
		expect(view.lastFrame()).toContain('Enter: apply 1 chosen');
		// github.com/acme/* names a host but no module of this repository: said, not checked over the network.
		expect(frame).toMatch(/! github\.com: not checked: no module under github\.com\/acme\/\* is known here/);
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
