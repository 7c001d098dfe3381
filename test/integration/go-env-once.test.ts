import {copyFile, mkdir, readFile, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {binaryRootOf, readGoEnv, snapshotEnvironment} from '../../source/core/environment.js';
import type {Env} from '../../source/core/env.js';
import {discoverToolchains} from '../../source/core/toolchain.js';
import {TOOLCHAIN_VERSIONS_FILE} from '../../source/core/toolchain-versions.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {installedToolchains} from '../helpers/toolchains.js';

/**
 * Doctor runs go once (`go env -json`, with GOTOOLCHAIN=local so it never switches toolchains). What it used to ask in
 * extra runs is derived instead, and each derivation is checked here against the go command it replaces.
 */
describe('GOTOOLCHAIN from go env -json and its sources equals `go env GOTOOLCHAIN`', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	// The sandbox pins GOTOOLCHAIN=local in the OS environment; these fixtures set it their own way (undefined unsets).
	const fixtures: Array<{name: string; file?: string; env?: Env}> = [
		{name: 'nothing set: $GOROOT/go.env or empty', env: {GOTOOLCHAIN: undefined}},
		{name: 'the OS environment', env: {GOTOOLCHAIN: 'path'}},
		{name: 'the GOENV file', file: 'GOTOOLCHAIN=go1.22.0+auto\n', env: {GOTOOLCHAIN: undefined}},
		{name: 'an empty OS variable counts as unset', file: 'GOTOOLCHAIN=local\n', env: {GOTOOLCHAIN: ''}},
		{name: 'an empty GOENV entry hides go.env', file: 'GOPROXY=off\nGOTOOLCHAIN=\n', env: {GOTOOLCHAIN: undefined}},
		{name: 'GOENV=off ignores the file', file: 'GOTOOLCHAIN=local\n', env: {GOTOOLCHAIN: undefined, GOENV: 'off'}},
		{name: 'a value go would refuse to switch with', env: {GOTOOLCHAIN: 'bogus'}},
	];

	it.each(fixtures)('$name', async fixture => {
		if (fixture.file !== undefined) await writeFile(sandbox.env['GOENV']!, fixture.file);
		const go = sandbox.go.withEnv(fixture.env ?? {});
		const truth = await go.run(['env', 'GOTOOLCHAIN']);
		expect(truth.exitCode).toBe(0);
		const {values} = await readGoEnv(go);
		const knows = Number(/go1\.(\d+)/.exec((await go.run(['version'], {env: {GOTOOLCHAIN: 'local'}})).stdout)?.[1]) >= 21;
		// Go before 1.21 has no such key: go env -json leaves it out and `go env GOTOOLCHAIN` prints an empty line.
		expect('GOTOOLCHAIN' in values!).toBe(knows);
		expect(values!['GOTOOLCHAIN'] ?? '').toBe(truth.stdout.trim());
	});

	// Go reads $GOROOT/go.env from the GOENV file's GOROOT, even when an OS GOROOT wins for everything else.
	it.skipIf(installedToolchains().length < 2)('$GOROOT/go.env is the one go reads, with GOROOT in the file', async () => {
		const other = installedToolchains().find(go => go !== sandbox.goBin)!;
		await writeFile(sandbox.env['GOENV']!, `GOROOT=${await binaryRootOf(other)}\n`);
		for (const env of [{GOTOOLCHAIN: undefined}, {GOTOOLCHAIN: undefined, GOROOT: await binaryRootOf(sandbox.goBin)}]) {
			const go = sandbox.go.withEnv(env);
			const truth = await go.run(['env', 'GOTOOLCHAIN']);
			const {values} = await readGoEnv(go);
			expect(values?.['GOTOOLCHAIN'] ?? '').toBe(truth.stdout.trim());
		}
	});
});

describe('the GOFLAGS lock-out probe runs only when GOFLAGS holds a flag', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	// Blank values are skipped without asking go; the others are asked, and must agree with `go version` either way.
	// (Not GOFLAGS='' as two quote characters: go 1.26's own `go env -json` panics on it, so doctor says go env failed.)
	it.each(['', '   ', '\t \r', '-notaflag', '-mod=mod', '-v=maybe'])('GOFLAGS=%j in the GOENV file', async value => {
		await writeFile(sandbox.env['GOENV']!, `GOFLAGS=${value}\n`);
		const go = sandbox.go.withEnv({GOFLAGS: undefined});
		const version = await go.run(['version']);
		const lockedOut = version.exitCode !== 0 && version.stderr.includes('$GOFLAGS');
		const snapshot = await snapshotEnvironment(go);
		expect(snapshot.lockOut?.kind === 'goflags').toBe(lockedOut);
		if (value.trim() === '') expect(lockedOut).toBe(false);
	});
});

describe('toolchain versions are cached per binary', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	it('answers from the cache while the binary is unchanged, and asks again once it changes', async () => {
		// A go of our own on PATH, to change at will: a copy of the real binary in a directory go takes for a GOROOT
		// (it has pkg/tool); `go version` needs nothing else.
		const bin = path.join(sandbox.dir, 'root', 'bin');
		await mkdir(bin, {recursive: true});
		await mkdir(path.join(sandbox.dir, 'root', 'pkg', 'tool'), {recursive: true});
		const goBin = path.join(bin, 'go');
		await copyFile(sandbox.goBin, goBin);
		const env = {...sandbox.env, PATH: `${bin}:/usr/bin:/bin`};
		const gotuneHome = sandbox.runtime.gotuneHome;
		const real = (await sandbox.go.run(['version'])).stdout.split(' ')[2];

		const first = await discoverToolchains(env, {gotuneHome});
		expect(first.winner?.version?.raw).toBe(real);
		// Proof that the second look starts no go: an answer no go gives, planted in the cache for this very file.
		const file = path.join(gotuneHome, TOOLCHAIN_VERSIONS_FILE);
		const cache = JSON.parse(await readFile(file, 'utf8')) as Record<string, {output: string}>;
		expect(cache[goBin]?.output).toContain(real);
		cache[goBin]!.output = 'go version go1.99.0 linux/amd64\n';
		await writeFile(file, JSON.stringify(cache));
		expect((await discoverToolchains(env, {gotuneHome})).winner?.version?.raw).toBe('go1.99.0');

		// The same bytes with a new mtime count as a different binary: asked again, and the real answer is kept.
		await utimes(goBin, new Date(), new Date(Date.now() - 60_000));
		expect((await discoverToolchains(env, {gotuneHome})).winner?.version?.raw).toBe(real);
		expect((JSON.parse(await readFile(file, 'utf8')) as Record<string, {output: string}>)[goBin]?.output).toContain(real);

		// Replaced by another toolchain's binary (other size): its own version.
		const other = installedToolchains().find(go => go !== sandbox.goBin);
		if (other !== undefined) {
			await copyFile(other, goBin);
			const replaced = await discoverToolchains(env, {gotuneHome});
			expect(replaced.winner?.version?.raw).toBe((await sandbox.go.withBinary(other).run(['version'])).stdout.split(' ')[2]);
		}
	});

	it('a damaged cache file is only a cache miss', async () => {
		const gotuneHome = sandbox.runtime.gotuneHome;
		await writeFile(path.join(gotuneHome, TOOLCHAIN_VERSIONS_FILE), '{"not json');
		const discovery = await discoverToolchains(sandbox.env, {gotuneHome});
		expect(discovery.winner?.version).toBeDefined();
	});
});
