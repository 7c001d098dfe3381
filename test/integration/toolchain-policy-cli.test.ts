import {mkdir, readFile, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {FETCHED_TOOLCHAINS, testGoMinor} from '../helpers/toolchains.js';

const switches = testGoMinor() >= 21;

type PolicyJson = {
	installed: string;
	gotoolchain: {value: string; source: string};
	options: Array<{value: string; meaning: string; runs: string; location: string; error?: string}>;
	set?: string;
	changeSet?: string | null;
	proof?: {goEnv: string; goVersion?: string; note?: string};
};

describe('gotune toolchain-policy', () => {
	let sandbox: TestSandbox;
	let project: string;
	/** PATH with a go1.27.3 command first (go's +path and auto modes look for goX.Y.Z on PATH): the real fetched toolchain. */
	let withGo127: Record<string, string>;
	beforeEach(async () => {
		sandbox = await makeSandbox();
		project = path.join(sandbox.dir, 'project');
		await mkdir(project);
		await writeFile(path.join(project, 'go.mod'), 'module example.com/p\n\ngo 1.22\n\ntoolchain go1.27.3\n');
		const bin = path.join(sandbox.dir, 'bin');
		await mkdir(bin);
		await symlink(path.join(FETCHED_TOOLCHAINS, 'go1.27.3', 'bin', 'go'), path.join(bin, 'go1.27.3'));
		// GOTOOLCHAIN empty: go reads it from the GOENV file (the sandbox's OS environment would say local).
		withGo127 = {PATH: `${sandbox.env['PATH']}:${bin}`, GOTOOLCHAIN: ''};
	});
	afterEach(async () => sandbox.cleanup());

	it.runIf(switches)('explains every value with what go runs in this module now', async () => {
		const result = await sandbox.cli(['toolchain-policy', '--json'], {cwd: project, env: {GOTOOLCHAIN: ''}});
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as PolicyJson;
		const base = json.installed;
		// Not set in the environment or the GOENV file: the value the go distribution ships (this machine's says local).
		expect(json.gotoolchain.source).toBe('$GOROOT/go.env');
		const byValue = Object.fromEntries(json.options.map(o => [o.value, o]));
		expect(Object.keys(byValue)).toEqual(['local', 'auto', 'path', base, `${base}+auto`, `${base}+path`]);
		expect(byValue['local']).toMatchObject({runs: base, location: 'base'});
		if (base === 'go1.27.3') {
			// The toolchain line asks for the go under test itself: every mode runs it.
			expect(byValue['auto']).toMatchObject({runs: base, location: 'base'});
			return;
		}
		// The sandbox's module cache is empty: auto would download the toolchain line's go1.27.3.
		expect(byValue['auto']).toMatchObject({runs: 'go1.27.3', location: 'download'});
		expect(byValue['path']).toMatchObject({location: 'none', error: 'go: cannot find "go1.27.3" in PATH'});

		const onPath = JSON.parse((await sandbox.cli(['toolchain-policy', '--json'], {cwd: project, env: withGo127})).stdout) as PolicyJson;
		expect(onPath.options.find(o => o.value === 'path')).toMatchObject({runs: 'go1.27.3', location: 'path'});
	});

	it.runIf(switches)('sets go1.27.3+path in the GOENV file; real go then runs go1.27.3 here; rollback restores the file', async () => {
		const goenv = sandbox.env['GOENV']!;
		await writeFile(goenv, 'GOPRIVATE=kept.example\n');
		const result = await sandbox.cli(['toolchain-policy', 'go1.27.3+path', '--yes', '--json'], {cwd: project, env: withGo127});
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as PolicyJson;
		expect(json.set).toBe('go1.27.3+path');
		expect(json.proof).toEqual({goEnv: 'go1.27.3+path', goVersion: 'go version go1.27.3 linux/amd64'});
		expect(await readFile(goenv, 'utf8')).toBe('GOPRIVATE=kept.example\nGOTOOLCHAIN=go1.27.3+path\n');

		// The OS environment's value hides the file's: said, and the proof shows it.
		const shadowed = await sandbox.cli(['toolchain-policy', 'local', '--yes'], {cwd: project, env: {GOTOOLCHAIN: 'auto'}});
		expect(shadowed.exitCode, shadowed.stderr).toBe(0);
		expect(shadowed.stdout).toContain('! the OS environment sets GOTOOLCHAIN=auto, which go uses instead until you unset it');
		expect(shadowed.stdout).toContain("the OS environment's GOTOOLCHAIN=auto wins over the GOENV file");

		expect((await sandbox.cli(['rollback', '--all', '--yes'])).exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe('GOPRIVATE=kept.example\n');
	});

	it.runIf(!switches)('a go before 1.21 ignores GOTOOLCHAIN: said, nothing written, exit 1', async () => {
		const result = await sandbox.cli(['toolchain-policy', 'auto', '--yes'], {cwd: project});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toMatch(/go1\.\d+\.\d+ \(.*\) is older than Go 1\.21 and ignores GOTOOLCHAIN/);
	});

	it('bad input names what go accepts, exit 2', async () => {
		for (const [value, says] of [
			['go1.27', 'go1.27 is a language version but not a toolchain version'],
			['sometimes', 'GOTOOLCHAIN takes local, auto, path, a release such as go1.23.4, or a release with +auto or +path'],
			['go1.27.3+always', 'GOTOOLCHAIN takes local, auto, path'],
		] as const) {
			const result = await sandbox.cli(['toolchain-policy', value, '--yes'], {cwd: project});
			expect(result.exitCode, value).toBe(2);
			expect(result.stderr).toContain(`gotune: GOTOOLCHAIN ${value}: ${says}`);
		}
	});
});
