import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {DEFAULT_CLIENT, installText} from '../../source/core/cache/share/index.js';
import {parseClient, type ClientSpec} from '../../source/core/cache/share/client.js';
import type {Env} from '../../source/core/env.js';
import {createJournalServices} from '../../source/ui/services/journal.js';
import {createTeamProfileServices, type TeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {clientInstallEnv, startCacheServer} from '../helpers/cacheprog.js';
import {useCacheprog} from '../helpers/cacheprog-suite.js';
import {machines} from '../helpers/machines.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import type {TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';
import {inflightTracker} from '../view/inflight.js';
import {renderOnboarding} from '../view/onboarding.js';
import {keys, type Rendered} from '../view/render.js';

/**
 * Issue 23 in the one-screen onboarding: a team profile's buildCache shown (the server's real answer, the client,
 * the go it needs, what is written) and set up by Enter in the change set of the profile's keys, with gotune apply's
 * own code. The default client, gotune-cacher, is built by the product's go install from its shipped source (offline:
 * its library from the module cache .ci/install-cacheprog filled, as a file:// GOPROXY), the real gocached listens on loopback; the rollback log's undo
 * leaves the GOENV file and GOBIN byte-identical.
 */
const minor = testGoMinor();
const DELVE = {
	path: 'github.com/go-delve/delve',
	version: 'v1.27.2',
	files: {'go.mod': 'module github.com/go-delve/delve\n\ngo 1.19\n', 'cmd/dlv/main.go': 'package main\n\nfunc main() {}\n'},
};
const {cleanups, machine} = machines();
/** The default client (gotune-cacher) and the go install the plan and the progress name. */
const CLIENT = parseClient(DEFAULT_CLIENT) as ClientSpec;
const INSTALL = installText(CLIENT);
const ORIGINAL_GOENV = '# mine\nGOFLAGS=-mod=mod\n';
const OTHER_TOOL = Buffer.from('#!/bin/sh\necho another program already in GOBIN\n');

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

/** A machine with a GOENV file and a GOBIN of its own, and a repository (a real git one: go build stamps VCS) with gotune.json. */
async function newHire(
	server: string,
	extra: {env?: Record<string, string>; tools?: string[]} = {},
): Promise<{sandbox: TestSandbox; repo: string; gobin: string}> {
	const sandbox = await machine();
	await writeFile(sandbox.env['GOENV']!, ORIGINAL_GOENV);
	const gobin = path.join(sandbox.env['GOPATH']!, 'bin');
	await mkdir(gobin, {recursive: true});
	await writeFile(path.join(gobin, 'other-tool'), OTHER_TOOL, {mode: 0o755});
	const repo = path.join(sandbox.dir, 'repo');
	await mkdir(repo, {recursive: true});
	await execa('git', ['init', '-q', repo], {env: sandbox.env as Record<string, string>, extendEnv: false});
	await writeFile(path.join(repo, 'go.mod'), 'module example.com/onboard\n\ngo 1.19\n');
	// A package that imports nothing: the proof build through the shared cache compiles it alone, not the standard library.
	await writeFile(path.join(repo, 'onboard.go'), 'package onboard\n\n// One is one.\nfunc One() int { return 1 }\n');
	await writeFile(
		path.join(repo, 'gotune.json'),
		JSON.stringify({
			name: 'Acme',
			env: {GOPRIVATE: 'example.com/private', ...extra.env},
			...(extra.tools ? {tools: extra.tools} : {}),
			buildCache: {server, trimpath: true},
		}),
	);
	return {sandbox, repo, gobin};
}

/** GOBIN as bytes: every file's name and content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
	const names = (await readdir(dir)).sort();
	return Object.fromEntries(await Promise.all(names.map(async name => [name, (await readFile(path.join(dir, name))).toString('base64')])));
}

/** The screen with the real services (go, the journal, the server check); ENV: what the machine's shell sets on top. */
async function onboard(sandbox: TestSandbox, repo: string, env: Env) {
	const {track, settle} = inflightTracker();
	const runtime = {...sandbox.runtime, cwd: repo, env: {...sandbox.runtime.env, ...env}};
	const real = createTeamProfileServices(runtime).teamProfile;
	const teamProfile: TeamProfileServices['teamProfile'] = {
		...real,
		find: () => track(real.find()),
		plan: p => track(real.plan(p)),
		tools: p => track(real.tools(p)),
		goCheck: p => track(real.goCheck(p)),
		buildCache: p => track(real.buildCache(p)),
		apply: (f, p, k, t, o) => track(real.apply(f, p, k, t, o)),
		build: (d, c) => track(real.build(d, c)),
	};
	app = await renderOnboarding({teamProfile} as Services);
	await settle();
	return {view: app, settle, runtime};
}

describe.skipIf(minor >= 24)(`go1.${minor}: the onboarding says the shared build cache needs go1.24`, () => {
	it('names the release needed and the Toolchain step; Enter applies the keys without it', async () => {
		const {sandbox, repo} = await newHire('http://127.0.0.1:9');
		const {view, settle} = await onboard(sandbox, repo, {});
		const frame = view.lastFrame()!;
		expect(frame).toContain('Shared build cache (buildCache)');
		expect(frame).toMatch(/the go in use is go1\.\d+(\.\d+)?: a shared build cache needs GOCACHEPROG, which is go1\.24 and later/);
		expect(frame).toMatch(/upgrade: the Toolchain step \(next\) installs a newer Go \(i\)/);
		expect(frame).toContain('Enter: apply 1 chosen · Space');
		await view.press(keys.enter);
		await settle();
		expect(view.lastFrame()).toContain('Applied change set #1 (1 key)');
		const goenv = await readFile(sandbox.env['GOENV']!, 'utf8');
		expect(goenv).toContain('GOPRIVATE=example.com/private');
		expect(goenv).not.toContain('GOCACHEPROG');
	}, 120_000);
});

describe.skipIf(minor < 24)(`go1.${minor}: onboarding sets up a profile's buildCache`, () => {
	useCacheprog(DEFAULT_CLIENT);

	it('shows it, Enter sets it up with the keys in one change set (progress while go install runs), the build goes through it; undo leaves GOENV and GOBIN byte-identical', async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const {sandbox, repo, gobin} = await newHire(cache.url);
		const gobinBefore = await snapshot(gobin);
		const {view, settle, runtime} = await onboard(sandbox, repo, clientInstallEnv());
		// The long rows wrap: compared with their white space as one space.
		const plan = view.lastFrame()!.replace(/\s+/g, ' ');
		expect(plan).toContain('Shared build cache (buildCache)');
		expect(plan).toMatch(new RegExp(`server ${cache.url.replaceAll('.', '\\.')} answers go-tool-cache's protocol \\(\\d+ ms\\)`));
		expect(plan).toMatch(/✓ go1\.\d+\.\d+ has GOCACHEPROG \(go1\.24 and later\)/);
		expect(plan).toContain(`client ${INSTALL}`);
		expect(plan).toContain(`GOENV GOCACHEPROG=${gobin}/${CLIENT.binary} --cache-dir`);
		expect(plan).toContain(`--cache-server ${cache.url} GOFLAGS=-mod=mod -trimpath`);
		expect(plan).toContain(`the GOENV file: ${sandbox.env['GOENV']}`);
		expect(plan).toContain(`→ ${gobin}/${CLIENT.binary}`);
		// The caveats of the Cache step's plan: what a down or slow server does with this client.
		expect(plan).toContain('down with the server down, builds go on');
		expect(plan).toContain("slow every cache lookup waits for the server's answer, up to gotune-cacher's --lookup-timeout");
		expect(plan).toContain('Enter: apply 1 chosen + shared build cache');
		const stored = (await readdir(cache.dir, {recursive: true})).length;

		await view.press(keys.enter);
		const progress = await view.waitFor(/Applying the team profile: go install/);
		expect(progress.replace(/\s+/g, ' ')).toContain(`${INSTALL} (through your GOPROXY)`);
		await settle();
		const frame = view.lastFrame()!;
		expect(frame).toContain(`Applied change set #1 (2 keys, the shared build cache) from ${repo}/gotune.json.`);
		// The proof build ran with GOCACHEPROG: gotune-cacher stored its results on the server.
		expect(frame).toMatch(/go build \.\/\.\.\. passed/);
		expect((await readdir(cache.dir, {recursive: true})).length).toBeGreaterThan(stored);
		const goenv = await readFile(sandbox.env['GOENV']!, 'utf8');
		expect(goenv).toMatch(new RegExp(`^GOCACHEPROG=${gobin}/${CLIENT.binary} .*--cache-server ${cache.url}$`, 'm'));
		expect(goenv).toContain('GOPRIVATE=example.com/private');
		expect(goenv).toMatch(/^GOFLAGS=-mod=mod -trimpath$/m);
		expect((await readdir(gobin)).sort()).toEqual([CLIENT.binary, 'other-tool'].sort());

		// u in the Rollback log panel: its service undoes the change set.
		const undone = await createJournalServices(runtime).journal.undo({changeSets: ['1']});
		expect(undone.conflicts).toEqual([]);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL_GOENV);
		expect(await snapshot(gobin)).toEqual(gobinBefore);
	}, 300_000);

	it("with the team's tools: the tool, the client and the settings in one change set; undo leaves GOENV and GOBIN byte-identical", async () => {
		// A stand-in for delve served by a loopback proxy (test/integration/onboarding-tools.test.tsx says why).
		const proxy = await startModuleProxy([DELVE]);
		cleanups.push(proxy.close);
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const {sandbox, repo, gobin} = await newHire(cache.url, {
			env: {GOPROXY: proxy.url, GONOSUMDB: 'github.com/go-delve,example.com/private'},
			tools: ['dlv@v1.27.2'],
		});
		const gobinBefore = await snapshot(gobin);
		// The client's install reads the module cache .ci/install-cacheprog filled (GOPROXY in the OS environment); the
		// tool's build runs with the chosen settings on top, so it comes from the team's GOPROXY.
		const {view, settle, runtime} = await onboard(sandbox, repo, clientInstallEnv());
		expect(view.lastFrame()).toContain('Enter: apply 3 chosen + install 1 tool + shared build cache');
		await view.press(keys.enter);
		await settle();
		expect(view.lastFrame()!.replace(/\s+/g, ' ')).toContain(
			`Applied change set #1 (4 keys, 1 tool, the shared build cache) from ${repo}/gotune.json.`,
		);
		expect((await readdir(gobin)).sort()).toEqual(['dlv', CLIENT.binary, 'other-tool'].sort());
		expect(proxy.requests.some(r => r.includes('/github.com/go-delve/delve/@v/v1.27.2.zip'))).toBe(true);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toMatch(/^GOCACHEPROG=/m);
		await createJournalServices(runtime).journal.undo({changeSets: ['1']});
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL_GOENV);
		expect(await snapshot(gobin)).toEqual(gobinBefore);
	}, 300_000);

	it('Esc (or Ctrl-C) while go install runs cancels: nothing written, nothing staged left; a go install that fails shows go and changes nothing', async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const {sandbox, repo, gobin} = await newHire(cache.url);
		const gobinBefore = await snapshot(gobin);
		// The machine's own empty build cache: go install compiles net/http and more (long), so Esc lands during it.
		const {GOCACHE: _warm, ...cold} = clientInstallEnv();
		const {view, settle} = await onboard(sandbox, repo, cold);
		await view.press(keys.enter);
		await view.waitFor(/Applying the team profile: go install/, 60_000);
		await view.press(keys.escape);
		await settle();
		expect(view.lastFrame()).toContain('! Cancelled: nothing was changed (GOBIN and the GOENV file are as before).');
		expect(view.lastFrame()).toContain('Enter: apply 1 chosen + shared build cache');
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL_GOENV);
		expect(await snapshot(gobin)).toEqual(gobinBefore);
		// applyShare's staging directory beside GOBIN is gone.
		expect((await readdir(path.dirname(gobin))).filter(name => name.includes('gotune'))).toEqual([]);
		await app?.unmount();

		// Ctrl-C: the wizard exits, unmounting the screen, which aborts the task (and waits for its cleanup, run.tsx).
		const quitting = await onboard(sandbox, repo, cold);
		await quitting.view.press(keys.enter);
		await quitting.view.waitFor(/Applying the team profile: go install/, 60_000);
		await quitting.view.unmount();
		await quitting.settle();
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL_GOENV);
		expect(await snapshot(gobin)).toEqual(gobinBefore);
		expect((await readdir(path.dirname(gobin))).filter(name => name.includes('gotune'))).toEqual([]);

		// go cannot fetch the client: its error on screen, nothing written, Enter back to the plan.
		const failing = await onboard(sandbox, repo, {...clientInstallEnv(), GOPROXY: 'off'});
		await failing.view.press(keys.enter);
		await failing.settle();
		const failed = failing.view.lastFrame()!;
		expect(failed.replace(/\s+/g, ' ')).toContain(`✗ Not applied: ${INSTALL} failed:`);
		expect(failed).toMatch(/GOPROXY=off/);
		expect(failed).toContain('Nothing was written.');
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL_GOENV);
		expect(await snapshot(gobin)).toEqual(gobinBefore);
		await failing.view.press(keys.enter);
		expect(failing.view.lastFrame()).toContain('Enter: apply 1 chosen + shared build cache');
	}, 300_000);
});
