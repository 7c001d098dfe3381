import {existsSync} from 'node:fs';
import {appendFile, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

/** The CLI wraps to the terminal width: compare words, not line breaks. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('gotune init (built CLI, real go)', () => {
	let sandbox: TestSandbox;
	let project: string;
	beforeEach(async () => {
		sandbox = await makeSandbox();
		project = path.join(sandbox.dir, 'work', 'proj');
		await mkdir(project, {recursive: true});
	});
	afterEach(async () => sandbox.cleanup());

	const git = (...args: string[]) =>
		execa('git', ['-C', project, ...args], {env: {...sandbox.env, GIT_CONFIG_NOSYSTEM: '1'} as Record<string, string>, extendEnv: false});

	it('uses the git remote as the module path, records go.mod in the journal, and rollback removes it', async () => {
		await git('init', '-q');
		await git('remote', 'add', 'origin', 'git@github.com:owner/proj.git');
		const result = await sandbox.cli(['init', '--yes'], {cwd: project});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('Module path: github.com/owner/proj (suggested from git remote origin');
		const text = await readFile(path.join(project, 'go.mod'), 'utf8');
		expect(text).toMatch(/^module github.com\/owner\/proj\n\ngo 1\.\d+/);
		// The go.mod gotune shows is the file go wrote.
		expect(result.stdout).toContain(`  module github.com/owner/proj`);

		const history = await sandbox.cli(['history', '--json']);
		expect((JSON.parse(history.stdout) as {entries: unknown[]}).entries).toEqual(
			expect.arrayContaining([
				expect.objectContaining({origin: 'cli:init', key: path.join(project, 'go.mod'), before: {present: false}, status: 'applied'}),
			]),
		);
		const rollback = await sandbox.cli(['rollback', '--last', '--yes']);
		expect(rollback.exitCode).toBe(0);
		expect(existsSync(path.join(project, 'go.mod'))).toBe(false);
	});

	it('does not remove a go.mod that changed since gotune created it', async () => {
		expect((await sandbox.cli(['init', 'example.com/proj', '--yes'], {cwd: project})).exitCode).toBe(0);
		await appendFile(path.join(project, 'go.mod'), '\nrequire example.com/dep v1.0.0\n');
		const rollback = await sandbox.cli(['rollback', '--last', '--yes']);
		expect(rollback.exitCode).not.toBe(0);
		expect(await readFile(path.join(project, 'go.mod'), 'utf8')).toContain('example.com/dep');
	});

	it("a path go refuses: exit 2 with go's own reason and a suggestion, nothing written", async () => {
		const result = await sandbox.cli(['init', 'example.com/foo/v1', '--yes'], {cwd: project});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain(
			'go: invalid module path "example.com/foo/v1": major version suffixes must be in the form of /vN and are only allowed for v2 or later',
		);
		expect(result.stderr).toContain('Try: gotune init example.com/foo');
		expect(existsSync(path.join(project, 'go.mod'))).toBe(false);
		const dash = await sandbox.cli(['init', '--yes', '--', '-x'], {cwd: project});
		expect(dash.exitCode).toBe(2);
		expect(dash.stderr).toContain('go: malformed module path "-x": leading dash');
	});

	it('no TTY and no --yes: prints the plan, exits 2, writes nothing', async () => {
		const result = await sandbox.cli(['init', 'example.com/proj', '--dir', project]);
		expect(result.exitCode).toBe(2);
		expect(result.stdout).toContain(`Plan: go mod init example.com/proj   (in ${project})`);
		expect(result.stderr).toContain('pass --yes');
		expect(existsSync(path.join(project, 'go.mod'))).toBe(false);
	});

	it('refuses the home directory even with --yes', async () => {
		const home = sandbox.env['HOME']!;
		const result = await sandbox.cli(['init', 'example.com/home', '--dir', home, '--yes']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('is your home directory');
		expect(existsSync(path.join(home, 'go.mod'))).toBe(false);
	});

	it('inside another module: explains nesting; only --yes creates the nested module', async () => {
		await writeFile(path.join(project, 'go.mod'), 'module example.com/outer\n\ngo 1.19\n');
		const inner = path.join(project, 'tools');
		await mkdir(inner);
		const refused = await sandbox.cli(['init', 'example.com/outer/tools'], {cwd: inner});
		expect(refused.exitCode).toBe(2);
		expect(flat(refused.stdout)).toContain('is inside module example.com/outer');
		expect(flat(refused.stdout)).toContain('a separate, nested module');
		expect(existsSync(path.join(inner, 'go.mod'))).toBe(false);

		const confirmed = await sandbox.cli(['init', 'example.com/outer/tools', '--yes'], {cwd: inner});
		expect(confirmed.exitCode).toBe(0);
		expect(flat(confirmed.stdout)).toContain('is inside module example.com/outer');
		expect(await readFile(path.join(inner, 'go.mod'), 'utf8')).toMatch(/^module example.com\/outer\/tools/);
		// go agrees that tools is now its own module.
		const list = await sandbox.go.run(['list', '-m'], {cwd: inner});
		expect(list.stdout.trim()).toBe('example.com/outer/tools');
	});

	it('an existing go.mod: says so; exit 0 for the same path, 1 for another', async () => {
		await writeFile(path.join(project, 'go.mod'), 'module example.com/here\n\ngo 1.19\n');
		const same = await sandbox.cli(['init', 'example.com/here'], {cwd: project});
		expect(same.exitCode).toBe(0);
		expect(same.stdout).toContain('already exists (module example.com/here)');
		expect((await sandbox.cli(['init', 'example.com/other', '--yes'], {cwd: project})).exitCode).toBe(1);
	});

	it('--dir that does not exist: exit 2 naming it', async () => {
		const result = await sandbox.cli(['init', '--dir', 'nope/nothere', '--yes'], {cwd: project});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('--dir nope/nothere: no such directory');
	});

	it('gotune doctor in a module reports whether this toolchain can build it', async () => {
		await writeFile(path.join(project, 'go.mod'), 'module example.com/future\n\ngo 1.99\n');
		const result = await sandbox.cli(['doctor', '--json'], {cwd: project});
		const checks = (JSON.parse(result.stdout) as {checks: Array<{id: string; status: string; message: string}>}).checks;
		expect(checks.find(c => c.id === 'module.found')?.message).toContain('module example.com/future');
		const toolchain = checks.find(c => c.id === 'module.toolchain')!;
		const version = (await sandbox.go.run(['env', 'GOVERSION'])).stdout.trim();
		if (/^go1\.(19|20)\b/.test(version)) {
			expect(toolchain.status).toBe('warn');
		} else {
			expect(toolchain).toMatchObject({status: 'error'});
			expect(toolchain.message).toContain('GOTOOLCHAIN=local');
			expect(result.exitCode).toBe(1);
		}
		// Outside a module doctor says nothing about modules.
		const outside = await sandbox.cli(['doctor', '--json']);
		expect((JSON.parse(outside.stdout) as {checks: Array<{id: string}>}).checks.some(c => c.id.startsWith('module.'))).toBe(false);
	});
});
