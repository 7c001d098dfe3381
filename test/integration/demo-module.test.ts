import {cp, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveDemoDir} from '../../source/core/module/demo.js';
import {detectModule} from '../../source/core/module/detect.js';
import {makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';

describe('the embedded demo module (demo/sample)', () => {
	let sandbox: TestSandbox;
	let demo: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		demo = resolveDemoDir({})!;
	});
	afterAll(async () => sandbox.cleanup());

	it('is found next to the sources, and GOTUNE_DEMO_DIR overrides it', async () => {
		expect(demo).toBe(path.join(REPO_ROOT, 'demo', 'sample'));
		const copy = path.join(sandbox.dir, 'demo-copy');
		await cp(demo, copy, {recursive: true});
		expect(resolveDemoDir({GOTUNE_DEMO_DIR: copy})).toBe(copy);
		expect(resolveDemoDir({GOTUNE_DEMO_DIR: path.join(sandbox.dir, 'missing')})).toBeUndefined();
	});

	it('says go 1.19, so every supported toolchain builds it, and gotune detects it as buildable', async () => {
		expect(await readFile(path.join(demo, 'go.mod'), 'utf8')).toBe('module example.com/gotune-demo\n\ngo 1.19\n');
		const d = await detectModule(sandbox.go, path.join(demo, 'cmd', 'loglens'));
		expect(d.goMod).toMatchObject({modulePath: 'example.com/gotune-demo', goLine: '1.19', requires: 0, readBy: 'go'});
		expect(d.goMod!.compat.status).toBe('ok');
	});

	it('has at least 15 packages under cmd/ and internal/, imports only the standard library', async () => {
		const list = await sandbox.go.run(['list', '-f', '{{.ImportPath}} {{len .TestGoFiles}}', './...'], {cwd: demo});
		expect(list.exitCode).toBe(0);
		const packages = list.stdout
			.trim()
			.split('\n')
			.map(line => line.split(' '));
		expect(packages.length).toBeGreaterThanOrEqual(15);
		expect(packages.filter(([p]) => p!.startsWith('example.com/gotune-demo/cmd/')).length).toBeGreaterThanOrEqual(2);
		expect(packages.filter(([p]) => p!.startsWith('example.com/gotune-demo/internal/')).length).toBeGreaterThanOrEqual(13);
		expect(packages.filter(([, tests]) => Number(tests) > 0).length).toBeGreaterThanOrEqual(5);
		const deps = await sandbox.go.run(['list', '-deps', '-f', '{{if not .Standard}}{{.ImportPath}}{{end}}', './...'], {cwd: demo});
		expect(
			deps.stdout
				.trim()
				.split('\n')
				.every(p => p.startsWith('example.com/gotune-demo')),
		).toBe(true);
	});

	// A cold build compiles the standard library too (no prebuilt std since Go 1.20): up to a few minutes on 2 busy cores.
	it('builds cold and its tests pass with the toolchain under test', {timeout: 420_000}, async () => {
		const build = await sandbox.go.run(['build', '-o', path.join(sandbox.dir, 'bin') + '/', './...'], {cwd: demo, timeoutMs: 240_000});
		expect(build.stderr).toBe('');
		expect(build.exitCode).toBe(0);
		const test = await sandbox.go.run(['test', './...'], {cwd: demo, timeoutMs: 160_000});
		expect(test.exitCode).toBe(0);
		expect(test.stdout).toMatch(/^ok\s+example.com\/gotune-demo\/internal\/logfmt/m);
	});
});
