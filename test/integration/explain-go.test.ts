import {rm} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Explanation} from '../../source/core/explain/types.js';
import {parseGoVersion} from '../../source/core/version.js';
import {explainRun as explainRunIn, goProject} from '../helpers/explain-run.js';
import {refusedPort, startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {makeTestPki, type TestPki} from '../helpers/tls-cert.js';

// Each class is reproduced FOR REAL: the toolchain under test (GOTUNE_TEST_GO) fails against loopback servers this
// test starts, and its real stderr goes to the built CLI (npx tsup first). GOPROXY names only the loopback proxy and
// GOSUMDB is off, so nothing leaves the machine.
const HELLO: ProxyModule = {
	path: 'example.com/hello',
	version: 'v1.0.0',
	files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n\nfunc Hi() string { return "hi" }\n'},
};
/** Moved: its go.mod names the new path, as a renamed repository's does. */
const MOVED: ProxyModule = {
	path: 'example.com/old',
	version: 'v1.0.0',
	files: {'go.mod': 'module example.com/new\n', 'x.go': 'package x\n'},
};
const USES_HELLO = 'package main\n\nimport "example.com/hello"\n\nfunc main() { println(hello.Hi()) }\n';
/** A hash no content has: a go.sum with it is what a tampered go.sum looks like to go. */
const WRONG_HASH = `h1:${Buffer.alloc(32).toString('base64')}`;

let sandbox: TestSandbox;
let server: Awaited<ReturnType<typeof startModuleProxy>>;
let tlsServer: Awaited<ReturnType<typeof startModuleProxy>>;
let pki: TestPki;
let deadPort: number;
let goMinor: number;

beforeAll(async () => {
	pki = await makeTestPki(['127.0.0.1']);
	[server, tlsServer, deadPort, sandbox] = await Promise.all([
		startModuleProxy([HELLO, MOVED]),
		startModuleProxy([HELLO], {tls: pki.selfSigned}),
		refusedPort(),
		makeSandbox(),
	]);
	goMinor = parseGoVersion((await sandbox.go.run(['env', 'GOVERSION'])).stdout.trim())?.minor ?? 0;
}, 60_000);

afterAll(async () => {
	await Promise.all([server?.close(), tlsServer?.close()]);
	await sandbox?.cleanup();
	await pki?.cleanup();
});

/** explainRun against the plain loopback proxy. */
async function explainRun(args: string[], files: Record<string, string>, env: Record<string, string | undefined> = {}) {
	return explainRunIn(sandbox, server.url, args, files, env);
}

async function project(files: Record<string, string>) {
	return goProject(sandbox, server.url, files);
}

const GO_MOD = 'module example.com/m\n\ngo 1.19\n';
const REQUIRES_HELLO = `${GO_MOD}\nrequire example.com/hello v1.0.0\n`;

describe('gotune explain on real go failures', () => {
	it('module not on the proxy (404): go get the latest version', async () => {
		const {explained, exitCode, stderr} = await explainRun(['mod', 'download', 'example.com/hello@v9.9.9'], {'go.mod': GO_MOD});
		expect(stderr).toMatch(/404 Not Found/);
		expect(explained.problems.map(p => p.class)).toEqual(['module-not-on-proxy']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go get example.com/hello@latest'});
		expect(explained.problems[0]!.settings['GOPROXY']).toEqual({value: server.url, source: 'process'});
		expect(explained.problems[0]!.evidence.at(-1)).toBe(
			`checked: go fetches example.com/hello from ${server.url}; checksum database none; no GOPRIVATE pattern matches`,
		);
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('GOPROXY=off: back to the default proxy list, unset where it is set', async () => {
		const {explained, exitCode} = await explainRun(['mod', 'download', 'example.com/hello@v1.0.0'], {'go.mod': GO_MOD}, {GOPROXY: 'off'});
		expect(explained.problems.map(p => p.class)).toEqual(['goproxy-off']);
		expect(explained.problems[0]!.fix).toMatchObject({
			kind: 'setting',
			changes: [{key: 'GOPROXY', command: expect.stringMatching(/^unset GOPROXY/)}],
		});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('toolchain too old (go.mod says go 1.99, GOTOOLCHAIN=local)', async () => {
		// min is a go 1.21 builtin: go 1.19 and 1.20 build a go 1.99 module and fail only where it uses something new.
		const files = {'go.mod': 'module example.com/m\n\ngo 1.99\n', 'main.go': 'package main\n\nfunc main() { println(min(1, 2)) }\n'};
		const {explained, exitCode, stderr} = await explainRun(['build', './...'], files, {GOTOOLCHAIN: 'local'});
		expect(explained.problems.map(p => p.class)).toEqual(['toolchain-too-old']);
		if (goMinor >= 21) {
			expect(stderr).toMatch(/requires go >= 1\.99 \(running go 1\.\d+.*; GOTOOLCHAIN=local\)/);
			expect(explained.problems[0]!.fix).toMatchObject({kind: 'setting', changes: [{key: 'GOTOOLCHAIN', value: 'auto'}]});
		} else {
			expect(stderr).toMatch(/note: module requires Go 1\.99/);
			expect(explained.problems[0]!.fix).toEqual({kind: 'command', command: 'gotune install-go 1.99', note: expect.any(String)});
		}
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it("missing go.sum entry: go's own command", async () => {
		const {explained, exitCode} = await explainRun(['build', './...'], {'go.mod': REQUIRES_HELLO, 'main.go': USES_HELLO});
		expect(explained.problems.map(p => p.class)).toEqual(['missing-go-sum']);
		const fix = explained.problems[0]!.fix;
		expect(fix.kind === 'command' && /^go (?:get|mod download) /.test(fix.command)).toBe(true);
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('no required module provides package: go get it', async () => {
		const {explained, exitCode} = await explainRun(['build', './...'], {'go.mod': GO_MOD, 'main.go': USES_HELLO});
		expect(explained.problems.map(p => p.class)).toEqual(['no-required-module']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go get example.com/hello'});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('checksum mismatch (a tampered go.sum)', async () => {
		const sum = `example.com/hello v1.0.0 ${WRONG_HASH}\nexample.com/hello v1.0.0/go.mod ${WRONG_HASH}\n`;
		const {explained, exitCode, stderr} = await explainRun(['mod', 'download', 'example.com/hello'], {
			'go.mod': REQUIRES_HELLO,
			'go.sum': sum,
		});
		expect(stderr).toMatch(/SECURITY ERROR/);
		expect(explained.problems.map(p => p.class)).toEqual(['checksum-mismatch']);
		expect(explained.problems[0]!.summary).toContain('example.com/hello');
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('x509: a TLS proxy with a self-signed certificate → SSL_CERT_FILE', async () => {
		const {explained, exitCode, stderr} = await explainRun(
			['mod', 'download', 'example.com/hello@v1.0.0'],
			{'go.mod': GO_MOD},
			{GOPROXY: tlsServer.url},
		);
		expect(stderr).toMatch(/x509: certificate signed by unknown authority/);
		expect(explained.problems.map(p => p.class)).toEqual(['tls']);
		expect(explained.problems[0]!.fix).toMatchObject({
			kind: 'setting',
			changes: [{key: 'SSL_CERT_FILE', command: expect.stringMatching(/^export SSL_CERT_FILE=/)}],
		});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('connection refused', async () => {
		const {explained, exitCode} = await explainRun(
			['mod', 'download', 'example.com/hello@v1.0.0'],
			{'go.mod': GO_MOD},
			{GOPROXY: `http://127.0.0.1:${deadPort}`},
		);
		expect(explained.problems.map(p => p.class)).toEqual(['network']);
		expect(explained.problems[0]!.summary).toContain(`127.0.0.1:${deadPort}`);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'gotune probe'});
		expect(exitCode).toBe(0);
	}, 60_000);

	it('module declares its path as: go get the new path', async () => {
		const {explained, exitCode, stderr} = await explainRun(['get', 'example.com/old@v1.0.0'], {'go.mod': GO_MOD});
		expect(stderr).toMatch(/module declares its path as: example\.com\/new/);
		expect(explained.problems.map(p => p.class)).toEqual(['module-path-mismatch']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go get example.com/new@latest'});
		expect(explained.problems[0]!.summary).toContain('example.com/old');
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('GOFLAGS lock-out: the repair gotune doctor would print', async () => {
		const files = {'go.mod': GO_MOD, 'main.go': 'package main\n\nfunc main() {}\n'};
		const {explained, exitCode, stderr} = await explainRun(['build', './...'], files, {GOFLAGS: '-nosuchflag'});
		expect(stderr).toMatch(/^go: parsing \$GOFLAGS: /m);
		expect(explained.problems.map(p => p.class)).toEqual(['goflags-lockout']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: expect.stringMatching(/^unset GOFLAGS/)});
		expect(explained.problems[0]!.settings['GOFLAGS']).toEqual({value: '-nosuchflag', source: 'process'});
		expect(exitCode).toBe(0);
	}, 60_000);

	it('build cache off (GOCACHE=off) and nowhere (no GOCACHE, XDG_CACHE_HOME or HOME)', async () => {
		const files = {'go.mod': GO_MOD, 'main.go': 'package main\n\nfunc main() {}\n'};
		const off = await explainRun(['build', './...'], files, {GOCACHE: 'off'});
		expect(off.explained.problems.map(p => p.class)).toEqual(['build-cache']);
		expect(off.explained.problems[0]!.fix).toMatchObject({kind: 'command', command: expect.stringMatching(/^unset GOCACHE/)});
		expect(off.explained.unrecognised).toEqual([]);
		const nowhere = await explainRun(['build', './...'], files, {GOCACHE: undefined, XDG_CACHE_HOME: undefined, HOME: undefined});
		expect(nowhere.stderr).toMatch(/GOCACHE is not defined and neither \$XDG_CACHE_HOME nor \$HOME are defined/);
		expect(nowhere.explained.problems.map(p => p.class)).toEqual(['build-cache']);
		expect(nowhere.explained.unrecognised).toEqual([]);
		expect(nowhere.exitCode).toBe(0);
	}, 60_000);

	it('runs the command itself: go output streamed, its exit code kept, nothing invented for a compile error', async () => {
		const {dir, env} = await project({'go.mod': GO_MOD, 'main.go': 'package main\n\nfunc main() { undefinedThing() }\n'});
		// go's own exit code for this failure (1 on go 1.26, 2 on go 1.19), which explain must report unchanged.
		const direct = await sandbox.go.run(['build', './...'], {cwd: dir, env});
		const cli = await sandbox.cli(['explain', '--json', '--', 'go', 'build', './...'], {cwd: dir, env});
		const out = JSON.parse(cli.stdout) as Explanation & {command: {args: string[]; exitCode: number}};
		expect(cli.stderr).toMatch(/undefined: undefinedThing/);
		expect(direct.exitCode).not.toBe(0);
		expect(out.command).toEqual({args: ['go', 'build', './...'], exitCode: direct.exitCode});
		expect(out.problems).toEqual([]);
		expect(out.unrecognised.some(line => /undefined: undefinedThing/.test(line))).toBe(true);
		expect(cli.exitCode).toBe(1);
		await rm(dir, {recursive: true, force: true});
	}, 60_000);

	it('bad input: exit 2 with a message naming it', async () => {
		const empty = await sandbox.cli(['explain'], {input: ''});
		expect(empty.exitCode).toBe(2);
		expect(empty.stderr).toMatch(/input is empty/);
		const missing = await sandbox.cli(['explain', 'no-such.log']);
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toMatch(/no-such\.log does not exist/);
		expect(missing.stderr).not.toMatch(/\n\s+at /);
		const notGo = await sandbox.cli(['explain', '--', 'rm', '-rf', 'x']);
		expect(notGo.exitCode).toBe(2);
		expect(notGo.stderr).toMatch(/"rm" is not a go command/);
	}, 60_000);
});
