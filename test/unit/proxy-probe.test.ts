import {mkdir, writeFile} from 'node:fs/promises';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {probeCandidates, type Candidate, type ProbeEvent, type ProbeInput} from '../../source/core/proxy/index.js';
import {quietContext, TaskCancelled} from '../../source/core/task.js';
import {maskSecrets} from '../../source/core/mask.js';
import {startConnectProxy} from '../helpers/connect-proxy.js';
import {refusedPort, startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeTestPki, type TestPki} from '../helpers/tls-cert.js';

// Loopback only: every server here is started by the test on 127.0.0.1 (port 0) and closed after.
const MODULES: ProxyModule[] = [
	{path: 'example.com/hello', version: 'v1.0.0', files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'}},
	{path: 'example.com/Upper/Lib', version: 'v0.1.0', files: {'go.mod': 'module example.com/Upper/Lib\n', 'lib.go': 'package lib\n'}},
];
const HELLO = {path: 'example.com/hello', version: 'v1.0.0'};

let plain: Awaited<ReturnType<typeof startModuleProxy>>;
let selfSigned: Awaited<ReturnType<typeof startModuleProxy>>;
let trusted: Awaited<ReturnType<typeof startModuleProxy>>;
let pki: TestPki;
let tmp: string;

beforeAll(async () => {
	pki = await makeTestPki(['goproxy.test', '127.0.0.1']);
	[plain, selfSigned, trusted] = await Promise.all([
		startModuleProxy(MODULES, {sumdbs: ['sum.golang.org']}),
		startModuleProxy(MODULES, {tls: pki.selfSigned}),
		startModuleProxy(MODULES, {tls: pki.server}),
	]);
	tmp = await mkdtemp(path.join(os.tmpdir(), 'gotune-probe-'));
}, 60_000);

afterAll(async () => {
	await Promise.all([plain?.close(), selfSigned?.close(), trusted?.close()]);
	await pki?.cleanup();
	await rm(tmp, {recursive: true, force: true});
});

const env = (extra: Record<string, string> = {}) => ({PATH: process.env['PATH'], HOME: path.join(tmp, 'home'), ...extra});

function input(urls: string[], extra: Partial<ProbeInput> = {}): ProbeInput {
	const candidates: Candidate[] = urls.map(url => ({url, shown: maskSecrets(url), source: 'argument'}));
	return {candidates, module: HELLO, timeoutMs: 3000, env: env(), sumdbName: 'sum.golang.org', ...extra};
}

describe('probe: the real module-proxy protocol against loopback servers', () => {
	it('measures a working proxy: every request go makes, on one kept-alive connection, numbers from real runs', async () => {
		const before = plain.requests.length;
		const {results, module} = await probeCandidates(input([plain.url]), quietContext());
		const r = results[0]!;
		expect(module).toBe('example.com/hello@v1.0.0');
		expect(r).toMatchObject({ok: true, status: 200, error: null, sumdb: true, versions: 1, tlsMs: null});
		for (const value of [r.latencyMs, r.connectMs, r.firstByteMs, r.bytesPerSec]) expect(value).toBeGreaterThan(0);
		expect(plain.requests.slice(before)).toEqual([
			'/example.com/hello/@v/list',
			'/example.com/hello/@v/v1.0.0.info',
			'/example.com/hello/@v/v1.0.0.info',
			'/example.com/hello/@v/v1.0.0.info',
			'/example.com/hello/@v/v1.0.0.mod',
			'/sumdb/sum.golang.org/supported',
			'/example.com/hello/@v/v1.0.0.zip',
		]);
	});

	it('case-encodes module paths as go does (!x)', async () => {
		const before = plain.requests.length;
		const {results} = await probeCandidates(
			input([plain.url], {module: {path: 'example.com/Upper/Lib', version: 'v0.1.0'}}),
			quietContext(),
		);
		expect(results[0]!.ok).toBe(true);
		expect(plain.requests.slice(before)[0]).toBe('/example.com/!upper/!lib/@v/list');
	});

	it('classifies every failure: 404, 410, 403, 500, HTML, malformed list and .info, slow body, refused port', async () => {
		const refused = await refusedPort();
		const urls = ['s404', 's410', 's403', 's401', 's500', 's503', 'html', 'badlist', 'badinfo', 'slowbody'].map(p => `${plain.url}/${p}`);
		const {results} = await probeCandidates(input([...urls, `http://127.0.0.1:${refused}`], {timeoutMs: 1500}), quietContext());
		const got = results.map(r => [r.error, r.status, r.ok]);
		expect(got).toEqual([
			['not-found', 404, false],
			['not-found', 410, false],
			['forbidden', 403, false],
			['forbidden', 401, false],
			['server-error', 500, false],
			['server-error', 503, false],
			['protocol', 200, false],
			['protocol', 200, false],
			['protocol', 200, false],
			['timeout', null, false],
			['refused', null, false],
		]);
		expect(results[6]!.detail).toMatch(/HTML page \("Hotel WiFi login"\).*captive portal/);
		expect(results[7]!.detail).toMatch(/malformed version list: "this is not a version"/);
		expect(results[8]!.detail).toMatch(/^info: invalid .info JSON/);
		expect(results[9]!.failedAt).toBe('list');
		// Unmeasured numbers are null, never 0.
		for (const r of results) expect(r.latencyMs).toBeNull();
	});

	it('names the certificate problem of a self-signed endpoint, and trusts a CA from SSL_CERT_FILE', async () => {
		const {results} = await probeCandidates(input([selfSigned.url]), quietContext());
		expect(results[0]).toMatchObject({ok: false, error: 'tls', status: null});
		expect(results[0]!.detail).toMatch(/self-signed/);
		const withCa = await probeCandidates({...input([trusted.url]), env: env({SSL_CERT_FILE: pki.caFile})}, quietContext());
		expect(withCa.results[0]).toMatchObject({ok: true, error: null});
		expect(withCa.results[0]!.tlsMs).toBeGreaterThan(0);
		const withoutCa = await probeCandidates(input([trusted.url]), quietContext());
		expect(withoutCa.results[0]).toMatchObject({ok: false, error: 'tls'});
		expect(withoutCa.results[0]!.detail).toMatch(/unknown authority|not trusted/);
	});

	it('goes through HTTPS_PROXY with a CONNECT tunnel for a non-loopback host name', async () => {
		const tunnel = await startConnectProxy({'goproxy.test': trusted.port});
		try {
			const target = `https://goproxy.test:${trusted.port}`;
			const {results} = await probeCandidates(
				{...input([target]), env: env({HTTPS_PROXY: tunnel.url, SSL_CERT_FILE: pki.caFile})},
				quietContext(),
			);
			expect(results[0]).toMatchObject({ok: true, error: null});
			expect(results[0]!.detail).toMatch(/via proxy 127\.0\.0\.1/);
			expect(tunnel.tunnels).toContain(`goproxy.test:${trusted.port}`);
			// One kept-alive connection: one tunnel for list, info x3, mod and supported (the zip may reuse it too).
			expect(tunnel.tunnels.length).toBe(1);
		} finally {
			await tunnel.close();
		}
	});

	it('sends credentials from the URL and from ~/.netrc (https only) as Basic auth, and never shows them', async () => {
		const withUser = plain.url.replace('http://', 'http://alice:s3cret@');
		const before = plain.authorizations.length;
		const {results} = await probeCandidates(input([withUser]), quietContext());
		expect(results[0]!.url).toBe(plain.url.replace('http://', 'http://***@'));
		expect(JSON.stringify(results)).not.toContain('s3cret');
		expect(plain.authorizations.slice(before)).toContain(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);

		const home = path.join(tmp, 'netrc-home');
		await mkdir(home, {recursive: true});
		await writeFile(path.join(home, '.netrc'), `machine 127.0.0.1:${trusted.port} login bob password t0ken\n`);
		const trustedBefore = trusted.authorizations.length;
		await probeCandidates({...input([trusted.url]), env: env({HOME: home, SSL_CERT_FILE: pki.caFile})}, quietContext());
		expect(trusted.authorizations.slice(trustedBefore)).toContain(`Basic ${Buffer.from('bob:t0ken').toString('base64')}`);
		// go reads ~/.netrc only for https URLs.
		await writeFile(path.join(home, '.netrc'), `machine 127.0.0.1:${plain.port} login bob password t0ken\n`);
		const plainBefore = plain.authorizations.length;
		await probeCandidates({...input([plain.url]), env: env({HOME: home})}, quietContext());
		expect(plain.authorizations.slice(plainBefore)).toEqual([]);
	});

	it('reads a file:// proxy like go: a missing directory is not-found', async () => {
		const dir = path.join(tmp, 'fileproxy', 'example.com', 'hello', '@v');
		await mkdir(dir, {recursive: true});
		const base = plain.url;
		for (const name of ['list', 'v1.0.0.info', 'v1.0.0.mod', 'v1.0.0.zip']) {
			const res = await fetch(`${base}/example.com/hello/@v/${name}`);
			await writeFile(path.join(dir, name), Buffer.from(await res.arrayBuffer()));
		}
		const {results} = await probeCandidates(
			input([`file://${path.join(tmp, 'fileproxy')}`, `file://${path.join(tmp, 'missing')}`]),
			quietContext(),
		);
		expect(results[0]).toMatchObject({ok: true, connectMs: null, tlsMs: null, firstByteMs: null, sumdb: false});
		expect(results[0]!.latencyMs).not.toBeNull();
		expect(results[1]).toMatchObject({ok: false, error: 'not-found'});
	});

	it('emits a result per candidate as it finishes, and stops promptly when cancelled', async () => {
		const events: ProbeEvent[] = [];
		const controller = new AbortController();
		const probe = probeCandidates(input([plain.url, `${plain.url}/slowbody`], {timeoutMs: 20_000}), {
			emit: e => {
				events.push(e);
				if (e.type === 'result') controller.abort();
			},
			signal: controller.signal,
		});
		await expect(probe).rejects.toBeInstanceOf(TaskCancelled);
		const results = events.filter(e => e.type === 'result');
		expect(results).toHaveLength(1);
		expect(events.filter(e => e.type === 'start')).toHaveLength(2);
	});
});
