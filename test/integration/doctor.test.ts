import {writeFile} from 'node:fs/promises';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {DoctorReport} from '../../source/core/doctor.js';
import {binaryRootOf} from '../../source/core/environment.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

describe('gotune doctor', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	const doctorJson = async (env = {}) => {
		const result = await sandbox.cli(['doctor', '--json'], {env});
		return {result, report: JSON.parse(result.stdout) as DoctorReport};
	};

	it('reports the winning go, its version, and every tracked key with its source', async () => {
		const {result, report} = await doctorJson();
		const version = /go\d+\.\d+(\.\d+)?/.exec((await sandbox.go.run(['version'])).stdout)![0];
		expect(result.exitCode).toBe(0);
		expect(report.go).toMatchObject({path: sandbox.goBin, version});
		expect(report.go!.all.map(g => g.path)).toContain(sandbox.goBin);
		expect(report.goenvFile).toBe(sandbox.env['GOENV']);
		expect(report.env['GOCACHE']).toEqual({value: sandbox.env['GOCACHE'], source: 'process'});
		expect(report.checks.every(c => ['ok', 'warn', 'error'].includes(c.status) && c.id && c.message)).toBe(true);
	});

	it('--strict turns warnings into exit 1; without it warnings exit 0', async () => {
		// GOPATH/bin is not on the sandbox PATH: a real warning, no fault injected.
		const {report} = await doctorJson();
		expect(report.checks.some(c => c.id === 'path.gobin' && c.status === 'warn')).toBe(true);
		expect((await sandbox.cli(['doctor'])).exitCode).toBe(0);
		expect((await sandbox.cli(['doctor', '--strict'])).exitCode).toBe(1);
	});

	it('diagnoses GOROOT=/nonexistent in the GOENV file, shows the exact repair, and the repair works', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOROOT=/nonexistent\nGOPRIVATE=kept.example\n');
		expect((await sandbox.go.run(['version'])).exitCode).not.toBe(0);
		const {result, report} = await doctorJson();
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toBe('');
		const lockout = report.checks.find(c => c.id === 'lockout.goroot')!;
		expect(lockout.status).toBe('error');
		expect(lockout.message).toContain('cannot find GOROOT directory: /nonexistent');
		// The rest is still diagnosed, with the repair applied for the look.
		expect(report.env['GOPRIVATE']).toEqual({value: 'kept.example', source: 'goenv'});
		if (testGoMinor() >= 27) {
			// Go 1.27 refuses go env -u GOROOT ("GOROOT cannot be modified") yet still reads the line: delete it.
			const refused = await sandbox.go.run(['env', '-u', 'GOROOT'], {env: {GOROOT: await binaryRootOf(sandbox.goBin)}});
			expect(refused.stderr).toContain('GOROOT cannot be modified');
			expect(lockout.fix).toBe(
				`Delete the line GOROOT=/nonexistent from ${sandbox.env['GOENV']}   # ${report.go!.version} refuses go env -u GOROOT ("GOROOT cannot be modified")`,
			);
			await writeFile(sandbox.env['GOENV']!, 'GOPRIVATE=kept.example\n');
		} else {
			const root = await binaryRootOf(sandbox.goBin);
			expect(lockout.fix).toBe(`GOROOT=${root} ${sandbox.goBin} env -u GOROOT`);
			// Run the repair exactly as shown (no shell: the VAR=value prefix becomes env).
			const [assignment, bin, ...args] = lockout.fix!.split(' ');
			const [name, value] = assignment!.split('=');
			await execa(bin!, args, {env: {...sandbox.env, [name!]: value}, extendEnv: false});
		}
		expect((await sandbox.go.run(['version'])).exitCode).toBe(0);
		expect((await doctorJson()).report.checks.some(c => c.id.startsWith('lockout'))).toBe(false);
	});

	it('diagnoses GOROOT=/nonexistent from the OS environment', async () => {
		const {result, report} = await doctorJson({GOROOT: '/nonexistent'});
		expect(result.exitCode).toBe(1);
		const lockout = report.checks.find(c => c.id === 'lockout.goroot')!;
		expect(lockout.message).toContain('the OS environment');
		expect(lockout.fix).toContain('unset GOROOT');
	});

	it('diagnoses GOFLAGS=-notaflag in the GOENV file and its repair works', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOFLAGS=-notaflag\n');
		const {result, report} = await doctorJson();
		expect(result.exitCode).toBe(1);
		const lockout = report.checks.find(c => c.id === 'lockout.goflags')!;
		expect(lockout.message).toContain('unknown flag -notaflag');
		expect(lockout.fix).toBe(`${sandbox.goBin} env -u GOFLAGS`);
		const [bin, ...args] = lockout.fix!.split(' ');
		await execa(bin!, args, {env: sandbox.env as Record<string, string>, extendEnv: false});
		expect((await sandbox.cli(['doctor', '--json'])).exitCode).toBe(0);
	});

	it('diagnoses GOCACHE=off in the GOENV file (go env itself fails on Go >= 1.23) with its repair; gotune cache shows it', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOCACHE=off\nGOPRIVATE=kept.example\n');
		// The sandbox pins GOCACHE in the OS environment; empty, go reads the GOENV file's value.
		const fileOnly = {GOCACHE: ''};
		const {result, report} = await doctorJson(fileOnly);
		expect(result.exitCode).toBe(1);
		expect(report.checks.some(c => c.id === 'go.env')).toBe(false);
		const lockout = report.checks.find(c => c.id === 'lockout.gocache')!;
		expect(lockout.status).toBe('error');
		expect(lockout.message).toContain('GOCACHE=off (from the GOENV file)');
		expect(lockout.message).toContain('build cache is disabled by GOCACHE=off, but required as of Go 1.12');
		expect(lockout.fix).toBe(`${sandbox.goBin} env -u GOCACHE`);
		expect(report.env['GOPRIVATE']).toEqual({value: 'kept.example', source: 'goenv'});
		const cache = await sandbox.cli(['cache', '--json'], {env: fileOnly});
		expect(cache.exitCode, cache.stderr).toBe(0);
		expect(JSON.parse(cache.stdout).gocache.unusable).toMatch(/GOCACHE=off: .*Repair: go env -u GOCACHE$/);
		const [bin, ...args] = lockout.fix!.split(' ');
		await execa(bin!, args, {env: {...(sandbox.env as Record<string, string>), ...fileOnly}, extendEnv: false});
		expect((await doctorJson(fileOnly)).report.checks.some(c => c.id.startsWith('lockout'))).toBe(false);
	});

	it('reports an empty GOPROXY= entry as an error where it hides $GOROOT/go.env', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOPROXY=\n');
		const {report} = await doctorJson();
		const minor = Number(/go1\.(\d+)/.exec(report.go!.version!)![1]);
		const check = report.checks.find(c => c.id === 'env.empty-entry');
		if (minor >= 21) {
			expect(check).toMatchObject({status: 'error', fix: 'go env -u GOPROXY'});
			expect(report.env['GOPROXY']!.value).toBe('');
		} else {
			expect(check).toBeUndefined();
			expect(report.env['GOPROXY']!.value).toBe('https://proxy.golang.org,direct');
		}
	});

	it('masks credentials in values', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOPROXY=https://me:canary-7f3a@proxy.corp.example/go,direct\n');
		const doctor = await sandbox.cli(['doctor', '--json']);
		const text = await sandbox.cli(['doctor']);
		for (const output of [doctor.stdout, doctor.stderr, text.stdout, text.stderr]) expect(output).not.toContain('canary-7f3a');
		expect(JSON.parse(doctor.stdout).env.GOPROXY.value).toBe('https://***@proxy.corp.example/go,direct');
	});

	it('the text checklist fits 80 columns and honours NO_COLOR', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOROOT=/nonexistent/with/a/rather/long/path/that/needs/wrapping/in/the/output\n');
		const plain = await sandbox.cli(['doctor'], {env: {NO_COLOR: '1', TERM: 'xterm-256color'}});
		expect(plain.stdout).toMatch(/✗ GOROOT=/);
		expect(plain.stdout).not.toMatch(/\u001B\[/);
		for (const line of plain.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		const forced = await sandbox.cli(['doctor'], {env: {FORCE_COLOR: '1', TERM: 'xterm-256color'}});
		expect(forced.stdout).toMatch(/\u001B\[31m✗/);
		for (const ascii of [
			await sandbox.cli(['doctor', '--ascii'], {env: {TERM: 'xterm-256color'}}),
			await sandbox.cli(['doctor'], {env: {TERM: 'dumb'}}),
		]) {
			expect(ascii.stdout).toContain('[x] GOROOT=');
			expect(ascii.stdout).not.toMatch(/[✓✗·]/);
		}
	});

	it('exits 1 with a clear error when no go is found, and never a stack trace', async () => {
		const result = await sandbox.cli(['doctor', '--json'], {env: {PATH: '/nonexistent-bin', HOME: sandbox.env['HOME']}});
		// Node itself is found by absolute path; PATH without go is what a fresh machine looks like.
		const report = JSON.parse(result.stdout) as DoctorReport;
		expect(result.exitCode).toBe(1);
		expect(report.checks[0]).toMatchObject({id: 'go.found', status: 'error'});
	});
});

describe('CLI usage errors', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	it.each([
		[['frobnicate'], /unknown command "frobnicate"/],
		[['doctor', '--bogus'], /unknown option --bogus\nusage: gotune doctor \[--json\] \[--strict\]/],
		[['doctor', 'extra'], /unexpected argument "extra"/],
		[['--sandbox'], /--sandbox/],
	])('%j → exit 2 with the relevant usage line', async (args, message) => {
		const result = await sandbox.cli(args);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('--version and --help exit 0', async () => {
		expect((await sandbox.cli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
		const help = await sandbox.cli(['--help']);
		expect(help.exitCode).toBe(0);
		expect(help.stdout).toContain('gotune rollback [--last | --all | --to ID]');
	});
});
