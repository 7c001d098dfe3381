import {spawn} from 'node:child_process';
import {mkdir, symlink, writeFile} from 'node:fs/promises';
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
		const {code, stderr} = await intoClosedPipe(
			sandbox,
			args.map(arg => (arg === 'PROFILE' ? profile : arg)),
		);
		expect(stderr).not.toMatch(/EPIPE|\n\s+at |node:/);
		expect(stderr).toBe('');
		// doctor's own verdict (1 when it finds an error, e.g. an unsupported Go 1.19); everything else succeeds.
		expect(args[0] === 'doctor' ? [0, 1] : [0]).toContain(code);
	});

	it('a credential in any URL form never reaches any output (apply, history, rollback, doctor; text and JSON)', async () => {
		const secrets = ['ghp_SECRETTOKEN1234567890', 'p@ss/word', 'hunter2'];
		const goproxy = `https://${secrets[0]}@proxy.corp.example/go|https://bob:${secrets[1]}@other.example/mod,https://carol:${secrets[2]}@third.example,direct`;
		const secretProfile = path.join(sandbox.dir, 'secret.json');
		await writeFile(secretProfile, JSON.stringify({env: {GOPROXY: goproxy}}));
		const runs = [
			await sandbox.cli(['apply', secretProfile, '--dry-run']),
			await sandbox.cli(['apply', secretProfile, '--dry-run', '--json']),
			await sandbox.cli(['apply', secretProfile, '--yes', '--json']),
			await sandbox.cli(['history']),
			await sandbox.cli(['history', '--json']),
			await sandbox.cli(['doctor']),
			await sandbox.cli(['doctor', '--json']),
			await sandbox.cli(['doctor', '--json'], {env: {GOPROXY: goproxy}}),
			await sandbox.cli(['rollback', '--dry-run']),
			await sandbox.cli(['rollback', '--dry-run', '--json']),
		];
		expect(runs[2]!.exitCode).toBe(0);
		for (const run of runs) {
			for (const secret of secrets) {
				expect(run.stdout).not.toContain(secret);
				expect(run.stderr).not.toContain(secret);
			}
		}
		expect(runs[4]!.stdout).toContain('https://***@proxy.corp.example/go|https://***@other.example/mod');
		const rolledBack = await sandbox.cli(['rollback', '--last', '--yes']);
		expect(rolledBack.exitCode).toBe(0);
		for (const secret of secrets) expect(rolledBack.stdout + rolledBack.stderr).not.toContain(secret);
	});

	it.each([['a directory'], ['a symlink loop']])(
		'GOENV pointing at %s: doctor names GOENV and the path instead of aborting',
		async kind => {
			const target = path.join(sandbox.dir, kind === 'a directory' ? 'goenv-dir' : 'goenv-loop');
			if (kind === 'a directory') await mkdir(target);
			else await symlink(target, target);
			const result = await sandbox.cli(['doctor', '--json'], {env: {GOENV: target}});
			expect(result.stderr).not.toMatch(/EISDIR|ELOOP/);
			const report = JSON.parse(result.stdout) as {checks: Array<{id: string; status: string; message: string}>};
			const finding = report.checks.find(check => check.id === 'goenv.unreadable');
			expect(finding?.message).toContain(`GOENV ${target} ${kind === 'a directory' ? 'is a directory' : 'is a symlink loop'}`);
			expect(result.exitCode).toBe(1);
		},
	);

	it.each([['/proc/gotune-sandbox'], ['/proc/self/gotune/x']])('--sandbox %s fails fast with exit 2 and a clear message', async dir => {
		// Bounded: before the fix this spun at full CPU forever.
		const result = await sandbox.cli(['--sandbox', dir, 'doctor'], {timeoutMs: 15_000});
		expect(result.signal).toBeUndefined();
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain(`--sandbox ${dir}: cannot`);
		expect(result.stderr).not.toMatch(/\n\s+at /);
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

	it("--sandbox leaves GOCACHE and GOMODCACHE to go's defaults inside the sandbox (a user's own are removed), so the Cache step can move them", async () => {
		const box = path.join(sandbox.dir, 'box');
		const result = await sandbox.cli(['--sandbox', box, 'doctor', '--json'], {
			env: {GOCACHE: '/real/user/cache', GOMODCACHE: '/real/user/mod'},
		});
		const report = JSON.parse(result.stdout) as {env: Record<string, {value: string; source: string}>};
		expect(report.env['GOCACHE']).toEqual({value: path.join(box, 'home', '.cache', 'go-build'), source: 'default'});
		expect(report.env['GOMODCACHE']).toEqual({value: path.join(box, 'gopath', 'pkg', 'mod'), source: 'default'});
		const moved = await sandbox.cli([
			'--sandbox',
			box,
			'cache',
			'move',
			'--gocache',
			path.join(box, 'elsewhere', 'go-build'),
			'--yes',
			'--json',
		]);
		expect(moved.stderr).not.toMatch(/overrides/);
		expect(moved.exitCode).toBe(0);
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
