// Which toolchain go actually runs in a directory (GOTOOLCHAIN switching), as doctor reports it, against the oracle:
// real `go env GOVERSION` run in that directory with the same environment (it goes through go's toolchain
// selection; only `go env GOTOOLCHAIN/GOMOD/GOWORK` bypass it). The toolchain switched to is another test toolchain
// put on PATH under its go1.X.Y name, as `go install golang.org/dl/go1.X.Y` would, so nothing is downloaded; a
// switch that would download is refused by GOPROXY=off and said so by both.
import {mkdir, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {DoctorReport} from '../../source/core/doctor.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor, toolchainMatrix} from '../helpers/toolchains.js';

const minor = testGoMinor();
let sandbox: TestSandbox;
let base: string;
/** Another test toolchain (newer when there is one), reachable on PATH as `go1.X.Y`. */
let other: {go: string; version: string} | undefined;
let bin: string;

beforeAll(async () => {
	sandbox = await makeSandbox();
	base = (await sandbox.go.run(['env', 'GOVERSION'])).stdout.trim();
	const others = toolchainMatrix().filter(t => t.version !== base && Number(/^go1\.(\d+)/.exec(t.version)?.[1]) >= 21);
	other = others.find(t => t.version > base) ?? others[0];
	bin = path.join(sandbox.dir, 'switch-bin');
	await mkdir(bin, {recursive: true});
	if (other) await symlink(other.go, path.join(bin, other.version));
});
afterAll(async () => sandbox.cleanup());

type Case = {name: string; gotoolchain: string; files?: Record<string, string>; env?: Record<string, string>; cwd?: string};

async function both(c: Case) {
	const dir = path.join(sandbox.dir, 'cases', c.name.replace(/\W+/g, '-'));
	await mkdir(dir, {recursive: true});
	for (const [name, text] of Object.entries(c.files ?? {})) {
		await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
		await writeFile(path.join(dir, name), text);
	}
	const cwd = path.join(dir, c.cwd ?? '');
	const env = {PATH: `${bin}:${sandbox.env['PATH']}`, GOTOOLCHAIN: c.gotoolchain, GOPROXY: 'off', ...c.env};
	const truth = await sandbox.go.run(['env', 'GOVERSION'], {cwd, env});
	const doctor = await sandbox.cli(['doctor', '--json'], {cwd, env});
	const report = JSON.parse(doctor.stdout) as DoctorReport;
	return {truth, runs: report.go!.runs!, report};
}

describe.skipIf(minor < 21)('which toolchain go runs here (Go >= 1.21 switches)', () => {
	const cases = (): Array<Case & {expect: 'base' | 'other' | 'error' | 'download' | 'refused'}> => {
		const o = other?.version ?? 'go1.99.1';
		const newer = other !== undefined && other.version > base;
		return [
			{name: 'local, no module', gotoolchain: 'local', expect: 'base'},
			{name: 'auto, no module', gotoolchain: 'auto', expect: 'base'},
			{name: 'auto, old go line', gotoolchain: 'auto', files: {'go.mod': 'module example.com/m\n\ngo 1.21\n'}, expect: 'base'},
			{name: 'named toolchain', gotoolchain: o, expect: other ? 'other' : 'error'},
			{name: 'named toolchain plus path', gotoolchain: `${o}+path`, expect: other ? 'other' : 'error'},
			{name: 'bad value', gotoolchain: 'bogus', expect: 'error'},
			{name: 'bad suffix', gotoolchain: 'go1.21.0+never', expect: 'error'},
			{
				name: 'local refuses a newer go line',
				gotoolchain: 'local',
				files: {'go.mod': 'module example.com/m\n\ngo 1.99\n'},
				expect: 'refused',
			},
			{name: 'path without the binary', gotoolchain: 'path', files: {'go.mod': 'module example.com/m\n\ngo 1.99.2\n'}, expect: 'error'},
			{name: 'auto would download', gotoolchain: 'auto', files: {'go.mod': 'module example.com/m\n\ngo 1.99.3\n'}, expect: 'download'},
			{
				name: 'toolchain default',
				gotoolchain: 'auto',
				files: {'go.mod': 'module example.com/m\n\ngo 1.21\n\ntoolchain default\n'},
				expect: 'base',
			},
			...(newer
				? [
						{
							name: 'toolchain line, from a subdirectory',
							gotoolchain: 'auto',
							files: {'go.mod': `module example.com/m\n\ngo 1.21\n\ntoolchain ${o}\n`, 'sub/x.go': 'package sub\n'},
							cwd: 'sub',
							expect: 'other' as const,
						},
						{
							name: 'go line, path mode',
							gotoolchain: 'path',
							files: {'go.mod': `module example.com/m\n\ngo ${o.slice(2)}\n`},
							expect: 'other' as const,
						},
						{
							name: 'go.work wins over go.mod',
							gotoolchain: 'auto',
							files: {'go.work': `go ${o.slice(2)}\n\nuse ./a\n`, 'a/go.mod': 'module example.com/a\n\ngo 1.21\n'},
							cwd: 'a',
							expect: 'other' as const,
						},
						{
							name: 'GOWORK=off reads go.mod',
							gotoolchain: 'auto',
							files: {'go.work': `go ${o.slice(2)}\n\nuse ./a\n`, 'a/go.mod': 'module example.com/a\n\ngo 1.21\n'},
							cwd: 'a',
							env: {GOWORK: 'off'},
							expect: 'base' as const,
						},
					]
				: []),
		];
	};

	it('agrees with go env GOVERSION case by case', async () => {
		for (const c of cases()) {
			const {truth, runs} = await both(c);
			const label = `${c.name} (GOTOOLCHAIN=${c.gotoolchain})`;
			if (c.expect === 'error' || c.expect === 'download') {
				expect(truth.exitCode, label).not.toBe(0);
				if (c.expect === 'error') {
					expect(runs.error, label).not.toBeNull();
					expect(truth.stderr, label).toContain(runs.error);
				} else {
					expect(runs.location, label).toBe('download');
					// GOPROXY=off turns go's download into a refusal naming the toolchain gotune said it would fetch.
					expect(truth.stderr, label).toContain(runs.version);
				}
				continue;
			}
			expect(truth.exitCode, `${label}: ${truth.stderr}`).toBe(0);
			expect({label, runs: runs.version}).toEqual({label, runs: truth.stdout.trim()});
			if (c.expect === 'refused') {
				// go env runs (it loads no module); any command that loads the module fails with go's words.
				const list = await sandbox.go.run(['list', '-m'], {
					cwd: path.join(sandbox.dir, 'cases', c.name.replace(/\W+/g, '-')),
					env: {GOTOOLCHAIN: c.gotoolchain},
				});
				expect(list.exitCode, label).not.toBe(0);
				expect(list.stderr, label).toContain(runs.error);
				continue;
			}
			expect({label, location: runs.location}).toEqual({label, location: c.expect === 'base' ? 'base' : 'path'});
			if (c.expect === 'other') expect(runs.binary).toBe(path.join(bin, other!.version));
		}
	});

	it('doctor says where GOTOOLCHAIN comes from and which go runs, in text too', async () => {
		const {report} = await both({name: 'text', gotoolchain: 'auto'});
		const check = report.checks.find(c => c.id === 'go.runs')!;
		expect(check.status).toBe('ok');
		expect(check.message).toContain(`go runs ${base} here`);
		expect(check.message).toContain('GOTOOLCHAIN from the OS environment');
	});
});

describe.skipIf(minor >= 21)('a base go older than 1.21', () => {
	it('ignores GOTOOLCHAIN and go.mod toolchain lines, and doctor says so', async () => {
		const dir = path.join(sandbox.dir, 'old');
		await mkdir(dir, {recursive: true});
		await writeFile(path.join(dir, 'go.mod'), 'module example.com/old\n\ngo 1.19\n');
		const env = {GOTOOLCHAIN: 'go1.99.1'};
		const truth = await sandbox.go.run(['env', 'GOVERSION'], {cwd: dir, env});
		const report = JSON.parse((await sandbox.cli(['doctor', '--json'], {cwd: dir, env})).stdout) as DoctorReport;
		expect(truth.stdout.trim()).toBe(base);
		expect(report.go!.runs).toMatchObject({version: base, location: 'base'});
		expect(report.go!.runs!.reason).toContain('older than Go 1.21 and ignores GOTOOLCHAIN');
	});
});
