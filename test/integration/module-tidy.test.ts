import {existsSync} from 'node:fs';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {openJournal} from '../../source/core/journal/index.js';
import {applyInit, applyTidy, checkModule, planInit} from '../../source/core/steps/module.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

const DEP = {
	path: 'example.com/dep',
	version: 'v1.0.0',
	files: {
		'go.mod': 'module example.com/dep\n\ngo 1.19\n',
		'dep.go': 'package dep\n\n// Answer is what the app prints.\nconst Answer = 42\n',
	},
};
const MAIN = 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/dep"\n)\n\nfunc main() { fmt.Println(dep.Answer) }\n';

describe('init, then tidy through the journal, with a real proxy on 127.0.0.1', () => {
	let sandbox: TestSandbox | undefined;
	let closeProxy: (() => Promise<void>) | undefined;
	afterEach(async () => {
		await closeProxy?.();
		await sandbox?.cleanup();
	});

	const initProject = async (files: Record<string, string>) => {
		const dir = path.join(sandbox!.dir, 'app');
		await mkdir(dir, {recursive: true});
		for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
		const runtime = {...sandbox!.runtime, cwd: dir};
		const check = await checkModule(runtime, dir);
		const plan = await planInit(check, 'example.com/app');
		const journal = openJournal(runtime);
		const init = await applyInit(plan, check, journal, 'wizard:module');
		expect(init.ok).toBe(true);
		return {dir, check, journal};
	};

	it('downloads through the proxy in force, records go.mod and go.sum, and rollback --all removes both', async () => {
		const proxy = await startModuleProxy([DEP]);
		closeProxy = proxy.close;
		sandbox = await makeSandbox({extraEnv: {GOPROXY: proxy.url, GOSUMDB: 'off'}});
		const {dir, check, journal} = await initProject({'main.go': MAIN});

		const tidy = await applyTidy(check, journal, 'wizard:module');
		expect(tidy).toMatchObject({kind: 'done', downloads: ['example.com/dep v1.0.0'], goSumCreated: true, offline: false});
		expect(proxy.requests).toContain('/example.com/dep/@v/v1.0.0.zip');
		expect(await readFile(path.join(dir, 'go.mod'), 'utf8')).toContain('require example.com/dep v1.0.0');
		expect(await readFile(path.join(dir, 'go.sum'), 'utf8')).toMatch(/^example.com\/dep v1.0.0 h1:/);
		// The tidied module really builds.
		expect((await sandbox.go.run(['build', './...'], {cwd: dir})).exitCode).toBe(0);

		const sets = await journal.changeSets();
		expect(sets.map(s => s.entries[0]!.target)).toEqual([
			{kind: 'file', path: path.join(dir, 'go.sum')},
			{kind: 'file', path: path.join(dir, 'go.mod')},
			{kind: 'file', path: path.join(dir, 'go.mod')},
		]);
		const rolled = await journal.rollback({kind: 'all'});
		expect(rolled.conflicts).toEqual([]);
		expect(existsSync(path.join(dir, 'go.mod'))).toBe(false);
		expect(existsSync(path.join(dir, 'go.sum'))).toBe(false);
	});

	it('no reachable proxy: says offline at once instead of hanging, and changes nothing', async () => {
		// Port 9 on loopback: nothing listens, so the connection is refused (go-facts §2.2).
		sandbox = await makeSandbox({extraEnv: {GOPROXY: 'http://127.0.0.1:9', GOSUMDB: 'off'}});
		const {dir, check, journal} = await initProject({'main.go': MAIN});
		const before = await readFile(path.join(dir, 'go.mod'), 'utf8');
		const tidy = await applyTidy(check, journal, 'wizard:module');
		expect(tidy.kind).toBe('offline');
		if (tidy.kind !== 'offline') return;
		expect(tidy.message).toContain('no GOPROXY entry is reachable: http://127.0.0.1:9');
		expect(tidy.goMessage).toContain('GOPROXY=off');
		expect(await readFile(path.join(dir, 'go.mod'), 'utf8')).toBe(before);
		expect(existsSync(path.join(dir, 'go.sum'))).toBe(false);
		expect((await journal.changeSets()).length).toBe(1);
	});

	it('offline with nothing to download: tidy still succeeds', async () => {
		sandbox = await makeSandbox({extraEnv: {GOPROXY: 'http://127.0.0.1:9', GOSUMDB: 'off'}});
		const {check, journal} = await initProject({'main.go': 'package main\n\nfunc main() {}\n'});
		expect(await applyTidy(check, journal, 'wizard:module')).toMatchObject({kind: 'done', offline: true, downloads: []});
	});
});
