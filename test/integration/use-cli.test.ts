import {readFile, realpath, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {FETCHED_TOOLCHAINS} from '../helpers/toolchains.js';

// The toolchains switched between are real: go1.27.3 fetched through the module proxy (.ci/install-go), the machine's
// /usr/local/go and Debian's 1.19. The proof is the user's own shell (bash -i reads ~/.bashrc) running `go version`.
const GO127 = path.join(FETCHED_TOOLCHAINS, 'go1.27.3', 'bin', 'go');

type UseJson = {
	version: string;
	goBin: string;
	startupFile: string;
	changeSet: string | null;
	rolledBack: boolean;
	proof: {command: string[]; goPath: string | null; goVersion: string | null; ok: boolean; problem?: string};
};

describe('gotune use', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox({extraEnv: {SHELL: '/bin/bash'}});
	});
	afterEach(async () => sandbox.cleanup());
	const bashrc = () => path.join(sandbox.env['HOME']!, '.bashrc');
	// Bytes that are not UTF-8, and no newline at the end: rollback must give back exactly these.
	const userText = Buffer.concat([
		Buffer.from('# my bashrc\nalias ll="ls -l"\n'),
		Buffer.from([0xe9, 0x74, 0xe9]),
		Buffer.from(' no newline'),
	]);

	it('lists the go commands it can switch to', async () => {
		const result = await sandbox.cli(['use', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const {toolchains} = JSON.parse(result.stdout) as {toolchains: Array<{version: string; realPath: string; runs: boolean}>};
		expect(toolchains.map(t => t.realPath)).toEqual(expect.arrayContaining(['/usr/local/go/bin/go', '/usr/lib/go-1.19/bin/go']));
		expect(toolchains.filter(t => t.runs)).toHaveLength(1);
	});

	it('switches to go1.27.3 then to 1.19 in one block, proven by bash running go version; rollback restores the file byte for byte', async () => {
		await writeFile(bashrc(), userText);
		const first = await sandbox.cli(['use', GO127, '--yes', '--json']);
		expect(first.exitCode, first.stderr).toBe(0);
		const one = JSON.parse(first.stdout) as UseJson;
		expect(one).toMatchObject({version: 'go1.27.3', startupFile: bashrc(), rolledBack: false});
		expect(one.proof).toMatchObject({ok: true, command: ['/bin/bash', '-i', '-c'], goVersion: 'go version go1.27.3 linux/amd64'});
		const afterFirst = await readFile(bashrc());
		expect(afterFirst.subarray(0, userText.length).equals(userText)).toBe(true);

		// Debian's 1.19 by version: the same block is replaced (never a second one), pointing at its GOROOT's bin.
		const second = await sandbox.cli(['use', '1.19', '--yes', '--json']);
		expect(second.exitCode, second.stderr).toBe(0);
		const two = JSON.parse(second.stdout) as UseJson;
		expect(two.proof).toMatchObject({ok: true, goPath: '/usr/lib/go-1.19/bin/go', goVersion: 'go version go1.19.8 linux/amd64'});
		const text = await readFile(bashrc(), 'latin1');
		expect(text.match(/# >>> gotune /g)).toHaveLength(1);
		expect(text).toContain(`export PATH='/usr/lib/go-1.19/bin':"$PATH"`);

		// Again: already there, nothing written, still proven.
		const again = await sandbox.cli(['use', '1.19', '--json']);
		expect(again.exitCode, again.stderr).toBe(0);
		expect((JSON.parse(again.stdout) as UseJson).changeSet).toBeNull();

		expect((await sandbox.cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		expect((await readFile(bashrc())).equals(afterFirst)).toBe(true);
		expect((await sandbox.cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		expect((await readFile(bashrc())).equals(userText)).toBe(true);
	});

	it('rolls back when a line after the block puts another go first, and says which go the shell runs', async () => {
		// The block as an earlier `gotune use` left it, followed by the user's own PATH line for /usr/local/go.
		const before = [
			'# >>> gotune install-go >>>',
			`export PATH='/usr/local/go/bin':"$PATH"`,
			'# <<< gotune install-go <<<',
			'export PATH=/usr/local/go/bin:"$PATH"',
			'',
		].join('\n');
		await writeFile(bashrc(), before);
		const result = await sandbox.cli(['use', '1.19', '--yes', '--json']);
		expect(result.exitCode).toBe(1);
		const json = JSON.parse(result.stdout) as UseJson;
		expect(json.rolledBack).toBe(true);
		expect(json.proof.ok).toBe(false);
		expect(json.proof.problem).toContain('runs /usr/local/go/bin/go');
		expect(await readFile(bashrc(), 'utf8')).toBe(before);
		const text = await sandbox.cli(['use', '1.19', '--yes']);
		expect(text.exitCode).toBe(1);
		expect(text.stderr).toMatch(/gotune: a new bash runs \/usr\/local\/go\/bin\/go .*change set #\d+ was rolled back/);
	});

	it('GOROOT set in the GOENV file or the environment: warned with the exact fix (plan, --json), and the printed fix works', async () => {
		// What the user's setup says: GOROOT pinned to Debian's 1.19 in the GOENV file and exported by ~/.bashrc.
		const goenv = sandbox.env['GOENV']!;
		await writeFile(goenv, 'GOPROXY=off\nGOROOT=/usr/lib/go-1.19\n');
		await writeFile(bashrc(), '# mine\nexport GOROOT=/usr/lib/go-1.19\n');
		const text = await sandbox.cli(['use', GO127, '--yes'], {env: {GOROOT: '/usr/lib/go-1.19'}});
		expect(text.exitCode, text.stderr).toBe(0);
		expect(text.stdout).toContain(
			`! GOROOT=/usr/lib/go-1.19 is set in the environment: the switched go would build with that tree's standard library`,
		);
		expect(text.stdout).toContain(`Fix: unset GOROOT, and delete line 2 of ${bashrc()} (export GOROOT=/usr/lib/go-1.19)`);
		const fix = `Fix: delete line 2 of ${goenv}`;
		expect(text.stdout).toContain(`! ${goenv} sets GOROOT=/usr/lib/go-1.19: every go reads it`);
		expect(text.stdout).toContain(fix);
		const json = JSON.parse((await sandbox.cli(['use', GO127, '--json'])).stdout) as UseJson & {warnings: string[]};
		expect(json.warnings).toEqual([expect.stringContaining(fix)]);
		// The harm is real: go1.27.3 takes its root from the file. The fix, done as written, gives go its own root back.
		const go127 = sandbox.go.withBinary(GO127);
		expect((await go127.run(['env', 'GOROOT'])).stdout.trim()).toBe('/usr/lib/go-1.19');
		await writeFile(goenv, 'GOPROXY=off\n');
		expect(await realpath((await go127.run(['env', 'GOROOT'])).stdout.trim())).toBe(path.dirname(path.dirname(await realpath(GO127))));
		expect((JSON.parse((await sandbox.cli(['use', GO127, '--json'])).stdout) as {warnings: string[]}).warnings).toEqual([]);
	});

	it('sh: ~/.profile, proven by a login shell', async () => {
		const result = await sandbox.cli(['use', '1.19', '--yes', '--json'], {env: {SHELL: '/bin/sh'}});
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as UseJson;
		expect(json.startupFile).toBe(path.join(sandbox.env['HOME']!, '.profile'));
		expect(json.proof).toMatchObject({ok: true, command: ['/bin/sh', '-l', '-c'], goPath: '/usr/lib/go-1.19/bin/go'});
	});

	it('bad input: says what is allowed and what is installed, writes nothing, exit 2', async () => {
		const banana = await sandbox.cli(['use', 'banana']);
		expect(banana.exitCode).toBe(2);
		expect(banana.stderr).toContain('"banana" is neither a Go version (1.27.3, go1.27.3, 1.27) nor a path to a go command');
		expect(banana.stderr).toMatch(/Found here: .*go1\.19\.8/);
		const missing = await sandbox.cli(['use', 'go1.99.1']);
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toContain('go1.99.1 is not among the go commands gotune found');
		expect(missing.stderr).toContain('Or download it: gotune install-go 1.99.1');
		// An older version than what is installed: the newer installed ones are offered before a download.
		const old = await sandbox.cli(['use', '1.18']);
		expect(old.exitCode).toBe(2);
		expect(old.stderr).toMatch(/Installed and newer: gotune use go1\.\d+\.\d+/);
		const notGo = await sandbox.cli(['use', sandbox.dir]);
		expect(notGo.exitCode).toBe(2);
		expect(notGo.stderr).toContain('is no go command: give the go binary, its bin directory or a GOROOT');
		await expect(readFile(bashrc())).rejects.toThrow();
		const history = await sandbox.cli(['history', '--json']);
		expect(JSON.parse(history.stdout)).toMatchObject({entries: []});
	});
});
