import {link, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

const CANARIES = ['canary-S3CRET-1', 'canary-TOKEN-2', 'canary-S3CRET-3'];

describe('gotune report: paste-safe', () => {
	let sandbox: TestSandbox;
	let home: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		home = sandbox.env['HOME']!;
		// A credential in the GOENV file, and (through a profile) in the journal's before and after values.
		await writeFile(sandbox.env['GOENV']!, `GOPROXY=https://alice:${CANARIES[0]}@proxy.example/mod?token=${CANARIES[1]},direct\n`);
		const profile = path.join(sandbox.dir, 'team.json');
		await writeFile(
			profile,
			JSON.stringify({env: {GOPROXY: `https://bob:${CANARIES[2]}@proxy2.example/mod,direct`, GOPRIVATE: '*.corp.example'}}),
		);
		expect((await sandbox.cli(['apply', profile, '--yes'])).exitCode).toBe(0);
	});
	afterAll(async () => sandbox.cleanup());

	for (const format of [[], ['--json'], ['--markdown']]) {
		it(`${format[0] ?? 'text'}: no credential, no home directory, yet the content is there`, async () => {
			const result = await sandbox.cli(['report', ...format]);
			expect(result.exitCode).toBe(0);
			for (const canary of CANARIES) expect(result.stdout).not.toContain(canary);
			expect(result.stdout).not.toContain(home);
			expect(result.stdout).toContain('https://***@proxy2.example/mod,direct');
			expect(result.stdout).toContain('*.corp.example');
			expect(result.stdout).toMatch(/go1\.(19|23)\.\d+/);
			if (sandbox.env['GOENV']!.startsWith(home)) expect(result.stdout).toContain('~/');
		});
	}

	it('--json: toolchains, environment with provenance, caches, journal; no probe kept yet is null', async () => {
		const json = JSON.parse((await sandbox.cli(['report', '--json'])).stdout);
		expect(json.toolchains.winner).toBe(sandbox.goBin);
		expect(json.environment.GOPRIVATE).toEqual({value: '*.corp.example', source: 'goenv'});
		expect(json.environment.GOCACHE.source).toBe('process');
		expect(json.caches.map((c: {name: string}) => c.name)).toEqual(['GOCACHE', 'GOMODCACHE']);
		expect(json.probes).toBeNull();
		expect(json.notes).toEqual([]);
		expect(json.journal[0].changes.find((c: {key: string}) => c.key === 'GOPROXY')).toMatchObject({
			before: 'https://***@proxy.example/mod?token=***,direct',
			after: 'https://***@proxy2.example/mod,direct',
		});
		expect(json.measurements).toBeNull();
	});

	it('cache sizes are the real sum of the files', async () => {
		const build = await sandbox.go.run(['list', '-deps', 'fmt']);
		expect(build.exitCode).toBe(0);
		const json = JSON.parse((await sandbox.cli(['report', '--json'])).stdout);
		const gocache = json.caches[0];
		expect(gocache.files).toBeGreaterThan(0);
		expect(gocache.bytes).toBeGreaterThan(gocache.files);
	});

	it('--output FILE writes mode 0600, also over an existing readable file; --json with --markdown is bad input', async () => {
		const file = path.join(sandbox.dir, 'report.md');
		await writeFile(file, 'old', {mode: 0o644});
		const result = await sandbox.cli(['report', '--markdown', '--output', file]);
		expect(result.exitCode).toBe(0);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		const text = await readFile(file, 'utf8');
		expect(text).toMatch(/^# gotune report/);
		for (const canary of CANARIES) expect(text).not.toContain(canary);
		const both = await sandbox.cli(['report', '--json', '--markdown']);
		expect(both.exitCode).toBe(2);
		expect(both.stderr).toMatch(/choose one/);
	});

	it('--output never writes through a link: a symlink (live or dangling) is refused untouched, a hard link is replaced by name, no temp file left', async () => {
		const dir = path.join(sandbox.dir, 'links');
		await mkdir(dir, {recursive: true});
		const precious = path.join(dir, 'precious.txt');
		await writeFile(precious, 'keep me', {mode: 0o644});
		await symlink(precious, path.join(dir, 'live.md'));
		await symlink(path.join(dir, 'created-elsewhere.md'), path.join(dir, 'dangling.md'));
		for (const name of ['live.md', 'dangling.md']) {
			const result = await sandbox.cli(['report', '--output', path.join(dir, name)]);
			expect(result.exitCode).toBe(2);
			expect(result.stderr).toContain(`--output ${path.join(dir, name)} is a symbolic link`);
			expect(result.stderr).toMatch(/remove the link/);
			expect((await lstat(path.join(dir, name))).isSymbolicLink()).toBe(true);
		}
		expect(await readlink(path.join(dir, 'live.md'))).toBe(precious);
		expect(await readFile(precious, 'utf8')).toBe('keep me');
		expect((await stat(precious)).mode & 0o777).toBe(0o644);
		await expect(stat(path.join(dir, 'created-elsewhere.md'))).rejects.toThrow(/ENOENT/);

		const hard = path.join(dir, 'hard.md');
		await link(precious, hard);
		const result = await sandbox.cli(['report', '--output', hard]);
		expect(result.exitCode).toBe(0);
		expect(await readFile(hard, 'utf8')).toMatch(/gotune report/);
		expect(await readFile(precious, 'utf8')).toBe('keep me');
		expect((await stat(precious)).mode & 0o777).toBe(0o644);
		expect((await stat(hard)).mode & 0o777).toBe(0o600);
		expect((await readdir(dir)).sort()).toEqual(['dangling.md', 'hard.md', 'live.md', 'precious.txt']);
	});

	it('--output errors say what, which path and what to do: a directory, a missing directory (exit 2)', async () => {
		const asDir = await sandbox.cli(['report', '--output', sandbox.dir]);
		expect(asDir.exitCode).toBe(2);
		expect(asDir.stderr).toContain(
			`--output ${sandbox.dir} is a directory; give a file name, for example --output ${path.join(sandbox.dir, 'gotune-report.md')}`,
		);
		const missing = path.join(sandbox.dir, 'no-such-dir', 'r.md');
		const noDir = await sandbox.cli(['report', '--output', missing]);
		expect(noDir.exitCode).toBe(2);
		expect(noDir.stderr).toContain(
			`cannot write the report to ${missing}: the directory ${path.dirname(missing)} does not exist; create it first`,
		);
		expect(`${asDir.stderr}${noDir.stderr}`).not.toMatch(/EISDIR|ENOENT|at .*\.js/);
	});
});
