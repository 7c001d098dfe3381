import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {installInvocation, parseClient} from '../../source/core/cache/share/client.js';
import type {Env} from '../../source/core/env.js';
import {fileURLToPath} from 'node:url';
import {acceptsOnLoopback, freePort} from './ports.js';

/**
 * The shared build cache's real programs, go-tool-cache's gocached (server), go-cacher and gotune-cacher (GOCACHEPROG
 * clients; gotune-cacher from cacheprog/), built once from their pinned module version by .ci/install-cacheprog into node_modules/.cache/gotune-cacheprog and
 * reused by every later run (the script does nothing when they are there).
 */
const REPO_ROOT = repositoryRoot();
const CACHEPROG_CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'gotune-cacheprog');
export const GOCACHED = path.join(CACHEPROG_CACHE, 'bin', 'gocached');
export const GO_CACHER = path.join(CACHEPROG_CACHE, 'bin', 'go-cacher');
export const GOTUNE_CACHER = path.join(CACHEPROG_CACHE, 'bin', 'gotune-cacher');

/** The checkout holding .ci/install-cacheprog: from test/helpers, or from the bench's bundle in node_modules/.cache. */
function repositoryRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!existsSync(path.join(dir, '.ci', 'install-cacheprog')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	return dir;
}

/** BINARY exists and is newer than gotune-cacher's source (as the script checks: a checkout that changed cacheprog/). */
async function fresh(binary: string): Promise<boolean> {
	const built = await stat(binary).catch(() => undefined);
	if (built === undefined) return false;
	for (const file of ['go.mod', 'go.sum', 'main.go'])
		if ((await stat(path.join(REPO_ROOT, 'cacheprog', file))).mtimeMs >= built.mtimeMs) return false;
	return true;
}

export async function ensureCacheprog(): Promise<void> {
	if (existsSync(GOCACHED) && existsSync(GO_CACHER) && (await fresh(GOTUNE_CACHER))) return;
	await execa('bash', [path.join(REPO_ROOT, '.ci', 'install-cacheprog')], {cwd: REPO_ROOT, timeout: 20 * 60_000, stdio: 'inherit'});
}

/**
 * What a sandbox needs so that the product's own `go install` of the pinned client runs without the network: the
 * module cache the script filled, served as a file:// GOPROXY (GOSUMDB off: these are the files go verified when it
 * downloaded them), and the build cache of that first install (else each test compiles net/http again).
 */
export function clientInstallEnv(): Env {
	return {
		GOPROXY: `file://${path.join(CACHEPROG_CACHE, 'mod', 'cache', 'download')}`,
		GOSUMDB: 'off',
		GOCACHE: path.join(CACHEPROG_CACHE, 'gocache'),
	};
}

/**
 * Builds the client once with GO into the shared build cache of clientInstallEnv, so that a test's own install (the
 * product's go install) takes seconds: the first build of go-cacher with a new go compiles net/http and more, minutes
 * on a small machine. Runs in a throwaway sandbox; nothing of it is kept but the build cache.
 */
export async function warmClientBuild(go: string, client: string): Promise<void> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-cacheprog-warm-'));
	try {
		await mkdir(path.join(dir, 'home', '.config', 'go', 'telemetry'), {recursive: true});
		await writeFile(path.join(dir, 'home', '.config', 'go', 'telemetry', 'mode'), 'off');
		const spec = parseClient(client);
		const install = 'problem' in spec ? {problem: spec.problem} : installInvocation(spec);
		if ('problem' in install) throw new Error(install.problem);
		await execa(go, install.args, {
			...(install.cwd ? {cwd: install.cwd} : {}),
			env: {
				PATH: process.env['PATH'] ?? '/usr/bin:/bin',
				HOME: path.join(dir, 'home'),
				GOENV: path.join(dir, 'home', '.config', 'go', 'env'),
				GOPATH: path.join(dir, 'gopath'),
				GOBIN: path.join(dir, 'bin'),
				GOTOOLCHAIN: 'local',
				GOFLAGS: '',
				...install.env,
				...clientInstallEnv(),
			},
			extendEnv: false,
			timeout: 20 * 60_000,
		});
	} finally {
		await execa(go, ['clean', '-modcache'], {
			env: {HOME: path.join(dir, 'home'), GOPATH: path.join(dir, 'gopath'), GOTOOLCHAIN: 'local', GOFLAGS: ''},
			extendEnv: false,
			reject: false,
		});
		await rm(dir, {recursive: true, force: true});
	}
}

export type CacheServer = {
	url: string;
	dir: string;
	process: ChildProcess;
	/** SIGKILL, as a crashed or unplugged server: no goodbye to its clients. */
	kill(): Promise<void>;
	stop(): Promise<void>;
};

/**
 * gocached on 127.0.0.1 with a fresh --cache-dir (and ARGS, e.g. --jwt-issuer); resolves once it accepts connections
 * (bounded), stop() removes it all.
 */
export async function startCacheServer(args: string[] = []): Promise<CacheServer> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-gocached-'));
	const port = await freePort();
	const child = spawn(GOCACHED, ['--cache-dir', dir, '--listen', `127.0.0.1:${port}`, ...args], {
		stdio: ['ignore', 'ignore', 'pipe'],
		env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir},
	});
	let log = '';
	child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	const kill = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		await exited;
	};
	const deadline = Date.now() + 20_000;
	while (!(await acceptsOnLoopback(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await kill();
			throw new Error(`gocached did not start on 127.0.0.1:${port}: ${log}`);
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return {
		url: `http://127.0.0.1:${port}`,
		dir,
		process: child,
		kill,
		stop: async () => {
			await kill();
			await rm(dir, {recursive: true, force: true});
		},
	};
}

/** A port nothing listens on (taken and released): a wrong address that refuses at once. */
export const unusedPort = freePort;

/**
 * A module of COUNT packages in a chain (each imports the one before) that imports nothing from the standard library:
 * a cold build compiles only these, so a test measures the shared cache, not how long runtime takes to compile. The
 * chain makes go build them one after another, so a test can act while the build is under way.
 */
export async function writeChainModule(dir: string, count = 24): Promise<void> {
	await mkdir(dir, {recursive: true});
	await writeFile(path.join(dir, 'go.mod'), 'module example.com/sharedcache\n\ngo 1.24\n');
	for (let i = 0; i < count; i++) {
		const name = `p${String(i).padStart(2, '0')}`;
		const previous = i === 0 ? undefined : `p${String(i - 1).padStart(2, '0')}`;
		const body = Array.from(
			{length: 40},
			(_, k) => `func F${k}(x int) int { return ${previous ? `${previous}.F${k}(x)` : 'x'} + ${k * 7 + i} }`,
		);
		await mkdir(path.join(dir, name), {recursive: true});
		await writeFile(
			path.join(dir, name, `${name}.go`),
			`package ${name}\n\n${previous ? `import "example.com/sharedcache/${previous}"\n\n` : ''}${body.join('\n')}\n`,
		);
	}
}

export type DelayProxy = {url: string; stop(): Promise<void>};

/**
 * A loopback TCP proxy in front of a cache server that holds every chunk of the server's answers for DELAY_MS
 * (requests pass at once): a slow server, as over a slow link or under load. DELAY_MS 'never' answers nothing at all
 * while keeping the connection open, as a hung server. stop() closes every connection (the test's bound).
 */
export async function startDelayProxy(target: string, delayMs: number | 'never'): Promise<DelayProxy> {
	const upstream = new URL(target);
	const sockets = new Set<net.Socket>();
	const timers = new Set<NodeJS.Timeout>();
	const server = net.createServer(client => {
		const remote = net.connect(Number(upstream.port), upstream.hostname);
		for (const socket of [client, remote]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => undefined);
		}
		client.pipe(remote);
		remote.on('data', (chunk: Buffer) => {
			if (delayMs === 'never') return;
			const timer = setTimeout(() => {
				timers.delete(timer);
				if (!client.destroyed) client.write(chunk);
			}, delayMs);
			timers.add(timer);
		});
		remote.on('close', () => {
			if (delayMs === 'never') return;
			const timer = setTimeout(() => client.end(), delayMs);
			timers.add(timer);
		});
		client.on('close', () => remote.destroy());
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		stop: async () => {
			for (const timer of timers) clearTimeout(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

export type StalledBodyServer = {url: string; stalledLookups(): number; stop(): Promise<void>};

/**
 * A loopback server that answers every lookup (GET) as gocached does a hit, 200 with its headers and Content-Length,
 * sends the first part of the object and then nothing more, keeping the connection open: a server that stalls in the
 * middle of an answer (a fault the real gocached cannot be made to produce). Uploads are taken (204), as gocached
 * does. stop() closes every connection (the test's bound).
 */
export async function startStalledBodyServer(): Promise<StalledBodyServer> {
	const size = 64 * 1024;
	let stalled = 0;
	const server = http.createServer((request, response) => {
		if (request.method !== 'GET') {
			request.resume();
			request.on('end', () => response.writeHead(204).end());
			return;
		}
		stalled++;
		response.writeHead(200, {
			'Content-Type': 'application/octet-stream',
			'Content-Length': String(size),
			'Go-Output-Id': 'ab'.repeat(32),
		});
		response.write(Buffer.alloc(size / 4));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		stalledLookups: () => stalled,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}
