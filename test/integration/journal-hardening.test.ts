import {appendFile, chmod, chown, lstat, mkdir, readdir, readFile, stat, symlink, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {installedToolchains} from '../helpers/toolchains.js';

/** Issue 7: the journal writes only the file it means to, byte for byte, with its owner and mode, and refuses what go refuses. */
let sandbox: TestSandbox;
let goenv: string;

beforeEach(async () => {
	sandbox = await makeSandbox();
	goenv = sandbox.env['GOENV']!;
});
afterEach(async () => {
	await sandbox.cleanup();
});

async function profile(env: Record<string, string>, name = 'p.json'): Promise<string> {
	const file = path.join(sandbox.dir, name);
	await writeFile(file, JSON.stringify({env}));
	return file;
}

const output = (r: {stdout: string; stderr: string}) => r.stdout + r.stderr;
const isRoot = process.getuid?.() === 0;
const minor = async () => Number(/go1\.(\d+)/.exec((await sandbox.go.run(['version'])).stdout)?.[1]);

describe('settings misplaced or corrupted', () => {
	it('a relative GOENV is recorded absolute: rollback from another directory edits the file gotune wrote', async () => {
		const a = path.join(sandbox.dir, 'a');
		const b = path.join(sandbox.dir, 'b');
		await mkdir(a);
		await mkdir(b);
		await writeFile(path.join(b, '.goenv'), 'GOPROXY=https://b.example\n');
		const file = await profile({GOPROXY: 'https://a.example'});
		expect((await sandbox.cli(['apply', file, '--yes'], {cwd: a, env: {GOENV: '.goenv'}})).exitCode).toBe(0);
		expect(await readFile(path.join(a, '.goenv'), 'utf8')).toBe('GOPROXY=https://a.example\n');
		const rollback = await sandbox.cli(['rollback', '--yes'], {cwd: b, env: {GOENV: '.goenv'}});
		expect(rollback.exitCode, output(rollback)).toBe(0);
		await expect(stat(path.join(a, '.goenv'))).rejects.toThrow(/ENOENT/);
		expect(await readFile(path.join(b, '.goenv'), 'utf8')).toBe('GOPROXY=https://b.example\n');
	});

	it('bytes that are not UTF-8 stay bytes through apply and rollback, also when a key with such a value is changed', async () => {
		const original = Buffer.concat([
			Buffer.from('GOPATH=/home/caf'),
			Buffer.from([0xe9]),
			Buffer.from('/go\n# r'),
			Buffer.from([0xe9, 0xff]),
			Buffer.from('sum\n'),
		]);
		await writeFile(goenv, original);
		expect((await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--yes'])).exitCode).toBe(0);
		expect((await readFile(goenv)).equals(Buffer.concat([original, Buffer.from('GOPROXY=https://p.example\n')]))).toBe(true);
		expect((await sandbox.cli(['rollback', '--yes'])).exitCode).toBe(0);
		expect((await readFile(goenv)).equals(original)).toBe(true);

		// Change the Latin-1 value itself, then edit another line: the per-key rollback puts the old bytes back.
		expect((await sandbox.cli(['apply', await profile({GOPATH: '/srv/go'}, 'q.json'), '--yes'])).exitCode).toBe(0);
		await appendFile(goenv, 'GOBIN=/opt/bin\n');
		expect((await sandbox.cli(['rollback', '--yes'])).exitCode).toBe(0);
		expect((await readFile(goenv)).equals(Buffer.concat([original, Buffer.from('GOBIN=/opt/bin\n')]))).toBe(true);
	});

	it.runIf(isRoot)("run as root on another user's file, keeps its owner, group and mode", async () => {
		await writeFile(goenv, 'GOBIN=/opt/bin\n');
		await chown(goenv, 65534, 65534);
		await chmod(goenv, 0o640);
		expect((await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--yes'])).exitCode).toBe(0);
		const info = await stat(goenv);
		expect([info.uid, info.gid, info.mode & 0o7777]).toEqual([65534, 65534, 0o640]);
		expect((await sandbox.cli(['rollback', '--yes'])).exitCode).toBe(0);
		const back = await stat(goenv);
		expect([back.uid, back.gid, back.mode & 0o7777]).toEqual([65534, 65534, 0o640]);
	});

	it('a dangling GOENV symlink is written through (its target created) and left in place by rollback', async () => {
		const target = path.join(sandbox.dir, 'dotfiles', 'go', 'env');
		await symlink(target, goenv);
		expect((await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--yes'])).exitCode).toBe(0);
		expect((await lstat(goenv)).isSymbolicLink()).toBe(true);
		expect(await readFile(target, 'utf8')).toBe('GOPROXY=https://p.example\n');
		expect((await sandbox.cli(['rollback', '--yes'])).exitCode).toBe(0);
		expect((await lstat(goenv)).isSymbolicLink()).toBe(true);
		await expect(stat(target)).rejects.toThrow(/ENOENT/);
	});

	it.runIf(isRoot)(
		'a read-only (0444) GOENV file: refused like go env -w refuses it for its owner; written as root, as go does',
		async () => {
			await writeFile(goenv, 'GOBIN=/opt/bin\n');
			await chmod(goenv, 0o444);
			const file = await profile({GOPROXY: 'https://p.example'});
			// As an ordinary user (uid 65534 owning the sandbox): go env -w says "permission denied", gotune refuses.
			await execa('chown', ['-R', '65534:65534', sandbox.dir]);
			const env = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
			const asUser = await execa(
				'setpriv',
				['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, CLI, 'apply', file, '--yes'],
				{cwd: sandbox.dir, env, extendEnv: false, reject: false},
			);
			const go = await execa(
				'setpriv',
				['--reuid', '65534', '--regid', '65534', '--clear-groups', sandbox.goBin, 'env', '-w', 'GOPROXY=https://p.example'],
				{cwd: sandbox.dir, env, extendEnv: false, reject: false},
			);
			expect(go.stderr).toMatch(/permission denied/);
			expect(asUser.exitCode, output({stdout: String(asUser.stdout), stderr: String(asUser.stderr)})).toBe(2);
			expect(String(asUser.stderr)).toMatch(/is not writable.*go env -w refuses to change it too/);
			expect(await readFile(goenv, 'utf8')).toBe('GOBIN=/opt/bin\n');
			// As root, go's os.WriteFile succeeds on a 0444 file (root ignores permission bits): gotune does the same, mode kept.
			expect((await sandbox.cli(['apply', file, '--yes'])).exitCode).toBe(0);
			expect(await readFile(goenv, 'utf8')).toBe('GOBIN=/opt/bin\nGOPROXY=https://p.example\n');
			expect((await stat(goenv)).mode & 0o777).toBe(0o444);
		},
	);

	it('apply refuses a GOROOT that is not the root of the go on PATH (doctor calls it an error)', async () => {
		const other = installedToolchains().find(go => go !== sandbox.goBin);
		const goroot = other ? path.dirname(path.dirname(other)) : path.join(sandbox.dir, 'fake-root');
		if (!other) {
			// Only one Go installed: a copy of its bin/go under another root stands for "another Go".
			await mkdir(path.join(goroot, 'bin'), {recursive: true});
			await execa('cp', [sandbox.goBin, path.join(goroot, 'bin', 'go')]);
		}
		const result = await sandbox.cli(['apply', await profile({GOROOT: goroot}), '--yes']);
		expect(result.exitCode, output(result)).toBe(2);
		expect(result.stderr).toMatch(/is not the root of the go on PATH/);
		await expect(stat(goenv)).rejects.toThrow(/ENOENT/);
	});

	it('validation never switches toolchains: apply --dry-run GOTOOLCHAIN=go1.24.0 downloads nothing', async () => {
		// GOPROXY=off: a download attempt would fail the check; with GOTOOLCHAIN=local for validation none is made.
		const result = await sandbox.cli(['apply', await profile({GOTOOLCHAIN: 'go1.24.0'}), '--dry-run'], {env: {GOPROXY: 'off'}});
		if ((await minor()) < 21) {
			expect(result.exitCode).toBe(2);
			expect(result.stderr).toMatch(/unknown go command variable GOTOOLCHAIN/);
			return;
		}
		expect(result.exitCode, output(result)).toBe(0);
		expect(result.stdout).toMatch(/GOTOOLCHAIN +\(not set\) → go1\.24\.0/);
		expect(await readdir(path.join(sandbox.env['GOMODCACHE']!, 'golang.org')).catch(() => [])).toEqual([]);
	});
});

describe('GOENV that go ignores', () => {
	it.each(['directory', 'symlink loop'])('a GOENV that is a %s: exit 2 naming GOENV and the path, no raw EISDIR/ELOOP', async kind => {
		const at = path.join(sandbox.dir, 'odd-goenv');
		if (kind === 'directory') await mkdir(at);
		else {
			await symlink(`${at}-2`, at);
			await symlink(at, `${at}-2`);
		}
		const result = await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--yes'], {env: {GOENV: at}});
		expect(result.exitCode, output(result)).toBe(2);
		expect(result.stderr).toContain(`GOENV: ${at} is ${kind === 'directory' ? 'a directory' : 'a loop of symbolic links'}: go ignores it`);
		expect(result.stderr).not.toMatch(/EISDIR|ELOOP/);
	});
});

describe('the journal itself', () => {
	it('a malformed record (valid JSON, wrong shape) is skipped and reported; history, rollback and doctor keep working', async () => {
		expect((await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--yes'])).exitCode).toBe(0);
		const journal = path.join(sandbox.runtime.gotuneHome, 'journal', 'journal.jsonl');
		await appendFile(journal, '{"type":"begin","changeSetId":"9"}\n{"type":"rolled-back"}\n');
		const history = await sandbox.cli(['history']);
		expect(history.exitCode, output(history)).toBe(0);
		expect(history.stdout).toMatch(/line 3 skipped: a "begin" record without its id, time, origin or pid/);
		expect(history.stdout).toMatch(/line 4 skipped: a "rolled-back" record without its entry ids/);
		expect(history.stdout).toMatch(/#1 /);
		const doctor = JSON.parse((await sandbox.cli(['doctor', '--json'])).stdout) as {
			checks: Array<{id: string; status: string; message: string; fix?: string}>;
		};
		const damaged = doctor.checks.find(c => c.id === 'journal.damaged');
		expect(damaged?.message).toMatch(/2 lines gotune cannot read, skipped: line 3 .*line 4/);
		expect(doctor.checks.some(c => /permissions/.test(c.fix ?? ''))).toBe(false);
		const rollback = await sandbox.cli(['rollback', '--yes']);
		expect(rollback.exitCode, output(rollback)).toBe(0);
		await expect(stat(goenv)).rejects.toThrow(/ENOENT/);
		expect((await sandbox.cli(['apply', await profile({GOPRIVATE: 'x.example'}, 'q.json'), '--yes'])).exitCode).toBe(0);
	});

	it('validation copies left by killed gotune processes are removed at the next start', async () => {
		const tmp = path.join(sandbox.runtime.gotuneHome, 'journal', 'tmp');
		const dead = path.join(tmp, 'validate-99999999-abc123');
		const legacy = path.join(tmp, 'validate-Ab12Cd');
		for (const dir of [dead, legacy]) {
			await mkdir(dir, {recursive: true});
			await writeFile(path.join(dir, 'current-env'), 'GOPROXY=https://secret@corp.example\n');
		}
		const old = new Date(Date.now() - 3600_000);
		await utimes(legacy, old, old);
		expect((await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--dry-run'])).exitCode).toBe(0);
		expect(await readdir(tmp)).toEqual([]);
	});
});

describe('a go that hangs or crashes while values are checked', () => {
	/**
	 * A real go cannot be made to hang or crash on demand, so a stand-in `go` first on PATH injects exactly that fault
	 * (rule 1's exception); everything else is the real CLI.
	 */
	async function fakeGo(script: string) {
		const dir = path.join(sandbox.dir, 'fake-go-bin');
		await mkdir(dir, {recursive: true});
		await writeFile(path.join(dir, 'go'), `#!/bin/sh\n${script}\n`, {mode: 0o755});
		return {PATH: `${dir}:${sandbox.env['PATH']}`, GOTUNE_VALIDATE_TIMEOUT_MS: '1500'};
	}

	it('a go that never answers: exit 1 "go itself failed" within the bounded time, not "go env -w refuses this"', async () => {
		const started = Date.now();
		const result = await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--dry-run'], {
			env: await fakeGo('exec sleep 60'),
		});
		expect(result.exitCode, output(result)).toBe(1);
		expect(result.stderr).toMatch(/go itself failed: .*did not answer within 2 s/);
		expect(result.stderr).not.toMatch(/refuses this/);
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('a go that crashes (SIGSEGV): exit 1 "go itself failed"', async () => {
		const result = await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--yes'], {
			env: await fakeGo('kill -SEGV $$'),
		});
		expect(result.exitCode, output(result)).toBe(1);
		expect(result.stderr).toMatch(/go itself failed: .*crashed/);
		await expect(stat(goenv)).rejects.toThrow(/ENOENT/);
	});
});

describe('messages', () => {
	it('a file that already locks go out is named as such, with the repair; the profile is not blamed', async () => {
		await writeFile(goenv, 'GOROOT=/nonexistent/go\n');
		const result = await sandbox.cli(['apply', await profile({GOPROXY: 'https://p.example'}), '--yes']);
		expect(result.exitCode, output(result)).toBe(2);
		expect(result.stderr).toMatch(/already locks go out, before this change: go version says: go: cannot find GOROOT directory/);
		expect(result.stderr).toMatch(/env -u GOROOT/);
		expect(result.stderr).not.toMatch(/with this change/);
	});

	it('"Nothing was written." is said once', async () => {
		const result = await sandbox.cli(['apply', await profile({GOFLAGS: '-notaflag'}), '--yes']);
		expect(result.exitCode).toBe(2);
		expect(output(result).match(/Nothing was written\./g)).toHaveLength(1);
	});

	it('a 200 KB value: "value too long (N bytes)", not echoed, exit 2', async () => {
		const value = `https://${'x'.repeat(200 * 1024)}.example`;
		const result = await sandbox.cli(['apply', await profile({GOPROXY: value}), '--yes']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(`value too long (${Buffer.byteLength(value)} bytes)`);
		expect(output(result).length).toBeLessThan(3000);
	});
});
