import {existsSync} from 'node:fs';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {openJournal} from '../../source/core/journal/index.js';
import {createModuleServices} from '../../source/ui/services/module.js';
import {ModuleStep} from '../../source/ui/steps/module/module-view.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {fakeServices, stepProps} from './fixtures.js';
import {trackedModuleServices} from './module-services.js';
import {keys, renderInk, type Rendered} from './render.js';

const BACKSPACE = '\u007F';
const CLEAR = '\u0015';

let sandbox: TestSandbox | undefined;
let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox?.cleanup();
	sandbox = undefined;
});

async function start(cwd: (s: TestSandbox) => Promise<string>, size = {width: 96, height: 30}) {
	// Loopback only: a closed port stands in for "no proxy reachable".
	sandbox = await makeSandbox({extraEnv: {GOPROXY: 'http://127.0.0.1:9', GOSUMDB: 'off'}});
	const dir = await cwd(sandbox);
	const runtime = {...sandbox.runtime, cwd: dir};
	const t = trackedModuleServices(createModuleServices(runtime));
	// The step renders straight away here, not through its lazy view, which would wait for this.
	await t.services.module.ready();
	const props = stepProps(size.width, size.height);
	app = await renderInk(<ModuleStep services={{...fakeServices(), ...t.services}} {...props} />, {
		columns: size.width + 4,
		rows: size.height + 4,
	});
	await t.settle();
	return {dir, runtime, props, settle: t.settle, services: t.services, calls: t.calls, app};
}

const project =
	(name = 'proj') =>
	async (s: TestSandbox) => {
		const dir = path.join(s.dir, 'work', name);
		await mkdir(dir, {recursive: true});
		return dir;
	};
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

// Real go on a 2-core machine shared with other runs: more than vitest's default 5 s.
describe('Module step view (real go, real journal)', {timeout: 30_000}, () => {
	// At 60x20 the step's box is 40 columns: the edit phase's key line was cut at the border ("… · Esc b").
	it('a key line wider than the box wraps between hints, and the field and findings still fit', async () => {
		const {app} = await start(project(), {width: 40, height: 12});
		await app.press(keys.enter);
		const rows = app.lastFrame()!.split('\n');
		expect(rows.some(row => row.includes('Enter check with go'))).toBe(true);
		expect(rows.some(row => /Esc back\s*$/.test(row))).toBe(true);
		expect(rows.every(row => row.length <= 44)).toBe(true);
		expect(rows.some(row => row.includes('Module path: proj'))).toBe(true);
	});

	it('no module: offers create, demo and skip; the field is pre-filled from the git remote and validated live', async () => {
		const {app, dir, props, settle, runtime} = await start(async s => {
			const d = await project()(s);
			await execa('git', ['-C', d, 'init', '-q'], {env: s.env as Record<string, string>, extendEnv: false});
			await execa('git', ['-C', d, 'remote', 'add', 'origin', 'https://github.com/owner/proj.git'], {
				env: s.env as Record<string, string>,
				extendEnv: false,
			});
			return d;
		});
		expect(app.lastFrame()).toContain(`No go.mod in ${dir} or its parents`);
		expect(app.lastFrame()).toContain(`❯ Create go.mod in ${dir} (go mod init)`);
		expect(app.lastFrame()).toContain("Use gotune's demo module (loglens) for the Verify step");

		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('Module path: github.com/owner/proj');
		expect(app.lastFrame()).toContain('Suggested from git remote origin');
		expect(app.lastFrame()).toContain('✓ go mod init accepts this path');
		expect(props.captureKeys).toHaveBeenLastCalledWith(true);

		// Clear it and type a path Go refuses: the explanation and Go's words appear while typing.
		await app.press(...Array.from({length: 'github.com/owner/proj'.length}, () => BACKSPACE));
		await app.press('my project');
		expect(flat(app.lastFrame())).toContain('✗ Module paths may contain only ASCII letters');
		expect(flat(app.lastFrame())).toContain('go says: go: malformed module path "my project": invalid char \' \'');
		expect(app.lastFrame()).toContain('Try: my-project');
		// The user's own path: where the suggestion came from is no longer said.
		expect(app.lastFrame()).not.toContain('Suggested from git remote');
		// Enter on a refused path does nothing.
		await app.press(keys.enter);
		expect(existsSync(path.join(dir, 'go.mod'))).toBe(false);

		await app.press(...Array.from({length: 'my project'.length}, () => BACKSPACE));
		await app.press('example.com/app');
		expect(app.lastFrame()).toContain('✓ go mod init accepts this path');
		await app.press(keys.enter);
		await settle();
		expect(flat(app.lastFrame())).toContain(`Create ${path.join(dir, 'go.mod')} with go mod init example.com/app?`);
		expect(props.setPending).toHaveBeenLastCalledWith([{target: 'go.mod', summary: `go mod init example.com/app in ${dir}`}]);

		await app.press('y');
		await settle();
		expect(app.lastFrame()).toContain(`✓ Created ${path.join(dir, 'go.mod')} (journal change set #1)`);
		expect(app.lastFrame()).toContain('  module example.com/app');
		expect(await readFile(path.join(dir, 'go.mod'), 'utf8')).toMatch(/^module example.com\/app\n/);
		expect(props.setPending).toHaveBeenLastCalledWith([]);
		const sets = await openJournal(runtime).changeSets();
		expect(sets[0]).toMatchObject({
			origin: 'wizard:module',
			entries: [expect.objectContaining({target: {kind: 'file', path: path.join(dir, 'go.mod')}})],
		});

		// Tidy with no reachable proxy and nothing to download: succeeds offline, says so.
		await app.press('t');
		await settle();
		expect(flat(app.lastFrame())).toContain('go mod tidy: nothing to download (offline: nothing needed the network)');
		// The outcome above the file: at 80x24 the go.mod fills the box.
		expect(flat(app.lastFrame()).indexOf('go mod tidy:')).toBeLessThan(flat(app.lastFrame()).indexOf('go.mod now:'));
		await app.press(keys.enter);
		expect(props.onNext).toHaveBeenCalledTimes(1);
	});

	it('an existing module: shows what it is and whether this go builds it', async () => {
		const {app, dir} = await start(async s => {
			const d = await project()(s);
			await writeFile(path.join(d, 'go.mod'), 'module example.com/here\n\ngo 1.19\n\nrequire example.com/dep v1.2.3\n');
			return d;
		});
		expect(flat(app.lastFrame())).toContain(`module example.com/here at ${path.join(dir, 'go.mod')}: go 1.19, 1 requirement`);
		expect(flat(app.lastFrame())).toMatch(/✓ go1\.\d+\.\d+ can build it \(go\.mod says go 1\.19\)/);
	});

	it('inside another module: the nesting is explained before anything is created', async () => {
		const {app} = await start(async s => {
			const outer = await project('outer')(s);
			await writeFile(path.join(outer, 'go.mod'), 'module example.com/outer\n\ngo 1.19\n');
			const inner = path.join(outer, 'tools');
			await mkdir(inner);
			return inner;
		});
		expect(app.lastFrame()).toContain('❯ Work in module example.com/outer (nothing to create)');
		await app.press(keys.down);
		expect(app.lastFrame()).toContain('❯ Create a separate, nested module in');
		await app.press(keys.enter);
		expect(flat(app.lastFrame())).toContain('Nested module:');
		expect(flat(app.lastFrame())).toContain('is inside module example.com/outer');
	});

	it('the demo module can be chosen for the Verify step', async () => {
		const {app, services} = await start(project());
		await app.press(keys.down, keys.enter);
		expect(app.lastFrame()).toContain("The Verify step will build gotune's demo module at");
		expect(services.module.chosen()).toMatchObject({kind: 'demo'});
	});

	it('the home directory: no create option, and the reason', async () => {
		const {app} = await start(async s => s.env['HOME']!);
		expect(app.lastFrame()).not.toContain('Create go.mod');
		expect(flat(app.lastFrame())).toContain('is your home directory');
	});
});

/** Keys written to stdin one after the other with no render between them (a fast typist, a paste, SSH). */
async function burst(app: Rendered, ...chunks: string[]) {
	await act(async () => {
		for (const chunk of chunks) app.stdin.write(chunk);
	});
}

describe('Module step keys arriving together (issue 8, issue 7)', {timeout: 30_000}, () => {
	async function toConfirm(modulePath: string) {
		const started = await start(project());
		const {app, settle} = started;
		await app.press(keys.enter);
		// Ctrl-U clears the suggested path (the directory's name).
		await app.press(CLEAR, modulePath);
		await app.press(keys.enter);
		await settle();
		expect(flat(app.lastFrame())).toContain(`with go mod init ${modulePath}?`);
		return started;
	}

	it.each([
		['in one write', ['yy']],
		['as two quick events', ['y', 'y']],
	])('"yy" %s runs go mod init exactly once', async (_how, chunks) => {
		const {app, settle, calls, dir, runtime} = await toConfirm('example.com/once');
		await burst(app, ...chunks);
		await settle();
		expect(calls.create).toBe(1);
		expect(app.lastFrame()).toContain(`✓ Created ${path.join(dir, 'go.mod')} (journal change set #1)`);
		expect(await openJournal(runtime).changeSets()).toHaveLength(1);
	});

	it('Backspaces arriving together in the path field delete that many characters and never reach go as DEL', async () => {
		const {app, settle, props} = await start(project());
		await app.press(keys.enter);
		await app.press(CLEAR, 'example.com/workxyz\u007F\u007F\u007F');
		expect(app.lastFrame()).toContain('Module path: example.com/work');
		expect(app.lastFrame()).not.toContain('\u007F');
		await app.press(keys.enter);
		await settle();
		expect(flat(app.lastFrame())).toContain('with go mod init example.com/work?');
		expect(props.setPending).toHaveBeenLastCalledWith([
			expect.objectContaining({summary: expect.stringMatching(/^go mod init example\.com\/work in /)}),
		]);
	});

	it.each([
		['in one write', [BACKSPACE.repeat(30)]],
		['as 30 quick events', Array.from({length: 30}, () => BACKSPACE)],
	])('30 fast Backspaces %s delete 30 characters', async (_how, chunks) => {
		const {app} = await start(project());
		await app.press(keys.enter);
		const thirty = 'abcdefghijklmnopqrstuvwxyz0123';
		await app.press(CLEAR, `example.com/x${thirty}`);
		await burst(app, ...chunks);
		expect(app.lastFrame()).toContain('Module path: example.com/x\n');
	});
});
