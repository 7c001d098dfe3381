import {spawn} from 'node:child_process';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

/** Runs the CLI with its stdout already closed by the reader (`gotune doctor | head -0`). */
async function intoClosedPipe(sandbox: TestSandbox, args: string[]): Promise<{code: number | null; stderr: string}> {
	const child = spawn(process.execPath, [CLI, ...args], {
		cwd: sandbox.dir,
		env: Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined)),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.destroy();
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	return {code, stderr};
}

describe('the CLI under misuse (issue 7)', () => {
	let sandbox: TestSandbox;
	let profile: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		profile = path.join(sandbox.dir, 'gotune.json');
		await writeFile(profile, JSON.stringify({env: {GOPROXY: 'https://proxy.golang.org,direct', GOPRIVATE: 'git.corp.example/*'}}));
		// Something for history and rollback to print.
		const applied = await sandbox.cli(['apply', profile, '--yes']);
		expect(applied.exitCode).toBe(0);
	});
	afterAll(async () => sandbox.cleanup());

	it.each([
		[['doctor']],
		[['doctor', '--json']],
		[['--help']],
		[['history']],
		[['history', '--json']],
		[['rollback', '--dry-run']],
		[['apply', 'PROFILE', '--dry-run']],
		[['apply', 'PROFILE', '--dry-run', '--json']],
	])('%j into a closed pipe exits quietly', async args => {
		const {code, stderr} = await intoClosedPipe(sandbox, args.map(arg => (arg === 'PROFILE' ? profile : arg)));
		expect(stderr).not.toMatch(/EPIPE|\n\s+at |node:/);
		expect(stderr).toBe('');
		// doctor's own verdict (1 when it finds an error, e.g. an unsupported Go 1.19); everything else succeeds.
		expect(args[0] === 'doctor' ? [0, 1] : [0]).toContain(code);
	});

	it('an option value spelled like a command is a value: --sandbox doctor doctor runs doctor in ./doctor', async () => {
		const work = path.join(sandbox.dir, 'work');
		await mkdir(work);
		const result = await sandbox.cli(['--sandbox', 'doctor', 'doctor', '--json'], {cwd: work});
		expect(result.stderr).not.toContain('wizard');
		expect(result.exitCode === 0 || result.exitCode === 1).toBe(true);
		expect(JSON.parse(result.stdout)).toHaveProperty('checks');
		expect(result.stdout).toContain(path.join(work, 'doctor'));
	});

	it("gotune init '' is bad input naming the empty path, and writes nothing", async () => {
		const dir = path.join(sandbox.dir, 'empty-init');
		await mkdir(dir);
		const result = await sandbox.cli(['init', '', '--yes'], {cwd: dir});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('MODULE_PATH is empty');
		expect(result.stderr).toContain('usage: gotune init');
		expect(result.stderr).not.toContain('gotune-modcheck');
	});
});
