import {mkdir, mkdtemp, readdir, rm, stat, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {downloadArchive} from '../../source/core/install/download.js';
import {InstallFailure} from '../../source/core/install/errors.js';
import type {InstallEvent} from '../../source/core/install/events.js';
import {fetchReleaseIndex, fileUrl, normalizeMirror} from '../../source/core/install/feed.js';
import {pickArchive, resolveVersion} from '../../source/core/install/resolve.js';
import {extractTarGz} from '../../source/core/install/safe-extract.js';
import {quietContext, TaskCancelled} from '../../source/core/task.js';
import {buildGoArchive, removeGoArchive, type BuiltArchive} from '../helpers/go-archive.js';
import {startGoMirror} from '../helpers/go-mirror.js';

// The archive is the same whichever toolchain project runs this file; build and check it in the go1.23 project only.
const runHere = (process.env['GOTUNE_TEST_GO'] ?? '').includes('go-1.23');

describe.runIf(runHere)('release index, download, verify, extract (real archive over loopback)', () => {
	let archive: BuiltArchive;
	let dir: string;
	const env = {PATH: process.env['PATH']};
	beforeAll(async () => {
		archive = await buildGoArchive();
		dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-install-dl-'));
	}, 180_000);
	afterAll(async () => {
		await rm(dir, {recursive: true, force: true});
		await removeGoArchive();
	});

	const mirrorFile = () => ({
		filename: archive.filename,
		file: archive.file,
		sha256: archive.sha256,
		size: archive.size,
		version: archive.version,
	});

	it('reads the index, resolves 1.23 and latest, downloads with progress, verifies, and extracts a go that runs and builds', async () => {
		const mirror = await startGoMirror([mirrorFile()], {
			extraReleases: [
				{version: 'go1.22.12', stable: true},
				{version: 'go1.24rc1', stable: false},
			],
		});
		try {
			const releases = await fetchReleaseIndex(normalizeMirror(mirror.url), {env});
			expect(mirror.requests[0]).toBe('/dl/?mode=json&include=all');
			expect(resolveVersion(releases, 'latest').version).toBe(archive.version);
			const release = resolveVersion(releases, '1.23');
			const file = pickArchive(release, {os: 'linux', arch: 'amd64'});
			const events: InstallEvent[] = [];
			const dest = path.join(dir, 'ok.tar.gz');
			const result = await downloadArchive(
				{url: fileUrl(normalizeMirror(mirror.url), file), dest, sha256: file.sha256, size: file.size, env},
				{emit: e => events.push(e), signal: new AbortController().signal},
			);
			expect(result).toMatchObject({bytes: archive.size, sha256: archive.sha256});
			const progress = events.filter(e => e.kind === 'download');
			expect(progress.at(-1)).toMatchObject({bytes: archive.size, total: archive.size});
			expect(events.some(e => e.kind === 'verify')).toBe(true);
			const tree = path.join(dir, 'tree');
			await mkdir(tree);
			const extracted = await extractTarGz(dest, tree, quietContext());
			expect(extracted.files).toBeGreaterThan(1000);
			const go = path.join(tree, 'go', 'bin', 'go');
			const version = await execa(go, ['version'], {env: {PATH: '/usr/bin:/bin', HOME: dir, GOTOOLCHAIN: 'local'}, extendEnv: false});
			expect(version.stdout).toContain(archive.version);
			// The extracted tree is a complete toolchain: it builds a program with its own standard library.
			const mod = path.join(dir, 'hello');
			await mkdir(mod);
			await execa(go, ['mod', 'init', 'example.com/hello'], {cwd: mod, env: goEnv(dir), extendEnv: false});
			await writeFile(
				path.join(mod, 'main.go'),
				'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hello from the installed go\\n") }\n',
			);
			const run = await execa(go, ['run', '.'], {cwd: mod, env: goEnv(dir), extendEnv: false, timeout: 120_000});
			expect(run.stdout).toBe('hello from the installed go');
		} finally {
			await mirror.close();
		}
	});

	it('rejects a wrong sha256 and deletes the download', async () => {
		const mirror = await startGoMirror([{...mirrorFile(), sha256: 'f'.repeat(64)}]);
		try {
			const dest = path.join(dir, 'bad-sum.tar.gz');
			const error = await downloadArchive(
				{url: `${mirror.url}${archive.filename}`, dest, sha256: 'f'.repeat(64), size: archive.size, env},
				quietContext(),
			).catch(e => e as Error);
			expect(error).toBeInstanceOf(InstallFailure);
			expect((error as Error).message).toContain(`SHA-256 mismatch: the file is ${archive.sha256}`);
			await expect(stat(dest)).rejects.toThrow(/ENOENT/);
		} finally {
			await mirror.close();
		}
	});

	it('rejects a truncated body and deletes the download', async () => {
		const mirror = await startGoMirror([mirrorFile()], {truncateAt: 1_000_000});
		try {
			const dest = path.join(dir, 'short.tar.gz');
			const error = await downloadArchive(
				{url: `${mirror.url}${archive.filename}`, dest, sha256: archive.sha256, size: archive.size, env},
				quietContext(),
			).catch(e => e as Error);
			expect((error as Error).message).toContain(`ended after 1000000 of ${archive.size} bytes (a short body)`);
			await expect(stat(dest)).rejects.toThrow(/ENOENT/);
		} finally {
			await mirror.close();
		}
	});

	it('cancels a download and removes the partial file', async () => {
		const mirror = await startGoMirror([mirrorFile()]);
		try {
			const dest = path.join(dir, 'cancel.tar.gz');
			const controller = new AbortController();
			const promise = downloadArchive(
				{url: `${mirror.url}${archive.filename}`, dest, sha256: archive.sha256, size: archive.size, env},
				{
					emit: e => {
						if (e.kind === 'download' && e.bytes > 4_000_000) controller.abort();
					},
					signal: controller.signal,
				},
			);
			await expect(promise).rejects.toBeInstanceOf(TaskCancelled);
			expect((await readdir(dir)).filter(name => name.startsWith('cancel'))).toEqual([]);
		} finally {
			await mirror.close();
		}
	});

	it('gives a clear error for a closed port, a non-JSON answer and JSON of another shape, within the timeout', async () => {
		const closed = await closedPort();
		const started = Date.now();
		await expect(fetchReleaseIndex(normalizeMirror(`http://127.0.0.1:${closed}/dl/`), {env, timeoutMs: 5000})).rejects.toThrow(
			/cannot read the release index: cannot reach 127\.0\.0\.1:\d+: connection refused/,
		);
		const html = await startGoMirror([], {indexBody: '<!doctype html><title>Captive portal</title>'});
		const shape = await startGoMirror([], {indexBody: '{"error": "no"}'});
		const blank = await startGoMirror([], {indexBody: ' '.repeat(4000)});
		try {
			await expect(fetchReleaseIndex(normalizeMirror(blank.url), {env, timeoutMs: 5000})).rejects.toThrow(
				/answered with only white space \(4000 bytes\), not the JSON release index: is --mirror a Go download mirror/,
			);
			await expect(fetchReleaseIndex(normalizeMirror(html.url), {env, timeoutMs: 5000})).rejects.toThrow(
				/did not answer with JSON \(it starts with "<!doctype html>/,
			);
			await expect(fetchReleaseIndex(normalizeMirror(shape.url), {env, timeoutMs: 5000})).rejects.toThrow(
				/not a Go release index \(expected an array of releases\)/,
			);
		} finally {
			await html.close();
			await shape.close();
			await blank.close();
		}
		expect(Date.now() - started).toBeLessThan(15_000);
	});

	it('times out on a server that accepts but never answers', async () => {
		const sockets: net.Socket[] = [];
		const silent = net.createServer(socket => void sockets.push(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		const {port} = silent.address() as net.AddressInfo;
		try {
			const started = Date.now();
			await expect(fetchReleaseIndex(normalizeMirror(`http://127.0.0.1:${port}/`), {env, timeoutMs: 1500})).rejects.toThrow(
				/did not arrive within 1\.5 s/,
			);
			expect(Date.now() - started).toBeLessThan(5000);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
	});

	it('goes through HTTP_PROXY, never for loopback (NO_PROXY: unit tests)', async () => {
		const mirror = await startGoMirror([mirrorFile()]);
		const seen: string[] = [];
		const http = await import('node:http');
		// A forwarding proxy on loopback: the made-up host go-mirror.test exists only here, forwarded to the mirror.
		const proxy = http.createServer((req, res) => {
			seen.push(req.url ?? '');
			const target = new URL(req.url!);
			const upstream = http.request(new URL(target.pathname + target.search, mirror.url), {method: req.method}, answer => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			});
			upstream.end();
		});
		await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
		const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
		try {
			const releases = await fetchReleaseIndex(normalizeMirror('http://go-mirror.test/dl/'), {env: {HTTP_PROXY: proxyUrl}});
			expect(releases[0]!.version).toBe(archive.version);
			expect(seen).toEqual(['http://go-mirror.test/dl/?mode=json&include=all']);
			// Loopback mirrors are reached directly, as go does.
			await fetchReleaseIndex(normalizeMirror(mirror.url), {env: {HTTP_PROXY: proxyUrl}});
			expect(seen).toHaveLength(1);
		} finally {
			proxy.closeAllConnections();
			await new Promise(resolve => proxy.close(resolve));
			await mirror.close();
		}
	});
});

function goEnv(dir: string): Record<string, string> {
	return {
		PATH: '/usr/bin:/bin',
		HOME: dir,
		GOPATH: path.join(dir, 'gopath'),
		GOCACHE: path.join(dir, 'gocache'),
		GOENV: path.join(dir, 'goenv'),
		GOTOOLCHAIN: 'local',
		GOFLAGS: '',
		GOTELEMETRY: 'off',
		GOPROXY: 'off',
	};
}

async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}
