import {chmod, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Explanation} from '../../source/core/explain/types.js';
import {parseGoVersion} from '../../source/core/version.js';
import {explainRun as explainRunIn, goProject} from '../helpers/explain-run.js';
import {startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {makeTestPki, type TestPki} from '../helpers/tls-cert.js';

// More of issue 22's classes reproduced FOR REAL with the go under test (GOTUNE_TEST_GO) against a proxy on 127.0.0.1
// (its /sNNN/ prefix answers status NNN): 410 Gone, 401/403, inconsistent vendoring, an ambiguous import, go.work
// problems (worded differently by go 1.19, 1.26 and 1.27) and a module cache go may not write.
const HELLO: ProxyModule = {
	path: 'example.com/hello',
	version: 'v1.0.0',
	files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n\nfunc Hi() string { return "hi" }\n'},
};
/** example.com/a holds package example.com/a/b, and so does the module example.com/a/b: an import of it is ambiguous. */
const OUTER: ProxyModule = {path: 'example.com/a', version: 'v1.0.0', files: {'go.mod': 'module example.com/a\n', 'b/b.go': 'package b\n'}};
const INNER: ProxyModule = {
	path: 'example.com/a/b',
	version: 'v1.0.0',
	files: {'go.mod': 'module example.com/a/b\n', 'b.go': 'package b\n'},
};
const GO_MOD = 'module example.com/m\n\ngo 1.19\n';
const MAIN = 'package main\n\nfunc main() {}\n';

let sandbox: TestSandbox;
let server: Awaited<ReturnType<typeof startModuleProxy>>;
let goMinor: number;
/** A CA (trusted through SSL_CERT_FILE) that signed a certificate for the name localhost only. */
let pki: TestPki;
let namedServer: Awaited<ReturnType<typeof startModuleProxy>>;

beforeAll(async () => {
	pki = await makeTestPki(['localhost']);
	[server, namedServer, sandbox] = await Promise.all([
		startModuleProxy([HELLO, OUTER, INNER]),
		startModuleProxy([HELLO], {tls: pki.server}),
		makeSandbox(),
	]);
	goMinor = parseGoVersion((await sandbox.go.run(['env', 'GOVERSION'])).stdout.trim())?.minor ?? 0;
}, 60_000);

afterAll(async () => {
	await Promise.all([server?.close(), namedServer?.close()]);
	await sandbox?.cleanup();
	await pki?.cleanup();
});

function explainRun(args: string[], files: Record<string, string>, env: Record<string, string | undefined> = {}, subdir = '.') {
	return explainRunIn(sandbox, server.url, args, files, env, subdir);
}

function classes(explained: Explanation): string[] {
	return explained.problems.map(p => p.class);
}

describe('gotune explain on more real go failures', () => {
	it('410 Gone from the proxy: the module is not there (GOPRIVATE if it is private)', async () => {
		const {explained, exitCode, stderr} = await explainRun(
			['mod', 'download', 'example.com/gone@v1.0.0'],
			{'go.mod': GO_MOD},
			{
				GOPROXY: `${server.url}/s410`,
			},
		);
		expect(stderr).toMatch(/410 Gone/);
		expect(classes(explained)).toEqual(['module-not-on-proxy']);
		expect(explained.problems[0]!.summary).toMatch(/410 Gone/);
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it.each([
		['401', '401 Unauthorized'],
		['403', '403 Forbidden'],
	])(
		'%s from the proxy: credentials, through .netrc',
		async (status, text) => {
			const {explained, exitCode, stderr} = await explainRun(
				['mod', 'download', 'example.com/hello@v1.0.0'],
				{'go.mod': GO_MOD},
				{
					GOPROXY: `${server.url}/s${status}`,
				},
			);
			expect(stderr).toContain(text);
			expect(classes(explained)).toEqual(['private-credentials']);
			expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: expect.stringMatching(/\.netrc$/)});
			expect(explained.unrecognised).toEqual([]);
			expect(exitCode).toBe(0);
		},
		60_000,
	);

	it('inconsistent vendoring: go mod vendor', async () => {
		const files = {
			'go.mod': `${GO_MOD}\nrequire example.com/hello v1.0.0\n`,
			'main.go': 'package main\n\nimport "example.com/hello"\n\nfunc main() { println(hello.Hi()) }\n',
			'vendor/modules.txt': '',
		};
		const {explained, exitCode, stderr} = await explainRun(['build', './...'], files);
		expect(stderr).toMatch(/^go: inconsistent vendoring in /m);
		expect(classes(explained)).toEqual(['inconsistent-vendoring']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go mod vendor'});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('ambiguous import: a package in two modules', async () => {
		const files = {
			'go.mod': `${GO_MOD}\nrequire (\n\texample.com/a v1.0.0\n\texample.com/a/b v1.0.0\n)\n`,
			'main.go': 'package main\n\nimport _ "example.com/a/b"\n\nfunc main() {}\n',
		};
		const {explained, exitCode, stderr} = await explainRun(['build', './...'], files, {GOFLAGS: '-mod=mod -modcacherw'});
		expect(stderr).toMatch(/ambiguous import: found package example\.com\/a\/b in multiple modules/);
		expect(classes(explained)).toEqual(['ambiguous-import']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go get example.com/a@latest'});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it("go.work: a module the workspace does not list → go's own go work use", async () => {
		const files = {
			'go.work': 'go 1.19\n\nuse ./a\n',
			'a/go.mod': 'module example.com/a\n\ngo 1.19\n',
			'b/go.mod': GO_MOD,
			'b/main.go': MAIN,
		};
		const {explained, exitCode, stderr} = await explainRun(['build', '.'], files, {}, 'b');
		// go 1.19 names the directory ("directory ."), later go says "current directory".
		expect(stderr).toMatch(
			/(?:current directory|directory \.) is contained in a module that is not one of the workspace modules listed in go\.work/,
		);
		expect(classes(explained)).toEqual(['workspace']);
		// go's own command: on the same line in go 1.19 ("using go work use DIR"), on the next one later.
		const suggested = /(go work use \S+)$/m.exec(stderr)?.[1];
		expect(suggested).toBeDefined();
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: suggested});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it("go.work's go line below a module's (go >= 1.21; go 1.27 words the advice differently)", async () => {
		if (goMinor < 21) return; // go 1.19 and 1.20 build such a workspace: nothing fails to explain.
		const files = {'go.work': 'go 1.21.1\n\nuse .\n', 'go.mod': 'module example.com/m\n\ngo 1.21.2\n', 'main.go': MAIN};
		const {explained, exitCode, stderr} = await explainRun(['build', '.'], files, {GOTOOLCHAIN: 'local'});
		expect(stderr).toMatch(
			goMinor >= 27
				? /but go\.work lists go 1\.21\.1; to download and use go 1\.21\.2:\n\tgo work use$/m
				: /but go\.work lists go 1\.21\.1; to update it:\n\tgo work use$/m,
		);
		expect(classes(explained)).toEqual(['workspace']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: 'go work use'});
		expect(explained.unrecognised).toEqual([]);
		expect(exitCode).toBe(0);
	}, 60_000);

	it('a module cache go may not write (filled by another user): chown it', async () => {
		const {dir, env} = await goProject(sandbox, server.url, {'go.mod': `${GO_MOD}\nrequire example.com/hello v1.0.0\n`});
		const buildCache = path.join(dir, '.gocache');
		await mkdir(buildCache, {mode: 0o777});
		// The module cache belongs to someone else: as root, go runs as nobody (root writes anywhere); otherwise 0555 is enough.
		const asOther = process.getuid?.() === 0;
		for (const d of [sandbox.dir, dir]) await chmod(d, 0o755);
		await chmod(env['GOMODCACHE']!, asOther ? 0o755 : 0o555);
		const settings = {...sandbox.env, ...env, GOCACHE: buildCache, HOME: buildCache, GOFLAGS: ''};
		const command = asOther ? 'setpriv' : sandbox.goBin;
		const prefix = asOther ? ['--reuid=65534', '--regid=65534', '--clear-groups', sandbox.goBin] : [];
		const run = await execa(command, [...prefix, 'mod', 'download', 'example.com/hello@v1.0.0'], {
			cwd: dir,
			env: settings,
			extendEnv: false,
			reject: false,
			timeout: 60_000,
		});
		await chmod(env['GOMODCACHE']!, 0o755);
		expect(run.exitCode, run.stderr).not.toBe(0);
		expect(run.stderr).toMatch(/permission denied/);
		const cli = await sandbox.cli(['explain', '--json'], {cwd: dir, env: {...env, GOCACHE: buildCache}, input: run.stderr});
		const explained = JSON.parse(cli.stdout) as Explanation;
		expect(classes(explained), run.stderr).toEqual(['module-cache-permission']);
		expect(explained.problems[0]!.fix).toMatchObject({kind: 'command', command: `sudo chown -R "$(id -un)" ${env['GOMODCACHE']}`});
		expect(explained.unrecognised).toEqual([]);
		expect(cli.exitCode).toBe(0);
	}, 60_000);

	it('TLS: a trusted certificate for the name localhost, reached by IP (no IP SANs)', async () => {
		const byIp = await explainRun(
			['mod', 'download', 'example.com/hello@v1.0.0'],
			{'go.mod': GO_MOD},
			{
				GOPROXY: namedServer.url,
				SSL_CERT_FILE: pki.caFile,
			},
		);
		expect(byIp.stderr).toMatch(/x509: cannot validate certificate for 127\.0\.0\.1 because it doesn't contain any IP SANs/);
		expect(classes(byIp.explained)).toEqual(['tls']);
		expect(byIp.explained.problems[0]!.summary).toMatch(/for another name/);
		expect(byIp.explained.unrecognised).toEqual([]);
		expect(byIp.exitCode).toBe(0);
	}, 60_000);
});
