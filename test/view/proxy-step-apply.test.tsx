import {readFile} from 'node:fs/promises';
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {createProxyServices, type ProxyServices} from '../../source/ui/services/proxy.js';
import {ProxyStep} from '../../source/ui/steps/proxy/proxy-view.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {fakeServices, stepProps} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// The whole step with real services: the real probe against loopback proxies, the real journal, the real go for the
// proof. GOSUMDB=off keeps go from asking sum.golang.org; the default candidates point at 127.0.0.1.
const HELLO = {
	path: 'example.com/hello',
	version: 'v1.0.0',
	files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'},
};

let sandbox: TestSandbox | undefined;
let app: Rendered | undefined;
let server: Awaited<ReturnType<typeof startModuleProxy>> | undefined;
afterEach(async () => {
	await app?.unmount();
	await server?.close();
	await sandbox?.cleanup();
	app = undefined;
	server = undefined;
	sandbox = undefined;
});

/** Real services whose promises the test can wait for inside act(). */
function tracked(services: ProxyServices) {
	const pending: Array<Promise<unknown>> = [];
	const track = <T,>(p: Promise<T>) => {
		pending.push(p.catch(() => undefined));
		return p;
	};
	const api = services.proxy;
	const proxy: ProxyServices['proxy'] = {
		...api,
		context: () => track(api.context()),
		probe: (input, context) => track(api.probe(input, context)),
		unserved: (input, context) => track(api.unserved(input, context)),
		apply: changes => track(api.apply(changes)),
		rollback: changeSet => track(api.rollback(changeSet)),
		prove: (input, context) => track(api.prove(input, context)),
	};
	return {
		proxy,
		async settle() {
			for (let i = 0; i < 50 && pending.length > 0; i++) {
				await act(async () => {
					await pending.shift();
				});
				await act(async () => new Promise(resolve => setTimeout(resolve, 20)));
			}
		},
	};
}

describe('Proxy step with real services', () => {
	it('probes, applies the composed GOPROXY through the journal, and proves it with the real go', async () => {
		server = await startModuleProxy([HELLO]);
		sandbox = await makeSandbox({extraEnv: {GOSUMDB: 'off', GOTUNE_PROXY_DEFAULTS: server.url}});
		expect((await sandbox.go.run(['env', '-w', `GOPROXY=${server.url}/s500,direct`])).exitCode).toBe(0);
		const {writeFile} = await import('node:fs/promises');
		await writeFile(`${sandbox.dir}/go.mod`, 'module example.com/app\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n');
		const real = tracked(createProxyServices(sandbox.runtime));
		// The step renders straight away here, not through its lazy view, which would wait for this.
		await real.proxy.ready();
		const props = {services: {...fakeServices(), proxy: real.proxy}, ...stepProps(110, 60)};
		app = await renderInk(<ProxyStep {...props} />, {columns: 120, rows: 70});
		await real.settle();
		let frame = app.lastFrame();
		expect(frame).toContain("for example.com/hello@v1.0.0 (the current module's first requirement)");
		expect(frame).toMatch(new RegExp(`✗ ${server.url}/s500\\s+current\\s+server-error \\(500\\)`));
		expect(frame).toMatch(new RegExp(`✓ ${server.url}\\s+default\\s+\\d+ ms`));
		expect(frame).toContain(`GOPROXY=${server.url},direct`);
		expect(props.setPending).toHaveBeenLastCalledWith([{target: 'GOPROXY in the GOENV file', summary: `GOPROXY=${server.url},direct`}]);

		await app.press(keys.enter);
		expect(app.lastFrame()).toContain(`Write GOPROXY=${server.url},direct to the GOENV file`);
		await app.press('y');
		await real.settle();
		frame = app.lastFrame().replace(/\s+/g, ' ');
		expect(frame).toMatch(
			/Applied as change set #\d+ \(undo: gotune rollback --to \d+\)\. Proof: go downloaded example\.com\/hello@v1\.0\.0 through the new settings/,
		);
		expect(frame).toContain(`get ${server.url}/example.com/hello/@v/v1.0.0.zip: 200 OK`);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toContain(`GOPROXY=${server.url},direct`);
		await app.press(keys.enter);
		expect(props.onNext).toHaveBeenCalled();
	});

	it('probes with the requirements of the project the Module step chose, not the cwd (the stand-in module only without any)', async () => {
		sandbox = await makeSandbox({extraEnv: {GOSUMDB: 'off'}});
		const {mkdir, writeFile} = await import('node:fs/promises');
		await mkdir(`${sandbox.dir}/chosen`);
		await writeFile(`${sandbox.dir}/chosen/go.mod`, 'module example.com/chosen\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n');
		const real = createProxyServices(sandbox.runtime);
		const cwd = await real.proxy.context();
		expect([cwd.module, cwd.probesFallback]).toEqual([{path: 'golang.org/x/text', version: 'v0.14.0'}, true]);
		const chosen = await real.proxy.context(false, `${sandbox.dir}/chosen`);
		expect([chosen.module, chosen.probesFallback]).toEqual([{path: 'example.com/hello', version: 'v1.0.0'}, false]);
	});

	it('offers to roll back at once when the proof fails, and restores the previous GOPROXY', async () => {
		// The probe reads the zip's bytes; go checks every file name in it and refuses this one: the proof fails.
		const badZip = {
			path: 'example.com/badzip',
			version: 'v1.0.0',
			files: {'go.mod': 'module example.com/badzip\n', '../escape.go': 'package x\n'},
		};
		server = await startModuleProxy([badZip]);
		sandbox = await makeSandbox({extraEnv: {GOSUMDB: 'off', GOTUNE_PROXY_DEFAULTS: server.url}});
		expect((await sandbox.go.run(['env', '-w', `GOPROXY=${server.url}/s500,direct`])).exitCode).toBe(0);
		const {writeFile} = await import('node:fs/promises');
		await writeFile(`${sandbox.dir}/go.mod`, 'module example.com/app\n\ngo 1.19\n\nrequire example.com/badzip v1.0.0\n');
		const real = tracked(createProxyServices(sandbox.runtime));
		await real.proxy.ready();
		const props = {services: {...fakeServices(), proxy: real.proxy}, ...stepProps(110, 60)};
		app = await renderInk(<ProxyStep {...props} />, {columns: 120, rows: 70});
		await real.settle();
		expect(app.lastFrame()).toContain(`GOPROXY=${server.url},direct`);
		await app.press(keys.enter);
		await app.press('y');
		await real.settle();
		let frame = app.lastFrame().replace(/\s+/g, ' ');
		expect(frame).toMatch(/Proof failed: go mod download example\.com\/badzip@v1\.0\.0/);
		expect(frame).toMatch(/Roll back change set #\d+ now\?/);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toContain(`GOPROXY=${server.url},direct`);
		await app.press('y');
		await real.settle();
		frame = app.lastFrame().replace(/\s+/g, ' ');
		expect(frame).toMatch(/Change set #\d+ was rolled back: the settings are as before\./);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toContain(`GOPROXY=${server.url}/s500,direct`);
	});
});
