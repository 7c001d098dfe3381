import {realpathSync} from 'node:fs';
import {mkdir, symlink} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {DoctorReport} from '../../source/core/doctor.js';
import {binaryRootOf} from '../../source/core/environment.js';
import {discoverToolchains} from '../../source/core/toolchain.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {installedToolchains} from '../helpers/toolchains.js';

const others = (goBin: string) => installedToolchains().filter(go => go !== goBin);
/** Discovery reports resolved paths: the fetched go1.27.x is reached through a link into the module cache. */
const resolved = (go: string) => realpathSync(go);

describe('toolchain discovery', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	it('finds every go on PATH in order, asks each for its own version, and names the winner', async () => {
		const other = others(sandbox.goBin)[0];
		const env = {
			...sandbox.env,
			PATH: [path.dirname(sandbox.goBin), ...(other ? [path.dirname(other)] : []), '/usr/bin', '/bin'].join(':'),
		};
		const discovery = await discoverToolchains(env);
		expect(discovery.winner?.path).toBe(sandbox.goBin);
		const expectedVersion = (await sandbox.go.run(['version'])).stdout.split(' ')[2];
		expect(discovery.winner?.version?.raw).toBe(expectedVersion);
		if (other) expect(discovery.shadowed.map(g => g.realPath)).toContain(resolved(other));
		// Well-known locations are found even off PATH, and symlinks to one binary are one entry.
		const real = discovery.all.map(g => g.realPath);
		expect(new Set(real).size).toBe(real.length);
		for (const go of installedToolchains()) expect(real).toContain(realpathSync(go));
	});

	it('finds SDKs under ~/sdk and toolchains in the module cache, with versions even when GOROOT in the file is broken', async () => {
		const sdk = path.join(sandbox.env['HOME']!, 'sdk', 'go9.9', 'bin');
		await mkdir(sdk, {recursive: true});
		// A symlink stands in for a `golang.org/dl` SDK install: the real binary, at the place such tools put it.
		await symlink(sandbox.goBin, path.join(sdk, 'go'));
		const discovery = await discoverToolchains(sandbox.env);
		const found = discovery.all.find(g => g.aliases.includes(path.join(sdk, 'go')) || g.path === path.join(sdk, 'go'));
		expect(found?.realPath).toBe(resolved(sandbox.goBin));
		expect(found?.version).toBeDefined();
	});

	// Needs two toolchains; .ci/install-go installs both.
	it.skipIf(installedToolchains().length < 2)(
		'warns when a newer go is hidden behind an older one on PATH, with the PATH fix',
		async () => {
			const [newest, oldest] = installedToolchains() as [string, string];
			const env = {PATH: [path.dirname(oldest), path.dirname(newest), '/usr/bin', '/bin'].join(':')};
			const result = await sandbox.cli(['doctor', '--json'], {env});
			const report = JSON.parse(result.stdout) as DoctorReport;
			expect(report.go?.path).toBe(oldest);
			const shadowed = report.checks.find(c => c.id === 'go.shadowed' && c.message.includes(newest))!;
			expect(shadowed.status).toBe('warn');
			expect(shadowed.fix).toContain(`export PATH="${path.dirname(resolved(newest))}:$PATH"`);
		},
	);

	it.skipIf(installedToolchains().length < 2)('reports GOROOT pointing at another toolchain as an error', async () => {
		const other = others(sandbox.goBin)[0]!;
		const otherRoot = await binaryRootOf(other);
		const result = await sandbox.cli(['doctor', '--json'], {env: {GOROOT: otherRoot}});
		const report = JSON.parse(result.stdout) as DoctorReport;
		const check = report.checks.find(c => c.id === 'goroot.consistent')!;
		expect(result.exitCode).toBe(1);
		expect(check).toMatchObject({status: 'error'});
		expect(check.message).toContain(otherRoot);
		expect(report.env['GOROOT']).toEqual({value: otherRoot, source: 'process'});
	});

	it('warns when CGO_ENABLED=1 but the C compiler is missing', async () => {
		const result = await sandbox.cli(['doctor', '--json'], {env: {CGO_ENABLED: '1', CC: 'gotune-no-such-cc'}});
		const report = JSON.parse(result.stdout) as DoctorReport;
		expect(report.checks.find(c => c.id === 'cgo.compiler')).toMatchObject({status: 'warn'});
	});
});
