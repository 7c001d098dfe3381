import {mkdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {goEnvFileLocation} from '../../source/core/paths.js';
import {App} from '../../source/ui/app.js';
import {createServices} from '../../source/ui/services.js';
import {preloadSteps, STEPS, type StepDefinition} from '../../source/ui/steps/index.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {startingAt} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

/**
 * Issue 19, never stale: the wizard on a real sandbox (real go, real journal, real files), a setting changed
 * underneath it the way a user would (`go env -w` in another terminal, an undo from another gotune), and the step
 * shown updates by itself. Each of these failed before the refresh model: the step kept its first look.
 */
let sandbox: TestSandbox | undefined;
let app: Rendered | undefined;
beforeAll(() => preloadSteps());
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox?.cleanup();
	sandbox = undefined;
});

const flat = (frame: string) => frame.replace(/\s+/g, ' ');

async function wizard(id: StepDefinition['id'], {unpinned = false}: {unpinned?: boolean} = {}) {
	sandbox = await makeSandbox({extraEnv: {GOPROXY: 'http://127.0.0.1:9', GOSUMDB: 'off'}});
	// UNPINNED: GOCACHE not in the wizard's OS environment, so the GOENV file's entry is the one go uses.
	const env = unpinned ? {...sandbox.runtime.env, GOCACHE: undefined} : sandbox.runtime.env;
	const services = createServices({...sandbox.runtime, env});
	await preloadSteps(STEPS, services);
	app = await renderInk(<App services={services} ascii={false} onExit={vi.fn()} steps={startingAt(id)} />, {columns: 200, rows: 60});
	return {sandbox, app, services};
}

describe('a step re-checks what it shows when something changes underneath (issue 19)', {timeout: 60_000}, () => {
	it('Toolchain: go env -w in another terminal creates the GOENV file; "does not exist yet" goes', async () => {
		const {sandbox, app} = await wizard('toolchain');
		const goenv = goEnvFileLocation(sandbox.runtime.env);
		if (goenv.kind !== 'file') throw new Error('the sandbox has a GOENV file');
		await rm(goenv.path, {force: true});
		// The first look may have happened before the file was removed: the removal is itself a change underneath.
		expect(flat(await app.waitFor(/does not exist yet/, 20_000))).toContain(goenv.path);
		await sandbox.go.run(['env', '-w', 'GOFLAGS=-mod=mod']);
		const after = await app.waitFor(/GOFLAGS[^\n]*-mod=mod/, 20_000);
		expect(after).not.toContain('does not exist yet');
	});

	it('Toolchain: a change while another step is shown; the step, shown then, does not show the checks from before', async () => {
		// The wizard checks the toolchain on its first frame, whichever step shows (app.tsx); Verify first, Toolchain second.
		sandbox = await makeSandbox({extraEnv: {GOPROXY: 'http://127.0.0.1:9', GOSUMDB: 'off'}});
		const goenv = goEnvFileLocation(sandbox.runtime.env);
		if (goenv.kind !== 'file') throw new Error('the sandbox has a GOENV file');
		await rm(goenv.path, {force: true});
		const services = createServices(sandbox.runtime);
		await preloadSteps(STEPS, services);
		app = await renderInk(<App services={services} ascii={false} onExit={vi.fn()} steps={startingAt('verify')} />, {
			columns: 200,
			rows: 60,
		});
		await app.waitFor(/runs? of each/, 20_000);
		expect((await services.toolchain.check()).snapshot?.goenvFileExists).toBe(false);
		// As a team profile applied in the onboarding does: the GOENV file written while the Toolchain step is not shown.
		await sandbox.go.run(['env', '-w', 'GOFLAGS=-mod=mod']);
		// The shell sees it within its one-second look (hooks/use-settings-revision.ts).
		await new Promise(resolve => setTimeout(resolve, 2500));
		const before = app.frames.length;
		await app.press('2');
		await app.waitFor(/GOFLAGS[^\n]*-mod=mod/, 20_000);
		// Failed before the service kept its checks per revision: the step showed the first look, "does not exist yet".
		expect(app.frames.slice(before).some(frame => frame.includes('does not exist yet'))).toBe(false);
	});

	it('Module: after an undo of the go.mod it created, the step no longer says "Created go.mod"', async () => {
		const {sandbox, app} = await wizard('module');
		await app.waitFor(/No go\.mod in/, 20_000);
		await app.press(keys.enter);
		await app.waitFor(/Module path:/, 20_000);
		await app.press('example.com/stale');
		await app.press(keys.enter);
		await app.waitFor(/\[y\/N\]/, 20_000);
		await app.press('y');
		await app.waitFor(/Created .*go\.mod/, 20_000);
		// Another gotune (the rollback log, gotune rollback) undoes it: a second set of services on the same files.
		const other = createServices(sandbox.runtime);
		const sets = await other.journal.list();
		expect(sets).toHaveLength(1);
		await other.journal.undo({changeSets: [sets[0]!.id]});
		const after = await app.waitFor(/No go\.mod in/, 20_000);
		expect(after).not.toMatch(/Created .*go\.mod/);
	});

	it('Cache: GOCACHE moved with go env -w in another terminal; the step shows the new directory', async () => {
		const {sandbox, app} = await wizard('cache', {unpinned: true});
		// The first inspection done: go's default under XDG_CACHE_HOME.
		await app.waitFor(/home\/\.cache\/go-build/, 20_000);
		const moved = path.join(sandbox.dir, 'elsewhere', 'go-build');
		await mkdir(moved, {recursive: true});
		await sandbox.go.run(['env', '-w', `GOCACHE=${moved}`], {env: {GOCACHE: undefined}});
		expect(flat(await app.waitFor(/elsewhere/, 20_000))).toContain(moved);
	});

	it('Proxy: GOPRIVATE set with go env -w in another terminal; the settings line shows it', async () => {
		const {sandbox, app} = await wizard('proxy');
		await app.waitFor(/GOPRIVATE=\(none\)/, 20_000);
		await sandbox.go.run(['env', '-w', 'GOPRIVATE=*.stale.example']);
		const after = await app.waitFor(/GOPRIVATE=\*\.stale\.example/, 20_000);
		expect(after).not.toContain('GOPRIVATE=(none)');
	});

	it('Verify: a change set this run applied, then undone by another gotune; the before/after line follows both', async () => {
		const {sandbox, app, services} = await wizard('verify');
		await app.waitFor(/runs? of each/, 20_000);
		expect(app.lastFrame()).not.toContain('Before/after');
		// This run's Proxy step writes through the journal...
		const id = await services.proxy.apply([{key: 'GOPRIVATE', value: '*.corp.example'}]);
		expect(flat(await app.waitFor(/Before\/after/, 20_000))).toContain(`applied change set #${id}`);
		// ...and another gotune (the rollback log, gotune rollback) undoes it.
		await createServices(sandbox.runtime).journal.undo({changeSets: [id!]});
		// The step's text with no before/after line in it.
		await app.waitFor(/^(?![\s\S]*Before\/after)[\s\S]*runs? of each/, 20_000);
	});
});
