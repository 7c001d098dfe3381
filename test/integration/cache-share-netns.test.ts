import {execFileSync} from 'node:child_process';
import {mkdir, readFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {cacheProgValue} from '../../source/core/cache/share/goprog.js';
import {summarizeActionGraph} from '../../source/core/verify/action-graph.js';
import {GOTUNE_CACHER, startCacheServer, writeChainModule} from '../helpers/cacheprog.js';
import {useCacheprog} from '../helpers/cacheprog-suite.js';
import {machines} from '../helpers/machines.js';
import {type TestSandbox} from '../helpers/sandbox.js';
import {testGo, testGoMinor} from '../helpers/toolchains.js';

// Machines A and B on separate networks where the platform allows it: B's go runs in a network namespace of its own
// (unshare -n, root only), whose loopback is not this one. It reaches the one gocached only through a Unix socket
// relayed on both sides (RELAY below), as another host reaches a team's server through its address.
const minor = testGoMinor();
/**
 * Run by node inside B's namespace (node -e RELAY SOCKET PORT -- COMMAND ARGS...): brings its loopback up, relays
 * 127.0.0.1:PORT to the Unix socket SOCKET (the file system is shared across namespaces), runs COMMAND, exits with
 * its code.
 */
const RELAY = `
const {execFileSync, spawn} = require('node:child_process');
const net = require('node:net');
const [socket, port, , command, ...args] = process.argv.slice(1);
execFileSync('ip', ['link', 'set', 'lo', 'up']);
const relay = net.createServer(client => {
	const upstream = net.connect(socket);
	client.pipe(upstream).pipe(client);
	for (const s of [client, upstream]) s.on('error', () => (client.destroy(), upstream.destroy()));
});
relay.listen(Number(port), '127.0.0.1', () => {
	const child = spawn(command, args, {stdio: 'inherit'});
	child.on('exit', (code, signal) => { relay.close(); process.exit(code ?? (signal ? 128 : 1)); });
});
`;
const netnsAllowed = (() => {
	try {
		execFileSync('unshare', ['-n', 'true'], {stdio: 'ignore', timeout: 5_000});
		return true;
	} catch {
		return false;
	}
})();
const {cleanups, machine} = machines();

describe.skipIf(minor < 24 || !netnsAllowed)(`go1.${minor}: machine B in its own network namespace`, () => {
	useCacheprog();

	it("B's cold build gets every package A built, through the relay; the server's own port is not reachable from B", async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const port = Number(new URL(cache.url).port);
		// This side of the relay: the Unix socket to gocached.
		const a = await machine();
		const socket = path.join(a.dir, 'cache.sock');
		const bridge = net.createServer(client => {
			const upstream = net.connect(port, '127.0.0.1');
			client.pipe(upstream).pipe(client);
			for (const s of [client, upstream]) s.on('error', () => (client.destroy(), upstream.destroy()));
		});
		await new Promise<void>(resolve => bridge.listen(socket, resolve));
		cleanups.push(() => new Promise<void>(resolve => bridge.close(() => resolve())));

		const dirA = path.join(a.dir, 'src');
		await writeChainModule(dirA);
		await mkdir(path.join(a.dir, 'gotune-cacher'), {recursive: true});
		const env = (sandbox: TestSandbox, server: string) => ({
			GOCACHEPROG: cacheProgValue(GOTUNE_CACHER, server, {diskDir: path.join(sandbox.dir, 'gotune-cacher')}),
			GOFLAGS: '-trimpath',
		});
		const built = await a.go.run(['build', './...'], {cwd: dirA, env: env(a, cache.url), timeoutMs: 120_000});
		expect(built.exitCode, built.stderr).toBe(0);

		const b = await machine();
		const dirB = path.join(b.dir, 'src');
		await writeChainModule(dirB);
		const graph = path.join(b.dir, 'graph.json');
		const bEnv = {...b.env, ...env(b, `http://127.0.0.1:${port}`)};
		const inNamespace = (command: string[]) =>
			execa('unshare', ['-n', '--', process.execPath, '-e', RELAY, socket, String(port), '--', ...command], {
				cwd: dirB,
				env: bEnv as NodeJS.ProcessEnv,
				extendEnv: false,
				reject: false,
				timeout: 120_000,
			});
		const cold = await inNamespace([testGo(), 'build', `-debug-actiongraph=${graph}`, './...']);
		expect(cold.exitCode, cold.stderr).toBe(0);
		expect(summarizeActionGraph(await readFile(graph, 'utf8'))).toMatchObject({actions: 24, hits: 24});
		// Without the relay, B's network does not reach the server's port at all: A's loopback is not B's.
		const probe = await execa(
			'unshare',
			[
				'-n',
				'--',
				process.execPath,
				'-e',
				`require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',e=>{console.log(e.code);process.exit(3)})`,
			],
			{reject: false, timeout: 20_000},
		);
		expect(probe.stdout.trim()).toMatch(/ENETUNREACH|ECONNREFUSED/);
	});
});
