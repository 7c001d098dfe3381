import {cp} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {loadDemoModules, noSumDbPatterns} from '../../demo/modules.js';
import {createModuleServices} from '../../source/ui/services/module.js';
import {ModuleStep} from '../../source/ui/steps/module/module-view.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import {makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';
import {fakeServices, stepProps} from './fixtures.js';
import {trackedModuleServices} from './module-services.js';
import {keys, renderInk, type Rendered} from './render.js';

let sandbox: TestSandbox | undefined;
let app: Rendered | undefined;
let proxy: Awaited<ReturnType<typeof startModuleProxy>> | undefined;
afterEach(async () => {
	await app?.unmount();
	await proxy?.close();
	await sandbox?.cleanup();
	app = undefined;
	proxy = undefined;
	sandbox = undefined;
});

/** The demo project with its loopback proxy: go.mod created with the suggested path, then go mod tidy, in a step box of SIZE. */
async function tidied(size: {width: number; height: number}): Promise<Rendered> {
	const modules = await loadDemoModules(path.join(REPO_ROOT, 'demo', 'modules'));
	proxy = await startModuleProxy(modules);
	sandbox = await makeSandbox({extraEnv: {GOPROXY: proxy.url, GONOSUMDB: noSumDbPatterns(modules)}});
	const dir = path.join(sandbox.dir, 'filetop');
	await cp(path.join(REPO_ROOT, 'demo', 'project'), dir, {recursive: true});
	const {services, settle} = trackedModuleServices(createModuleServices({...sandbox.runtime, cwd: dir}));
	// The step renders straight away here, not through its lazy view, which would wait for this.
	await services.module.ready();
	const props = stepProps(size.width, size.height);
	app = await renderInk(<ModuleStep services={{...fakeServices(), ...services}} {...props} />, {
		columns: size.width + 4,
		rows: size.height + 4,
	});
	await settle();
	await app.press(keys.enter); // Create go.mod
	await settle();
	await app.press(keys.enter); // accept the suggested path
	await settle();
	await app.press('y');
	await settle();
	await app.press('t');
	await settle();
	return app;
}

describe('Module step view: go mod tidy with real downloads (the demo project and its loopback proxy)', {timeout: 30_000}, () => {
	it('shows the tidied go.mod with its tab-indented require block inside the panel, and what was downloaded', async () => {
		const frame = (await tidied({width: 96, height: 30})).lastFrame() ?? '';
		expect(frame).toContain('go mod tidy: downloaded example.com/tune/');
		expect(frame).not.toContain('\t');
		expect(frame).toMatch(/^ {6}example\.com\/tune\/humanize v1\.2\.0$/m);
		expect(frame).toMatch(/^ {6}example\.com\/tune\/table v0\.3\.0$/m);
		expect(proxy!.requests).toContain('/example.com/tune/table/@v/v0.3.0.zip');
	});

	// The step's box at 80x24 is 76x12: go.mod after tidy does not fit, and the "↓ N more" row came with no way to
	// reach the rest (the view showed the lines from the top only).
	it('at 80x24 the go.mod that does not fit scrolls with PgDn, offered in the key line', async () => {
		const view = await tidied({width: 76, height: 12});
		const first = view.lastFrame() ?? '';
		expect(first).toMatch(/↓ \d+ more/);
		expect(first).toContain('PgUp/PgDn scroll');
		expect(first).not.toMatch(/^\s*\)$/m);
		for (let i = 0; i < 5; i++) await view.press(keys.pageDown);
		const last = view.lastFrame() ?? '';
		expect(last).toMatch(/^\s*\)$/m);
		expect(last).toMatch(/↑ \d+ more/);
	});
});
