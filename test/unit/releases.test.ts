import {createServer, type Server} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {PREFERENCES_FILE} from '../../source/core/preferences.js';
import {BUNDLED_RELEASES, loadReleaseTable, refreshReleaseTable} from '../../source/core/releases.js';
import {startConnectProxy} from '../helpers/connect-proxy.js';
import {makeTestPki} from '../helpers/tls-cert.js';

/** A loopback stand-in for the go.dev/dl JSON feed (rule 3): the real feed's shape, served by a real HTTP server. */
async function feedServer(handler: (url: string) => {status: number; body: string}): Promise<{url: string; close: () => Promise<void>}> {
	const server: Server = createServer((request, response) => {
		const {status, body} = handler(request.url ?? '');
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {url: `http://127.0.0.1:${port}/dl/?mode=json`, close: () => new Promise(resolve => server.close(() => resolve()))};
}

describe('release table', () => {
	let home: string;
	beforeEach(async () => {
		home = await mkdtemp(path.join(os.tmpdir(), 'gotune-releases-'));
	});
	afterEach(async () => rm(home, {recursive: true, force: true}));

	it('uses the bundled table until a feed was read', async () => {
		expect(await loadReleaseTable(home)).toBe(BUNDLED_RELEASES);
	});

	it('reads the feed, caches it (0600) with its date, and prefers it afterwards', async () => {
		const feed = await feedServer(() => ({
			status: 200,
			body: JSON.stringify([
				{version: 'go1.28.0', stable: true, files: [{filename: 'go1.28.0.linux-amd64.tar.gz', kind: 'archive'}]},
				{version: 'go1.27.4', stable: true, files: []},
			]),
		}));
		try {
			const table = await refreshReleaseTable(home, {env: {}, url: feed.url, now: new Date('2026-11-24T10:00:00Z')});
			expect(table).toEqual({
				asOf: '2026-11-24',
				origin: 'feed',
				releases: [
					{version: 'go1.28.0', stable: true},
					{version: 'go1.27.4', stable: true},
				],
			});
			expect(await loadReleaseTable(home)).toEqual(table);
			expect((await stat(path.join(home, PREFERENCES_FILE))).mode & 0o777).toBe(0o600);
		} finally {
			await feed.close();
		}
	});

	it.each([
		['a server error', {status: 500, body: 'oops'}],
		['a body that is not the feed', {status: 200, body: '{"not": "an array"}'}],
		['invalid JSON', {status: 200, body: '<html>'}],
	])('keeps the old table on %s', async (_name, reply) => {
		const feed = await feedServer(() => reply);
		try {
			expect(await refreshReleaseTable(home, {env: {}, url: feed.url})).toBeUndefined();
			expect(await loadReleaseTable(home)).toBe(BUNDLED_RELEASES);
			await expect(readFile(path.join(home, PREFERENCES_FILE))).rejects.toThrow();
		} finally {
			await feed.close();
		}
	});

	it("without go.dev, reads the final releases from the module proxy's golang.org/toolchain list (GOPROXY in order)", async () => {
		const platform = `${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
		const list = [
			`v0.0.1-go1.27.3.${platform}`,
			'v0.0.1-go1.27.3.windows-arm64',
			`v0.0.1-go1.28rc1.${platform}`,
			`v0.0.1-go1.26.10.${platform}`,
			`v0.0.1-go1.26.9.${platform}`,
			`v0.0.1-go1.21.0.${platform}`,
		].join('\n');
		const feed = await feedServer(() => ({status: 503, body: 'go.dev unreachable'}));
		const missing = await feedServer(() => ({status: 404, body: 'not found'}));
		const proxy = await feedServer(url => (url === '/golang.org/toolchain/@v/list' ? {status: 200, body: list} : {status: 404, body: ''}));
		try {
			const base = (server: {url: string}) => server.url.replace(/\/dl\/\?mode=json$/, '');
			const table = await refreshReleaseTable(home, {
				env: {},
				url: feed.url,
				goproxy: `${base(missing)},${base(proxy)},direct`,
				now: new Date('2026-12-06T10:00:00Z'),
			});
			expect(table).toEqual({
				asOf: '2026-12-06',
				origin: 'proxy',
				releases: ['go1.27.3', 'go1.26.10', 'go1.26.9', 'go1.21.0'].map(version => ({version, stable: true})),
			});
			expect(await loadReleaseTable(home)).toEqual(table);
		} finally {
			await Promise.all([feed.close(), missing.close(), proxy.close()]);
		}
	});

	it('never fails on a refused connection', async () => {
		const feed = await feedServer(() => ({status: 200, body: '[]'}));
		const url = feed.url;
		await feed.close();
		expect(await refreshReleaseTable(home, {env: {}, url, timeoutMs: 2000})).toBeUndefined();
	});

	it('goes through HTTPS_PROXY (a CONNECT tunnel) and trusts SSL_CERT_FILE, as go would', async () => {
		const pki = await makeTestPki(['feed.test']);
		const server = createHttpsServer(pki.server, (_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify([{version: 'go1.28.0', stable: true}]));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as AddressInfo;
		// feed.test exists only in the proxy's table: reaching it at all proves the request went through the tunnel.
		const proxy = await startConnectProxy({'feed.test': port});
		try {
			const table = await refreshReleaseTable(home, {
				env: {HTTPS_PROXY: proxy.url, SSL_CERT_FILE: pki.caFile},
				url: `https://feed.test:${port}/dl/?mode=json`,
			});
			expect(table?.releases).toEqual([{version: 'go1.28.0', stable: true}]);
			expect(proxy.tunnels).toEqual([`feed.test:${port}`]);
		} finally {
			await proxy.close();
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
			await pki.cleanup();
		}
	});

	it('caps the body: an endless answer is dropped at the cap, long before the time bound', async () => {
		const chunk = Buffer.alloc(64 * 1024, 0x20);
		const server = createServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('[');
			const timer = setInterval(() => response.write(chunk), 1);
			response.once('close', () => clearInterval(timer));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as AddressInfo;
		try {
			const started = performance.now();
			expect(await refreshReleaseTable(home, {env: {}, url: `http://127.0.0.1:${port}/dl/?mode=json`, timeoutMs: 8000})).toBeUndefined();
			expect(performance.now() - started).toBeLessThan(4000);
		} finally {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		}
	});
});
