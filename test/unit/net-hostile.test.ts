import {mkdir, mkdtemp, rm, symlink} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {probeCandidates, type Candidate, type ProbeInput} from '../../source/core/proxy/index.js';
import {quietContext} from '../../source/core/task.js';
import {startConnectProxy} from '../helpers/connect-proxy.js';
import {startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeTestPki, type TestPki} from '../helpers/tls-cert.js';

// Hostile servers of issue 18 (items 2-6), all started here on 127.0.0.1 and closed after; every probe is bounded.
const MODULES: ProxyModule[] = [
	{path: 'example.com/hello', version: 'v1.0.0', files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'}},
];
const HELLO = {path: 'example.com/hello', version: 'v1.0.0'};

let plain: Awaited<ReturnType<typeof startModuleProxy>>;
let trusted: Awaited<ReturnType<typeof startModuleProxy>>;
let pki: TestPki;
let tmp: string;

beforeAll(async () => {
	pki = await makeTestPki(['goproxy.test', '127.0.0.1']);
	[plain, trusted] = await Promise.all([
		startModuleProxy(MODULES, {sumdbs: ['sum.golang.org']}),
		startModuleProxy(MODULES, {tls: pki.server}),
	]);
	tmp = await mkdtemp(path.join(os.tmpdir(), 'gotune-hostile-'));
}, 60_000);

afterAll(async () => {
	await Promise.all([plain?.close(), trusted?.close()]);
	await pki?.cleanup();
	await rm(tmp, {recursive: true, force: true});
});

const env = (extra: Record<string, string> = {}) => ({PATH: process.env['PATH'], HOME: path.join(tmp, 'home'), ...extra});

function input(urls: string[], extra: Partial<ProbeInput> = {}): ProbeInput {
	const candidates: Candidate[] = urls.map(url => ({url, shown: url, source: 'argument'}));
	return {candidates, module: HELLO, timeoutMs: 4000, env: env(), sumdbName: 'sum.golang.org', ...extra};
}

describe('probe against hostile servers (issue 18)', () => {
	it('(2) a gzip bomb on @v/list is inflated as a stream and stopped at the cap, well inside the bound', async () => {
		const started = performance.now();
		const {results} = await probeCandidates(input([`${plain.url}/gzipbomb`]), quietContext());
		expect(results[0]).toMatchObject({ok: false, error: 'protocol', failedAt: 'list'});
		expect(results[0]!.detail).toMatch(/^list: the answer inflates to more than \d+ MB/);
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it('(3) an endless 200 body on list, .info or .mod fails at the byte cap, before the time bound', async () => {
		const started = performance.now();
		const urls = ['endlesslist', 'endlessinfo', 'endlessmod'].map(p => `${plain.url}/${p}`);
		const {results} = await probeCandidates(input(urls), quietContext());
		expect(results.map(r => [r.ok, r.error, r.failedAt])).toEqual([
			[false, 'protocol', 'list'],
			[false, 'protocol', 'info'],
			[false, 'protocol', 'mod'],
		]);
		for (const r of results) expect(r.detail).toMatch(/the answer is larger than \d+ MB/);
		expect(performance.now() - started).toBeLessThan(3500);
	});

	for (const hostile of ['close-before-answer', 'close-after-answer'] as const)
		it(`(4) an HTTPS_PROXY that accepts CONNECT and closes the tunnel (${hostile}) fails that candidate; the others still report`, async () => {
			const tunnel = await startConnectProxy({'goproxy.test': trusted.port}, {hostile});
			try {
				const started = performance.now();
				const {results} = await probeCandidates(
					{...input([`https://goproxy.test:${trusted.port}`, plain.url]), env: env({HTTPS_PROXY: tunnel.url, SSL_CERT_FILE: pki.caFile})},
					quietContext(),
				);
				expect(results).toHaveLength(2);
				expect(results[0]).toMatchObject({ok: false, error: 'protocol', failedAt: 'list'});
				expect(results[0]!.detail).toMatch(/the proxy 127\.0\.0\.1:\d+ closed the tunnel to goproxy\.test:\d+/);
				// Not a timeout: the close is seen at once.
				expect(performance.now() - started).toBeLessThan(3000);
				expect(results[1]).toMatchObject({ok: true});
			} finally {
				await tunnel.close();
			}
		});

	it('reaches an https:// HTTPS_PROXY over TLS (trusting SSL_CERT_FILE), then tunnels to the target', async () => {
		const tunnel = await startConnectProxy({'goproxy.test': trusted.port}, {tls: pki.server});
		try {
			const {results} = await probeCandidates(
				{...input([`https://goproxy.test:${trusted.port}`]), env: env({HTTPS_PROXY: tunnel.url, SSL_CERT_FILE: pki.caFile})},
				quietContext(),
			);
			expect(results[0]).toMatchObject({ok: true, error: null});
			expect(tunnel.tunnels).toEqual([`goproxy.test:${trusted.port}`]);
		} finally {
			await tunnel.close();
		}
	});

	it('(5) a redirect to file:///etc/passwd is never followed: go\'s "unsupported protocol scheme"', async () => {
		const {results} = await probeCandidates(input([`${plain.url}/tofile`]), quietContext());
		expect(results[0]).toMatchObject({ok: false, error: 'protocol', failedAt: 'list'});
		expect(results[0]!.detail).toBe('list: Get "file:///etc/passwd": unsupported protocol scheme "file"');
	});

	it('a file:// proxy whose list is endless (/dev/zero) is capped like an http answer', async () => {
		const dir = path.join(tmp, 'zero-proxy', 'example.com', 'hello', '@v');
		await mkdir(dir, {recursive: true});
		await symlink('/dev/zero', path.join(dir, 'list'));
		const {results} = await probeCandidates(input([`file://${path.join(tmp, 'zero-proxy')}`]), quietContext());
		expect(results[0]).toMatchObject({ok: false, error: 'protocol', failedAt: 'list'});
		expect(results[0]!.detail).toMatch(/list is larger than 16 MB/);
	});

	it('(6) correct answers labelled Content-Type: text/html are a working proxy, not a captive portal', async () => {
		const {results} = await probeCandidates(input([`${plain.url}/htmltype`, `${plain.url}/html`]), quietContext());
		expect(results[0]).toMatchObject({ok: true, error: null, versions: 1});
		// A real HTML page is still called what it is.
		expect(results[1]).toMatchObject({ok: false, error: 'protocol'});
		expect(results[1]!.detail).toMatch(/HTML page \("Hotel WiFi login"\).*captive portal/);
	});
});
