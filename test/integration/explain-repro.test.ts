import {randomBytes} from 'node:crypto';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Explanation} from '../../source/core/explain/types.js';
import {startConnectProxy} from '../helpers/connect-proxy.js';
import {goProject} from '../helpers/explain-run.js';
import {runOnFullDisk} from '../helpers/full-disk.js';
import {startPrivateGitHost, type PrivateGitHost} from '../helpers/git-server.js';
import {bulkyModule, startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {makeTestPki, type TestPki} from '../helpers/tls-cert.js';
import {testGoMinor} from '../helpers/toolchains.js';

// Issue 22's remaining classes reproduced FOR REAL with the go under test (GOTUNE_TEST_GO): a private git host that
// demands credentials (git http-backend behind HTTPS basic auth, helpers/git-server.ts), a revision it does not have,
// an expired certificate and one for other names, names under .invalid (never resolve, RFC 2606) directly and as
// HTTPS_PROXY, a GOPROXY with a password over plain http, and a disk that is really full (a small tmpfs in a private
// mount namespace). go's real stderr goes to the built CLI (npx tsup first). Everything stays on 127.0.0.1.
const USER = 'ana';
const SECRET = `pw-${randomBytes(8).toString('hex')}`;
const HELLO: ProxyModule = {
	path: 'example.com/hello',
	version: 'v1.0.0',
	files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n\nfunc Hi() string { return "hi" }\n'},
};
/** 256 KiB of incompressible source: more than the 64 KiB tmpfs holds. */
const BIG = bulkyModule('example.com/big', 'v1.0.0', 256 * 1024);
const GO_MOD = 'module example.com/m\n\ngo 1.19\n';

let host: PrivateGitHost;
let sandbox: TestSandbox;
let pki: TestPki;
let plain: Awaited<ReturnType<typeof startModuleProxy>>;
let expired: Awaited<ReturnType<typeof startModuleProxy>>;
/** A certificate for 127.0.0.1 only, reached as proxy.gotune.example through a CONNECT proxy: the wrong name. */
let ipOnly: Awaited<ReturnType<typeof startModuleProxy>>;
let connect: Awaited<ReturnType<typeof startConnectProxy>>;

beforeAll(async () => {
	pki = await makeTestPki(['127.0.0.1']);
	[host, plain, expired, ipOnly] = await Promise.all([
		startPrivateGitHost({user: USER, password: SECRET}),
		startModuleProxy([HELLO, BIG]),
		startModuleProxy([HELLO], {tls: pki.expired}),
		startModuleProxy([HELLO], {tls: pki.server}),
	]);
	connect = await startConnectProxy({'proxy.gotune.example': Number(new URL(ipOnly.url).port)});
	sandbox = await makeSandbox({extraEnv: {GIT_CONFIG_NOSYSTEM: '1'}});
	await mkdir(sandbox.env['HOME']!, {recursive: true});
}, 60_000);

afterAll(async () => {
	await Promise.all([host?.close(), plain?.close(), expired?.close(), ipOnly?.close(), connect?.close()]);
	await sandbox?.cleanup();
	await pki?.cleanup();
});

type Run = {stderr: string; explained: Explanation; exitCode: number; dir: string; env: Record<string, string>};

/** go ARGS (must fail) in a fresh project with ENV over the loopback-only defaults, then explain --json on its stderr. */
async function explainRun(args: string[], env: Record<string, string>, files: Record<string, string> = {'go.mod': GO_MOD}): Promise<Run> {
	const project = await goProject(sandbox, plain.url, files);
	const settings = {...project.env, ...env};
	const run = await sandbox.go.run(args, {cwd: project.dir, env: settings, timeoutMs: 90_000});
	expect(run.exitCode, run.stderr).not.toBe(0);
	return {...(await explainText(run.stderr, project.dir, settings)), dir: project.dir, env: settings};
}

async function explainText(stderr: string, cwd: string, env: Record<string, string>) {
	const cli = await sandbox.cli(['explain', '--json'], {cwd, env, input: stderr});
	expect(cli.stderr).toBe('');
	return {stderr, exitCode: cli.exitCode, explained: JSON.parse(cli.stdout) as Explanation};
}

const classes = (e: Explanation) => e.problems.map(p => p.class);

describe('gotune explain on the remaining real go failures', () => {
	const privateEnv = () => ({...host.env, GOPROXY: 'direct', GOPRIVATE: host.host, GONOSUMDB: '', GOSUMDB: 'off'});

	it('private host, no credentials anywhere: the go-get page answers 401 → gotune access --fix netrc', async () => {
		const {stderr, explained, exitCode} = await explainRun(['mod', 'download', `${host.modulePath}@v1.0.0`], privateEnv());
		expect(stderr).toMatch(/401 Unauthorized/);
		expect(classes(explained), stderr).toEqual(['private-credentials']);
		expect(explained.problems[0]!.fix).toMatchObject({
			kind: 'command',
			command: `gotune access ${host.modulePath} --fix netrc --user NAME --password-stdin`,
		});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
		expect(JSON.stringify(explained)).not.toContain(SECRET);
		// The same refusal reached through an import (go mod tidy): worded "cannot find module providing package".
		const tidy = await explainRun(['mod', 'tidy'], privateEnv(), {
			'go.mod': GO_MOD,
			'main.go': `package main\n\nimport _ "${host.modulePath}"\n\nfunc main() {}\n`,
		});
		expect(tidy.stderr).toMatch(/401 Unauthorized/);
		expect(classes(tidy.explained), tidy.stderr).toEqual(['private-credentials']);
		expect(tidy.explained.problems[0]!.fix).toMatchObject({
			command: `gotune access ${host.modulePath} --fix netrc --user NAME --password-stdin`,
		});
		expect(tidy.explained.unrecognised, tidy.stderr).toEqual([]);
	}, 120_000);

	it('private host, credentials for go only (NETRC): git cannot prompt → terminal prompts disabled', async () => {
		const goOnly = path.join(sandbox.dir, 'go-netrc');
		await writeFile(goOnly, `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
		const {stderr, explained, exitCode} = await explainRun(['mod', 'download', `${host.modulePath}@v1.0.0`], {
			...privateEnv(),
			NETRC: goOnly,
		});
		expect(stderr).toMatch(/terminal prompts disabled/);
		expect(classes(explained), stderr).toEqual(['private-credentials']);
		expect(explained.problems[0]!.fix, stderr).toMatchObject({
			kind: 'command',
			command: `gotune access ${host.modulePath} --fix netrc --user NAME --password-stdin`,
		});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
		expect(JSON.stringify(explained)).not.toContain(SECRET);
	}, 120_000);

	it('unknown revision (a tag the git host does not have) → go get @latest, which then works', async () => {
		const netrc = path.join(sandbox.env['HOME']!, '.netrc');
		await writeFile(netrc, `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
		const {stderr, explained, exitCode, dir, env} = await explainRun(['get', `${host.modulePath}@v9.9.9`], privateEnv());
		expect(stderr).toMatch(/unknown revision v9\.9\.9/);
		expect(classes(explained), stderr).toEqual(['unknown-revision']);
		const fix = explained.problems[0]!.fix;
		expect(fix).toMatchObject({kind: 'command', command: `go get ${host.modulePath}@latest`});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
		// The fix, run as printed, works.
		const proof = await sandbox.go.run(['get', `${host.modulePath}@latest`], {cwd: dir, env, timeoutMs: 90_000});
		expect(proof.exitCode, proof.stderr).toBe(0);
	}, 180_000);

	it('an expired certificate (trusted CA): check the clock, the server must renew', async () => {
		const {stderr, explained, exitCode} = await explainRun(['mod', 'download', 'example.com/hello@v1.0.0'], {
			GOPROXY: expired.url,
			SSL_CERT_FILE: pki.caFile,
		});
		expect(stderr).toMatch(/x509: certificate has expired or is not yet valid/);
		expect(classes(explained), stderr).toEqual(['tls']);
		expect(explained.problems[0]!.summary).toMatch(/expired/);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'date'});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 120_000);

	it('a certificate for other names (127.0.0.1 only, reached as proxy.gotune.example through HTTPS_PROXY)', async () => {
		const {stderr, explained, exitCode} = await explainRun(['mod', 'download', 'example.com/hello@v1.0.0'], {
			GOPROXY: 'https://proxy.gotune.example',
			HTTPS_PROXY: connect.url,
			NO_PROXY: '',
			SSL_CERT_FILE: pki.caFile,
		});
		expect(stderr).toMatch(/x509: certificate is not valid for any names, but wanted to match proxy\.gotune\.example/);
		expect(classes(explained), stderr).toEqual(['tls']);
		expect(explained.problems[0]!.summary).toMatch(/for another name/);
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 120_000);

	it('DNS: a GOPROXY name that does not resolve, directly and when HTTPS_PROXY names one', async () => {
		const direct = await explainRun(['mod', 'download', 'example.com/hello@v1.0.0'], {GOPROXY: 'https://proxy.gotune.invalid'});
		expect(direct.stderr).toMatch(/dial tcp: lookup proxy\.gotune\.invalid(?: on \S+)?: no such host/);
		expect(classes(direct.explained), direct.stderr).toEqual(['network']);
		expect(direct.explained.problems[0]!.summary).toBe(
			'go could not reach a server: the name proxy.gotune.invalid does not resolve (DNS).',
		);
		expect(direct.explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'gotune probe'});
		expect(direct.explained.unrecognised).toEqual([]);
		expect(direct.exitCode).toBe(0);

		const proxied = await explainRun(['mod', 'download', 'example.com/hello@v1.0.0'], {
			GOPROXY: 'https://proxy.gotune.invalid',
			HTTPS_PROXY: 'http://corp-proxy.gotune.invalid:3128',
			NO_PROXY: 'corp.example',
		});
		expect(proxied.stderr).toMatch(/proxyconnect tcp: dial tcp: lookup corp-proxy\.gotune\.invalid(?: on \S+)?: no such host/);
		expect(classes(proxied.explained), proxied.stderr).toEqual(['network']);
		const problem = proxied.explained.problems[0]!;
		expect(problem.summary).toMatch(/through the HTTP proxy in HTTPS_PROXY, and that proxy failed: the name corp-proxy\.gotune\.invalid/);
		expect(problem.fix).toMatchObject({
			kind: 'command',
			command: expect.stringMatching(/^export HTTPS_PROXY=/),
			note: expect.stringMatching(/export NO_PROXY=corp\.example,proxy\.gotune\.invalid$/),
		});
		expect(problem.settings['HTTPS_PROXY']).toEqual({value: 'http://corp-proxy.gotune.invalid:3128', source: 'process'});
		expect(proxied.explained.unrecognised).toEqual([]);
		expect(proxied.exitCode).toBe(0);
	}, 120_000);

	it('GOPROXY with a password over plain http: go refuses to send it → the entry as https://, which then works', async () => {
		const tlsPort = new URL(ipOnly.url).port;
		const {stderr, explained, exitCode, dir, env} = await explainRun(['mod', 'download', 'example.com/hello@v1.0.0'], {
			GOPROXY: `http://${USER}:${SECRET}@127.0.0.1:${tlsPort}`,
			SSL_CERT_FILE: pki.caFile,
		});
		expect(stderr).toMatch(/refusing to pass credentials to insecure URL: http:\/\/ana:xxxxx@127\.0\.0\.1:\d+\//);
		expect(classes(explained), stderr).toEqual(['insecure-credentials']);
		expect(explained.problems[0]!.fix).toMatchObject({
			kind: 'setting',
			changes: [{key: 'GOPROXY', value: `https://***@127.0.0.1:${tlsPort}`, via: 'manual'}],
		});
		expect(JSON.stringify(explained)).not.toContain(SECRET);
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
		const proof = await sandbox.go.run(['mod', 'download', 'example.com/hello@v1.0.0'], {
			cwd: dir,
			env: {...env, GOPROXY: `https://${USER}:${SECRET}@127.0.0.1:${tlsPort}`},
			timeoutMs: 90_000,
		});
		expect(proof.exitCode, proof.stderr).toBe(0);
	}, 120_000);

	it("variants from go's own scripts: a GOFLAGS value the command rejects (with its usage lines), an invalid GOTOOLCHAIN", async () => {
		const flags = await explainRun(['list', '.'], {GOFLAGS: '-e=asdf'}, {'go.mod': GO_MOD, 'main.go': 'package main\n'});
		expect(flags.stderr).toMatch(/^go: invalid boolean value "asdf" for flag -e \(from \$GOFLAGS\)/);
		expect(classes(flags.explained), flags.stderr).toEqual(['goflags-lockout']);
		expect(flags.explained.unrecognised).toEqual([]);
		if (testGoMinor() < 21) return; // GOTOOLCHAIN came in go 1.21: older go ignores it.
		const toolchain = await explainRun(['version'], {GOTOOLCHAIN: 'asdf'});
		expect(toolchain.stderr).toMatch(/^go: invalid GOTOOLCHAIN "asdf"$/m);
		expect(classes(toolchain.explained), toolchain.stderr).toEqual(['goflags-lockout']);
		expect(toolchain.explained.problems[0]!.fix).toMatchObject({kind: 'setting', changes: [{key: 'GOTOOLCHAIN', value: ''}]});
		expect(toolchain.explained.unrecognised).toEqual([]);
	}, 120_000);

	it('a toolchain the proxy does not have (go >= 1.21 switching to go1.9999x)', async ctx => {
		if (testGoMinor() < 21) ctx.skip('go 1.19 does not switch toolchains');
		const {stderr, explained, exitCode} = await explainRun(['version'], {GOTOOLCHAIN: 'go1.9999x'});
		expect(stderr).toMatch(/^go: download go1\.9999x for \S+: toolchain not available$/m);
		expect(classes(explained), stderr).toEqual(['toolchain-download']);
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 120_000);

	it('-mod=vendor without the package in vendor (go 1.19 words it differently) → go mod vendor, after which go finds it', async () => {
		// go.mod does not require it yet: the note's go get (GOFLAGS=-mod=vendor still set), then the fix itself.
		const files = {'go.mod': GO_MOD, 'main.go': 'package main\n\nimport "example.com/hello"\n\nfunc main() { println(hello.Hi()) }\n'};
		const {stderr, explained, exitCode, dir, env} = await explainRun(['build', '.'], {GOFLAGS: '-mod=vendor', GONOSUMDB: '*'}, files);
		expect(stderr).toMatch(/import lookup disabled by -mod=vendor|cannot find package "\." in:/);
		expect(classes(explained), stderr).toEqual(['lookup-disabled']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go mod vendor'});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
		expect(explained.problems[0]!.fix).toMatchObject({
			note: expect.stringMatching(/first: go get example\.com\/hello \(go get ignores -mod=vendor\)$/),
		});
		const fixEnv = {...env, GOFLAGS: '-modcacherw'};
		const got = await sandbox.go.run(['get', 'example.com/hello'], {cwd: dir, env, timeoutMs: 90_000});
		expect(got.exitCode, got.stderr).toBe(0);
		const vendored = await sandbox.go.run(['mod', 'vendor'], {cwd: dir, env: fixEnv, timeoutMs: 90_000});
		expect(vendored.exitCode, vendored.stderr).toBe(0);
		// go list resolves the import from vendor as go build would, without compiling the standard library (CI time).
		const proof = await sandbox.go.run(['list', '-deps', '.'], {cwd: dir, env, timeoutMs: 90_000});
		expect(proof.stdout).toMatch(/^example\.com\/hello$/m);
		expect(proof.exitCode, proof.stderr).toBe(0);
	}, 180_000);

	it('disk full: the module cache on a 64 KiB tmpfs (private mount namespace) → go clean -modcache', async ctx => {
		const project = await goProject(sandbox, plain.url, {'go.mod': GO_MOD});
		const env = {...(sandbox.env as Record<string, string>), ...project.env, GOFLAGS: '-modcacherw'};
		const run = await runOnFullDisk(project.env['GOMODCACHE']!, 64, sandbox.goBin, ['mod', 'download', 'example.com/big@v1.0.0'], {
			cwd: project.dir,
			env,
		});
		if (typeof run === 'string') {
			ctx.skip(run);
			return;
		}
		expect(run.exitCode, run.stderr).not.toBe(0);
		expect(run.stderr).toMatch(/no space left on device/);
		const {explained, exitCode} = await explainText(run.stderr, project.dir, env);
		expect(classes(explained), run.stderr).toEqual(['disk-full']);
		expect(explained.problems[0]!.summary).toMatch(/^The disk holding the module cache is full: go could not write \/\S+\.tmp\.$/);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go clean -modcache'});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 120_000);
});
