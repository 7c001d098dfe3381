import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {detectModule} from '../../source/core/module/detect.js';
import {moduleChecks} from '../../source/core/module/module-checks.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

const MODERN_GOMOD = `module example.com/modern

go 1.22.0

toolchain go1.22.3

require (
	golang.org/x/text v0.3.0
	example.com/other v1.0.0 // indirect
)
`;

describe('module detection with the real go', () => {
	let sandbox: TestSandbox;
	let minor: number;
	beforeEach(async () => {
		sandbox = await makeSandbox();
		minor = Number(/go1\.(\d+)/.exec((await sandbox.go.run(['version'])).stdout)![1]);
	});
	afterEach(async () => sandbox.cleanup());

	const project = async (files: Record<string, string>) => {
		const root = path.join(sandbox.dir, 'project');
		for (const [name, text] of Object.entries(files)) {
			await mkdir(path.dirname(path.join(root, name)), {recursive: true});
			await writeFile(path.join(root, name), text);
		}
		return root;
	};

	it('finds go.mod in a parent and reads module, go, toolchain and requirements (or says why go cannot)', async () => {
		const root = await project({'go.mod': MODERN_GOMOD, 'cmd/app/main.go': 'package main\n\nfunc main() {}\n'});
		const d = await detectModule(sandbox.go, path.join(root, 'cmd', 'app'));
		expect(d.goMod).toMatchObject({
			file: path.join(root, 'go.mod'),
			modulePath: 'example.com/modern',
			goLine: '1.22.0',
			toolchainLine: 'go1.22.3',
			requires: 2,
			indirectRequires: 1,
		});
		if (minor < 21) {
			// Go 1.19 cannot parse a three-part go line: gotune reads the file itself and shows Go's words.
			expect(d.goMod!.readBy).toBe('gotune');
			expect(d.goMod!.goError).toContain("invalid go version '1.22.0': must match format 1.23");
			expect(d.goMod!.goError).toContain('unknown directive: toolchain');
			expect(d.goMod!.compat.status).toBe('error');
			expect(d.goMod!.compat.message).toContain('cannot parse the three-part line "go 1.22.0" or the "toolchain go1.22.3" line');
		} else {
			expect(d.goMod!.readBy).toBe('go');
			expect(d.goMod!.compat.status).toBe('ok');
			expect(d.goLoad).toEqual({ok: true});
		}
	});

	it('a go line newer than the toolchain: refused under GOTOOLCHAIN=local with the message go prints', async () => {
		const root = await project({'go.mod': 'module example.com/future\n\ngo 1.99\n'});
		const d = await detectModule(sandbox.go, root);
		expect(d.goMod!.goLine).toBe('1.99');
		if (minor < 21) {
			// 1.19 knows nothing of toolchains: it tries to build anyway.
			expect(d.goMod!.compat.status).toBe('warn');
			expect(d.goLoad).toEqual({ok: true});
		} else {
			expect(d.gotoolchain).toBe('local');
			expect(d.goMod!.compat.status).toBe('error');
			expect(d.goLoad!.ok).toBe(false);
			// gotune predicts Go's exact words.
			expect(d.goMod!.compat.message).toContain(`"${d.goLoad!.message}"`);
		}
	});

	it('GOTOOLCHAIN=auto: says go would download the toolchain, without letting it try', async () => {
		const root = await project({'go.mod': 'module example.com/future\n\ngo 1.99\n\ntoolchain go1.99.2\n'});
		const d = await detectModule(sandbox.go.withEnv({GOTOOLCHAIN: 'auto', GOPROXY: 'off'}), root);
		if (minor < 21) {
			expect(d.goMod!.compat.status).toBe('error');
			return;
		}
		expect(d.gotoolchain).toBe('auto');
		expect(d.goMod!.compat).toMatchObject({status: 'warn'});
		expect(d.goMod!.compat.message).toContain('go switches to go1.99.2');
		expect(d.goMod!.compat.message).toContain('GOPROXY=off');
		// And what go itself does with that setting, to keep the explanation honest:
		const real = await sandbox.go.withEnv({GOTOOLCHAIN: 'auto', GOPROXY: 'off'}).run(['list', '-m'], {cwd: root});
		expect(real.stderr).toContain('go: downloading go1.99.2');
		expect(real.stderr).toContain('toolchain not available');
	});

	it('reports go.work and its use lines', async () => {
		const root = await project({
			'go.work': 'go 1.19\n\nuse (\n\t./a\n\t./b\n)\n',
			'a/go.mod': 'module example.com/a\n\ngo 1.19\n',
			'b/go.mod': 'module example.com/b\n\ngo 1.19\n',
		});
		const d = await detectModule(sandbox.go, path.join(root, 'a'));
		expect(d.goWork).toMatchObject({file: path.join(root, 'go.work'), readBy: 'go', uses: ['./a', './b'], goLine: '1.19'});
		expect(d.goMod!.modulePath).toBe('example.com/a');
		expect(moduleChecks(d).map(c => c.id)).toEqual(['module.found', 'module.toolchain', 'workspace.found', 'workspace.toolchain']);
	});

	it('no module: says so and points to gotune init', async () => {
		const root = await project({README: 'x\n'});
		const d = await detectModule(sandbox.go, root);
		expect(d.goMod).toBeUndefined();
		expect(moduleChecks(d)).toEqual([
			expect.objectContaining({id: 'module.found', status: 'ok', message: `No go.mod in ${root} or its parents`}),
		]);
	});
});
