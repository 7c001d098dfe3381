import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {snapshotEnvironment} from '../../source/core/environment.js';
import type {Env} from '../../source/core/env.js';
import {GoAdapter} from '../../source/core/go-adapter.js';
import {TRACKED_KEYS} from '../../source/core/provenance.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

type Fixture = {
	name: string;
	file?: string;
	env?: Env;
	/** Sources gotune must attribute (the values are checked against go env -json for every key anyway). */
	sources?: Record<string, string>;
};

const fixtures: Fixture[] = [
	{name: 'no GOENV file at all', sources: {GOPRIVATE: 'default', GOENV: 'process', GOCACHE: 'process', GOROOT: 'default'}},
	{
		name: 'comments, duplicates, lowercase and blank lines',
		file: '# team settings\nGOPROXY=https://first.example\nGOPRIVATE=git.corp/*\nlowercase=ignored\n\nGOPROXY=https://second.example\nGOBIN=/opt/gobin\n',
		sources: {GOPROXY: 'goenv', GOPRIVATE: 'goenv', GOBIN: 'goenv', GONOPROXY: 'default'},
	},
	{
		name: 'process variable wins over the file',
		file: 'GOPROXY=https://file.example\nGONOSUMDB=file.example\n',
		env: {GOPROXY: 'https://env.example', GOINSECURE: 'insecure.example'},
		sources: {GOPROXY: 'process', GONOSUMDB: 'goenv', GOINSECURE: 'process'},
	},
	{
		name: 'an empty process variable counts as unset',
		file: 'GOPROXY=https://file.example\n',
		env: {GOPROXY: '', GOSUMDB: ''},
		sources: {GOPROXY: 'goenv'},
	},
	{name: 'an empty file entry', file: 'GOPROXY=\nGOSUMDB=\n', sources: {GOPROXY: 'goenv', GOSUMDB: 'goenv'}},
	{
		name: 'quotes and spaces are literal',
		file: 'GOPRIVATE="git.corp/*"\nGONOPROXY= spaced \n',
		sources: {GOPRIVATE: 'goenv', GONOPROXY: 'goenv'},
	},
	{
		name: 'carriage returns stay in the value',
		file: 'GOPRIVATE=crlf.example\r\nGOSUMDB=off\r\n',
		sources: {GOPRIVATE: 'goenv', GOSUMDB: 'goenv'},
	},
	{
		name: 'GOENV inside the file is ignored',
		file: 'GOENV=/elsewhere/env\nGO111MODULE=on\n',
		sources: {GOENV: 'process', GO111MODULE: 'goenv'},
	},
	{
		name: 'toolchain, cgo and paths',
		file: 'GOTOOLCHAIN=local\nCGO_ENABLED=0\nGOFLAGS=-trimpath\n',
		env: {GOTOOLCHAIN: undefined},
		sources: {CGO_ENABLED: 'goenv', GOFLAGS: 'goenv'},
	},
	{
		name: 'process overrides of cgo and GO111MODULE',
		env: {CGO_ENABLED: '0', GO111MODULE: 'auto'},
		sources: {CGO_ENABLED: 'process', GO111MODULE: 'process'},
	},
	{name: 'GOROOT in the file with a trailing slash', file: 'GOROOT=__ROOT__/\n', sources: {GOROOT: 'goenv'}},
	{
		// Keys of Go 1.24+ (unknown to older go, which then reports them nowhere), a C compiler setting and GODEBUG.
		name: 'GOAUTH, GOCACHEPROG, GOFIPS140, CC and CGO_CFLAGS in the file; GODEBUG and GOWORK from the process',
		file: 'GOAUTH=netrc\nGOCACHEPROG=/opt/cacheprog --dir /tmp/x\nGOFIPS140=off\nCC=clang\nCGO_CFLAGS=-O1 -g\nGODEBUG=panicnil=1\n',
		env: {GODEBUG: 'http2client=0', GOWORK: 'off'},
		sources: {CC: 'goenv', CGO_CFLAGS: 'goenv', GODEBUG: 'process', GOVERSION: 'computed', GOMOD: 'computed'},
	},
	{
		name: 'GOPATH list and GOMODCACHE from the process',
		env: {GOPATH: '/tmp/gotune-gp-a:/tmp/gotune-gp-b', GOMODCACHE: undefined},
		sources: {GOPATH: 'process', GOMODCACHE: 'default'},
	},
];

describe('provenance equals go env -json', () => {
	let sandbox: TestSandbox;
	let goroot: string;
	beforeEach(async () => {
		sandbox = await makeSandbox();
		goroot = (await sandbox.go.run(['env', 'GOROOT'])).stdout.trim();
	});
	afterEach(async () => sandbox.cleanup());

	it.each(fixtures)('$name', async fixture => {
		const goenvPath = sandbox.env['GOENV']!;
		if (fixture.file !== undefined) {
			await mkdir(path.dirname(goenvPath), {recursive: true});
			await writeFile(goenvPath, fixture.file.replaceAll('__ROOT__', goroot));
		}
		const go = new GoAdapter(sandbox.goBin, {...sandbox.env, ...fixture.env}, sandbox.dir).withEnv(
			Object.fromEntries(Object.entries(fixture.env ?? {}).filter(([, v]) => v === undefined)),
		);
		const truth = JSON.parse((await go.run(['env', '-json'])).stdout) as Record<string, string>;
		const snapshot = await snapshotEnvironment(go);
		expect(snapshot.error).toBeUndefined();
		// Every key this go reports (GOAUTH, GOCACHEPROG, GOFIPS140 on 1.24+...), and the tracked ones it may not know.
		for (const key of new Set([...TRACKED_KEYS, ...Object.keys(truth)])) {
			const p = snapshot.provenance[key];
			// GOGCCFLAGS names the work directory of the go run that printed it, different every run.
			const same = (v: string | undefined) => (key === 'GOGCCFLAGS' ? v?.replace(/go-build\d+/g, 'go-build') : v);
			expect({key, value: same(p?.value), known: p?.known}).toEqual({key, value: same(truth[key] ?? ''), known: key in truth});
		}
		if (testGoMinor() >= 23) {
			// go env -changed (1.23+): what differs from go's default and $GOROOT/go.env. Each of those gotune must
			// attribute to the user (the OS environment or the GOENV file); the reverse need not hold, as -changed
			// compares values and leaves out a key set to its default value (go-facts §1.15).
			const changed = JSON.parse((await go.run(['env', '-json', '-changed'])).stdout || '{}') as Record<string, string>;
			for (const key of Object.keys(changed)) {
				if (key === 'GOTOOLCHAIN' || key === 'GOGCCFLAGS') continue; // read with GOTOOLCHAIN=local; a per-run directory
				expect({key, source: snapshot.provenance[key]?.source}).toEqual({key, source: expect.stringMatching(/^(process|goenv)$/)});
			}
		}
		for (const [key, source] of Object.entries(fixture.sources ?? {})) {
			// A key this release does not have (GODEBUG before Go 1.21) has no source to check.
			if (!(key in truth)) continue;
			expect({key, source: snapshot.provenance[key]!.source}).toEqual({key, source});
		}
	});

	it('says when the OS environment hides a different value in the GOENV file', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOPROXY=https://file.example\nGOPRIVATE=same.example\n');
		const go = sandbox.go.withEnv({GOPROXY: 'https://env.example', GOPRIVATE: 'same.example'});
		const {provenance} = await snapshotEnvironment(go);
		expect(provenance['GOPROXY']).toMatchObject({
			source: 'process',
			value: 'https://env.example',
			shadowedFileValue: 'https://file.example',
		});
		expect(provenance['GOPRIVATE']!.shadowedFileValue).toBeUndefined();
		const doctor = await sandbox.cli(['doctor', '--json'], {env: {GOPROXY: 'https://env.example'}});
		const report = JSON.parse(doctor.stdout) as {checks: Array<{id: string; message: string}>};
		expect(report.checks.find(c => c.id === 'env.shadowed')?.message).toContain('https://file.example');
	});

	it('reads $GOROOT/go.env where the toolchain has one (Go >= 1.21)', async () => {
		const {provenance, values} = await snapshotEnvironment(sandbox.go);
		const hasGoEnv = Number(/go1\.(\d+)/.exec((await sandbox.go.run(['version'])).stdout)?.[1]) >= 21;
		expect(provenance['GOPROXY']!.source).toBe(hasGoEnv ? 'goroot' : 'default');
		expect(provenance['GOPROXY']!.value).toBe(values['GOPROXY']);
	});
});

describe('a read-only look inside a module that asks for a newer Go', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	it('never switches toolchains, and still reports the real GOTOOLCHAIN', async () => {
		const module = path.join(sandbox.dir, 'future');
		await mkdir(module, {recursive: true});
		await writeFile(path.join(module, 'go.mod'), 'module example.com/future\n\ngo 1.99\n');
		// GOPROXY=off makes any toolchain download fail loudly instead of reaching the network.
		const go = new GoAdapter(sandbox.goBin, {...sandbox.env, GOTOOLCHAIN: 'auto', GOPROXY: 'off'}, module);
		const snapshot = await snapshotEnvironment(go);
		expect(snapshot.error).toBeUndefined();
		expect(snapshot.lockOut).toBeUndefined();
		const truth = (await go.run(['env', 'GOTOOLCHAIN'])).stdout.trim();
		expect(snapshot.provenance['GOTOOLCHAIN']!.value).toBe(truth);
		if (snapshot.provenance['GOTOOLCHAIN']!.known) expect(truth).toBe('auto');
	});
});
