import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {currentShellCommand, pathBlockLines, shQuote, startupTarget} from '../../source/core/install/startup-file.js';

describe('startupTarget', () => {
	let home: string;
	beforeEach(async () => {
		home = await mkdtemp(path.join(os.tmpdir(), 'gotune-startup-'));
	});
	afterEach(async () => rm(home, {recursive: true, force: true}));

	const target = async (shell: string, extra: Record<string, string> = {}) =>
		(await startupTarget({HOME: home, SHELL: shell, ...extra}))?.file;

	it('bash: ~/.bashrc when no login file exists, or when the first login file bash reads sources it', async () => {
		expect(await target('/bin/bash')).toBe(path.join(home, '.bashrc'));
		await writeFile(path.join(home, '.profile'), 'if [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi\n');
		expect(await target('/bin/bash')).toBe(path.join(home, '.bashrc'));
	});

	it('bash: the login file itself when it does not source ~/.bashrc (~/.bash_profile wins over ~/.profile)', async () => {
		await writeFile(path.join(home, '.profile'), 'if [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi\n');
		await writeFile(path.join(home, '.bash_profile'), 'export EDITOR=vi\n');
		expect(await target('/usr/bin/bash')).toBe(path.join(home, '.bash_profile'));
	});

	it('zsh honours ZDOTDIR; fish gets a conf.d file of its own under XDG_CONFIG_HOME; other shells ~/.profile', async () => {
		expect(await target('/usr/bin/zsh')).toBe(path.join(home, '.zshrc'));
		expect(await target('/usr/bin/zsh', {ZDOTDIR: path.join(home, 'z')})).toBe(path.join(home, 'z', '.zshrc'));
		expect(await target('/usr/bin/fish')).toBe(path.join(home, '.config', 'fish', 'conf.d', 'gotune.fish'));
		expect(await target('/usr/bin/fish', {XDG_CONFIG_HOME: path.join(home, 'cfg')})).toBe(
			path.join(home, 'cfg', 'fish', 'conf.d', 'gotune.fish'),
		);
		expect(await target('/bin/dash')).toBe(path.join(home, '.profile'));
		expect(await target('')).toBe(path.join(home, '.profile'));
		expect(await startupTarget({SHELL: '/bin/bash'})).toBeUndefined();
	});
});

describe('PATH block lines', () => {
	it('quote any directory so that sh reads it back exactly', async () => {
		const odd = `/tmp/it's a "dir" $HOME \`x\``;
		const [line] = pathBlockLines('sh', odd, undefined);
		// The real sh evaluates the line: PATH must start with the directory, byte for byte.
		const {stdout} = await execa('sh', ['-c', `${line}\nprintf %s "$PATH"`], {env: {PATH: '/usr/bin:/bin'}, extendEnv: false});
		expect(stdout).toBe(`${odd}:/usr/bin:/bin`);
		expect(shQuote("a'b")).toBe(`'a'\\''b'`);
	});

	it('put the new go first and GOBIN/GOPATH bin last', () => {
		expect(pathBlockLines('bash', '/opt/go/bin', '/home/u/go/bin')).toEqual([
			`export PATH='/opt/go/bin':"$PATH"`,
			`export PATH="$PATH":'/home/u/go/bin'`,
		]);
		expect(pathBlockLines('fish', '/opt/go/bin', '/home/u/go/bin')).toEqual([
			`set -gx PATH '/opt/go/bin' $PATH`,
			`set -gx PATH $PATH '/home/u/go/bin'`,
		]);
		expect(currentShellCommand('fish', '/opt/go/bin')).toBe(`set -gx PATH '/opt/go/bin' $PATH`);
	});
});
