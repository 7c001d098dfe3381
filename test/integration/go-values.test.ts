import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {maskUrl} from '../../source/core/mask.js';
import {goQuote} from '../../source/core/proxy/go-url.js';
import {parseGoproxy} from '../../source/core/proxy/index.js';
import {GOPROXY_VERDICTS} from '../helpers/goproxy-verdicts.js';
import {startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {makeTestPki, type TestPki} from '../helpers/tls-cert.js';

// Issue 18 items 1, 7, 8 with the real go and the built CLI: GOPROXY entries judged like go judges them, GOSUMDB values
// go refuses never written and reported by doctor and route, user info (with or without a scheme) never printed.
// Servers: loopback only (127.0.0.1), HTTPS with a test CA that go and gotune trust through SSL_CERT_FILE.

const MODULES: ProxyModule[] = [
	{path: 'example.com/hello', version: 'v1.0.0', files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'}},
	// The probe reads the zip's bytes; go checks every file name in it and refuses this one: the proof download fails.
	{path: 'example.com/badzip', version: 'v1.0.0', files: {'go.mod': 'module example.com/badzip\n', '../escape.go': 'package x\n'}},
];
const SECRETS = /S3CRET|alice|TOKEN|x-oauth-basic|us er/;

let pki: TestPki;
let server: Awaited<ReturnType<typeof startModuleProxy>>;
let sandbox: TestSandbox;
let goMinor: number;

beforeAll(async () => {
	pki = await makeTestPki(['127.0.0.1']);
	server = await startModuleProxy(MODULES, {tls: pki.server});
	sandbox = await makeSandbox({extraEnv: {GOSUMDB: 'off', SSL_CERT_FILE: pki.caFile, GOTUNE_PROXY_DEFAULTS: 'http://127.0.0.1:9'}});
	goMinor = Number(/^go1\.(\d+)/.exec((await sandbox.go.run(['env', 'GOVERSION'])).stdout.trim())?.[1] ?? 0);
}, 60_000);

afterAll(async () => {
	await server?.close();
	await sandbox?.cleanup();
	await pki?.cleanup();
});

const hostPort = () => server.url.replace('https://', '');
const goenv = () => readFile(sandbox.env['GOENV']!, 'utf8').catch(() => '');

describe('GOPROXY entries: gotune and the real go agree', () => {
	it.each(GOPROXY_VERDICTS)('%j', async (value, error, sinceMinor) => {
		expect(parseGoproxy(value).error).toBe(error);
		const run = await sandbox.go.run(['mod', 'download', '-json', 'golang.org/x/text@v0.14.0'], {env: {GOPROXY: value}, timeoutMs: 30_000});
		const goError = (JSON.parse(run.stdout || '{}') as {Error?: string}).Error ?? run.stderr;
		expect(run.exitCode).not.toBe(0);
		const goAccepts = error === undefined || (sinceMinor !== undefined && goMinor < sinceMinor);
		if (goAccepts) expect(goError).not.toMatch(/parse "|invalid proxy URL|invalid file:\/\//);
		// go prints the URL of a parse error in clear; gotune masks its user info.
		else expect(goError.replace(goQuote(value), goQuote(maskUrl(value)))).toContain(error);
	});
});

describe('values go refuses are never written (apply, probe --apply) and are reported (doctor, route)', () => {
	it('apply refuses a GOPROXY entry go cannot parse and GOSUMDB values go refuses: exit 2, masked, nothing written', async () => {
		const before = await goenv();
		for (const env of [
			{GOPROXY: 'http://us er@127.0.0.1:9/,direct'},
			{GOSUMDB: 'bogus'},
			{GOSUMDB: 'sum.golang.org https://sum.example/a b'},
			{GOSUMDB: 'sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'},
		]) {
			const profile = path.join(sandbox.dir, 'bad.json');
			await writeFile(profile, JSON.stringify({env}));
			const result = await sandbox.cli(['apply', profile, '--yes']);
			expect(result.exitCode, result.stderr).toBe(2);
			expect(result.stderr).toMatch(/is refused by go/);
			expect(result.stderr).toContain('Nothing was written');
			expect(result.stderr).not.toMatch(SECRETS);
		}
		expect(await goenv()).toBe(before);
	});

	it('doctor reports a GOSUMDB go refuses as an error naming its source and the fix; route shows no database for it', async () => {
		// go env -w writes it without a word (go-facts: GOSUMDB is parsed only at the first checksum lookup).
		expect(
			(await sandbox.go.run(['env', '-w', 'GOSUMDB=sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'])).exitCode,
		).toBe(0);
		try {
			const doctor = await sandbox.cli(['doctor', '--json'], {env: {GOSUMDB: ''}});
			expect(doctor.exitCode).toBe(1);
			const check = (JSON.parse(doctor.stdout) as {checks: Array<{id: string; status: string; message: string; fix?: string}>}).checks.find(
				c => c.id === 'env.gosumdb.refused',
			);
			expect(check).toMatchObject({
				status: 'error',
				message: expect.stringMatching(/GOSUMDB from the GOENV file: .*invalid verifier hash/),
			});
			expect(check?.fix).toMatch(/go env -u GOSUMDB/);
			const route = await sandbox.cli(['route', '--json', 'example.com/hello'], {env: {GOSUMDB: ''}});
			expect(route.exitCode).toBe(1);
			expect(JSON.parse(route.stdout)).toMatchObject([
				{checksumDb: null, error: 'verifying module: invalid GOSUMDB: invalid verifier hash'},
			]);
		} finally {
			await sandbox.go.run(['env', '-u', 'GOSUMDB']);
		}
	});
});

describe('user info is never shown, with or without a scheme', () => {
	it('report, doctor, route, apply, history and rollback mask alice:S3CRET@host and TOKEN:x-oauth-basic@host', async () => {
		const profile = path.join(sandbox.dir, 'secret.json');
		const goproxy = `alice:S3CRET@${hostPort()}|https://TOKEN:x-oauth-basic@${hostPort()}/go,direct`;
		await writeFile(profile, JSON.stringify({env: {GOPROXY: goproxy}}));
		const apply = await sandbox.cli(['apply', profile, '--yes']);
		expect(apply.exitCode, apply.stderr).toBe(0);
		expect(await goenv()).toContain(`GOPROXY=${goproxy}`);
		const outputs = [apply];
		for (const args of [
			['report'],
			['report', '--json'],
			['doctor', '--json'],
			['route', 'example.com/hello'],
			['route', '--json', 'example.com/hello'],
			['history'],
			['history', '--json'],
			['rollback', '--last', '--yes'],
		])
			outputs.push(await sandbox.cli(args));
		for (const output of outputs) {
			expect(output.stdout + output.stderr).not.toMatch(SECRETS);
		}
		expect(outputs[4]!.stdout).toContain(`https://***@${hostPort()} |`);
		expect(await goenv()).not.toContain('S3CRET');
	});

	it('a value go refuses but go env -w wrote (user info with a space) is masked whole in doctor, report, history and rollback', async () => {
		expect((await sandbox.go.run(['env', '-w', 'GOPROXY=http://bo b:S3CRET@127.0.0.1:9/,direct'])).exitCode).toBe(0);
		const outputs = [await sandbox.cli(['doctor', '--json']), await sandbox.cli(['route', 'example.com/hello'])];
		for (const args of [['report'], ['report', '--json'], ['report', '--markdown']]) outputs.push(await sandbox.cli(args));
		const profile = path.join(sandbox.dir, 'fix.json');
		await writeFile(profile, JSON.stringify({env: {GOPROXY: 'https://proxy.example,direct'}}));
		outputs.push(await sandbox.cli(['apply', profile, '--yes']));
		for (const args of [['history'], ['history', '--json'], ['rollback', '--last', '--yes', '--json']])
			outputs.push(await sandbox.cli(args));
		for (const output of outputs) expect(output.stdout + output.stderr).not.toMatch(/S3CRET|bo b|"bo |\/\/bo /);
		expect(outputs[2]!.stdout).toContain('http://***@127.0.0.1:9/,direct');
		expect(await goenv()).toContain('GOPROXY=http://bo b:S3CRET@127.0.0.1:9/,direct');
		await sandbox.go.run(['env', '-u', 'GOPROXY']);
	});

	it('probe probes a scheme-less entry as go does (https:// prepended, its user info sent) and shows it masked', async () => {
		const result = await sandbox.cli([
			'probe',
			'--module',
			'example.com/hello@v1.0.0',
			'--json',
			'--timeout',
			'5',
			`alice:S3CRET@${hostPort()}`,
		]);
		expect(result.exitCode, result.stderr).toBe(0);
		const doc = JSON.parse(result.stdout) as {candidates: Array<{url: string; ok: boolean}>};
		expect(doc.candidates).toEqual([expect.objectContaining({url: `https://***@${hostPort()}`, ok: true})]);
		expect(server.authorizations).toContain(`Basic ${Buffer.from('alice:S3CRET').toString('base64')}`);
		expect(result.stdout + result.stderr).not.toMatch(SECRETS);
		const refused = await sandbox.cli(['probe', 'http://us er@127.0.0.1:9/']);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toContain('"http://***@127.0.0.1:9/"');
		expect(refused.stderr).not.toMatch(SECRETS);
	});
});

describe('a rejected argument is echoed with its user info masked', () => {
	it('route MODULE, probe --module, install-go --mirror: exit 2, no part of the user info shown', async () => {
		for (const args of [
			['route', 'bo b:S3CRET@h.example'],
			['probe', '--module', 'bo b:S3CRET@h.example/x@v1.0.0'],
			['install-go', '--mirror', 'ftp://bo b:S3CRET@h.example/', '--yes'],
		]) {
			const result = await sandbox.cli(args);
			expect(result.exitCode, result.stderr).toBe(2);
			expect(result.stderr).toContain('***@h.example');
			expect(result.stderr).not.toMatch(/S3CRET|bo b|\bbo\b/);
		}
	});
});

describe('probe --apply: a failed proof is rolled back at once unless --keep', () => {
	it('rolls back and exits 1; with --keep the GOPROXY stays (exit 1)', async () => {
		expect((await sandbox.go.run(['env', '-w', 'GOPROXY=https://before.example,direct'])).exitCode).toBe(0);
		const args = ['probe', '--module', 'example.com/badzip@v1.0.0', '--apply', '--yes', '--timeout', '5', server.url];
		const failed = await sandbox.cli(args);
		expect(failed.exitCode, failed.stderr).toBe(1);
		expect(failed.stdout).toMatch(/Proof failed/);
		expect(failed.stdout).toMatch(/Rolled back change set #\d+: GOPROXY is as before/);
		expect(await goenv()).toContain('GOPROXY=https://before.example,direct');

		const kept = await sandbox.cli([...args, '--keep', '--json']);
		expect(kept.exitCode).toBe(1);
		expect(JSON.parse(kept.stdout)).toMatchObject({proof: {ok: false}, rolledBack: false});
		expect(await goenv()).toContain(`GOPROXY=${server.url},direct`);
		expect((await sandbox.cli(['probe', '--keep', server.url])).exitCode).toBe(2);
	});
});
