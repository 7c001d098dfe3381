import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {httpGet} from '../../source/core/install/http.js';
import {getBounded, netConfigFrom, NetError} from '../../source/core/net/index.js';
import {startConnectProxy} from '../helpers/connect-proxy.js';
import {makeTestPki} from '../helpers/tls-cert.js';

// One loopback server with a route per behaviour; every request is bounded by a signal and the server closes after.
let server: http.Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
	const member = gzipSync(Buffer.alloc(8 * 1024 * 1024));
	server = http.createServer((request, response) => {
		const url = request.url ?? '';
		seen.push(url);
		const loop = /^\/loop\/(\d+)$/.exec(url);
		if (loop) response.writeHead(302, {Location: `/loop/${Number(loop[1]) + 1}`}).end();
		else if (url === '/tofile') response.writeHead(302, {Location: 'file:///etc/passwd'}).end();
		else if (url === '/toftp') response.writeHead(302, {Location: 'ftp://alice:s3cret@mirror.example/go.tgz'}).end();
		else if (url === '/bomb') response.writeHead(200, {'Content-Encoding': 'gzip'}).end(Buffer.concat([member, member, member, member]));
		else if (url === '/gzip') response.writeHead(200, {'Content-Encoding': 'gzip'}).end(gzipSync('hello'));
		else if (url === '/big') response.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024));
		else response.writeHead(404).end('not found');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

const get = async (path: string, maxBytes = 1024 * 1024) =>
	getBounded(new URL(path, base), {config: await netConfigFrom({}), signal: AbortSignal.timeout(5000), limit: {maxBytes}});

describe('core/net GET', () => {
	it("follows at most 10 redirects (10 requests), in go's words", async () => {
		const before = seen.length;
		await expect(get('/loop/0')).rejects.toThrow('Get "/loop/10": stopped after 10 redirects');
		expect(seen.length - before).toBe(10);
	});

	it('never follows a redirect to another scheme than http/https, and never connects for it', async () => {
		const error = await get('/tofile').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NetError);
		expect((error as NetError).message).toBe('Get "file:///etc/passwd": unsupported protocol scheme "file"');
		await expect(get('/toftp')).rejects.toThrow('Get "ftp://***@mirror.example/go.tgz": unsupported protocol scheme "ftp"');
		await expect(httpGet(`${base}/tofile`, {env: {}, headersTimeoutMs: 5000})).rejects.toThrow(
			`${base}/tofile: Get "file:///etc/passwd": unsupported protocol scheme "file"`,
		);
	});

	it('decodes gzip as a stream and stops a bomb at the decoded cap; caps plain bodies on the wire', async () => {
		expect((await get('/gzip')).body.toString()).toBe('hello');
		await expect(get('/bomb')).rejects.toThrow(/^the answer inflates to more than 1 MB/);
		await expect(get('/big')).rejects.toThrow(/^the answer is larger than 1 MB/);
		expect((await get('/big', 4 * 1024 * 1024)).body.length).toBe(2 * 1024 * 1024);
	});

	it("install-go's downloads go through HTTPS_PROXY and trust SSL_CERT_FILE; a tunnel the proxy closes fails at once", async () => {
		const pki = await makeTestPki(['mirror.test']);
		const mirror = https.createServer(pki.server, (_request, response) => response.writeHead(200).end('archive bytes'));
		await new Promise<void>(resolve => mirror.listen(0, '127.0.0.1', resolve));
		const port = (mirror.address() as AddressInfo).port;
		const good = await startConnectProxy({'mirror.test': port});
		const closing = await startConnectProxy({}, {hostile: 'close-after-answer'});
		try {
			const url = `https://mirror.test:${port}/go.tar.gz`;
			const {response} = await httpGet(url, {env: {HTTPS_PROXY: good.url, SSL_CERT_FILE: pki.caFile}, headersTimeoutMs: 5000});
			let body = '';
			for await (const chunk of response) body += String(chunk);
			expect(body).toBe('archive bytes');
			expect(good.tunnels).toEqual([`mirror.test:${port}`]);
			const started = performance.now();
			await expect(httpGet(url, {env: {HTTPS_PROXY: closing.url, SSL_CERT_FILE: pki.caFile}, headersTimeoutMs: 5000})).rejects.toThrow(
				`${url}: the proxy ${closing.url.replace('http://', '')} closed the tunnel to mirror.test:${port} during the TLS handshake`,
			);
			expect(performance.now() - started).toBeLessThan(2000);
		} finally {
			await Promise.all([good.close(), closing.close()]);
			mirror.closeAllConnections();
			await new Promise(resolve => mirror.close(resolve));
			await pki.cleanup();
		}
	});
});
