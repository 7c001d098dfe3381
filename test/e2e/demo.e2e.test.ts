import {cp, mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {CLI, REPO_ROOT, sandboxOverrides} from '../helpers/sandbox.js';
import {testGo} from '../helpers/toolchains.js';
import {hasTmux, startTmux, type TmuxSession} from './tmux.js';
import {TOOLCHAIN_FINDINGS} from './wizard-helpers.js';

const tmuxInstalled = await hasTmux();

let work: string;
let script: string;
let tmp: string;
let session: TmuxSession | undefined;

beforeAll(async () => {
	work = await mkdtemp(path.join(os.tmpdir(), 'gotune-demo-test-'));
	// The demo script as `npm run demo` builds it (same tsup settings), into a private dir: npm run demo would
	// rebuild dist/ under the other tests' feet.
	await execa('npx', ['tsup', 'demo/run-demo.ts', '--out-dir', path.join(work, 'build'), '--silent'], {cwd: REPO_ROOT, timeout: 60_000});
	script = path.join(work, 'build', 'run-demo.js');
});
afterAll(async () => rm(work, {recursive: true, force: true}));
afterEach(async () => {
	await session?.kill();
	session = undefined;
	await rm(tmp, {recursive: true, force: true});
});

/** The demo in a real terminal, started from the checkout like `npm run demo`; its sandbox goes under a TMPDIR of ours. */
async function demo(): Promise<TmuxSession> {
	tmp = await mkdtemp(path.join(work, 'tmp-'));
	const env = {
		PATH: `${path.dirname(testGo())}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
		LANG: 'C.UTF-8',
		TMPDIR: tmp,
		// A GOPROXY in the caller's environment would beat the sandbox's GOENV file: the demo must drop it.
		GOPROXY: 'http://127.0.0.1:9/unreachable',
		GOTUNE_DEMO_CLI: CLI,
	};
	session = await startTmux(['env', '-C', REPO_ROOT, process.execPath, script], {cols: 100, rows: 30, env});
	return session;
}

/** The sandbox the wizard names in its header, and the loopback proxy the demo wrote into that sandbox's GOENV file. */
async function demoState(screen: string) {
	const sandbox = /SANDBOX +(\S+)/.exec(screen)?.[1];
	expect(sandbox).toBeDefined();
	expect(path.dirname(sandbox!)).toBe(tmp);
	const goenv = await readFile(sandboxOverrides(sandbox!)['GOENV']!, 'utf8');
	// Two mirrors, the slow one first (the Proxy step's choice to make).
	const proxies = /^GOPROXY=(http:\/\/127\.0\.0\.1:\d+),(http:\/\/127\.0\.0\.1:\d+)$/m.exec(goenv);
	expect(proxies).not.toBeNull();
	expect(goenv).toMatch(/^GONOSUMDB=example\.com\/tune$/m);
	return {sandbox: sandbox!, ports: [Number(new URL(proxies![1]!).port), Number(new URL(proxies![2]!).port)]};
}

const portOpen = (port: number) =>
	new Promise<boolean>(resolve => {
		const socket = net.connect({host: '127.0.0.1', port});
		socket.setTimeout(2000);
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => (socket.destroy(), resolve(false)));
	});

describe.skipIf(!tmuxInstalled)('npm run demo (tmux)', () => {
	it('starts the wizard in a sandbox with loopback GOPROXY mirrors whose modules go really builds; q exits 0 and removes it all', async () => {
		const s = await demo();
		const screen = await s.waitFor(TOOLCHAIN_FINDINGS, 60_000);
		expect(screen).toContain('[1 Toolchain]');
		const {sandbox, ports} = await demoState(screen);
		// The real go, with the demo sandbox's settings, resolves the demo project's imports through the proxy and builds it.
		const project = path.join(work, 'filetop');
		await cp(path.join(REPO_ROOT, 'demo', 'project'), project, {recursive: true});
		const go = (args: string[]) =>
			execa(testGo(), args, {
				cwd: project,
				env: {...sandboxOverrides(sandbox), PATH: process.env['PATH']},
				extendEnv: false,
				reject: false,
				// go run builds the standard library cold in this sandbox: minutes for go1.27 on two busy cores.
				timeout: 240_000,
			});
		expect((await go(['mod', 'init', 'example.net/filetop'])).exitCode).toBe(0);
		const tidy = await go(['mod', 'tidy']);
		expect(tidy.stderr).toContain('go: downloading example.com/tune/table v0.3.0');
		expect(tidy.exitCode).toBe(0);
		const run = await go(['run', '.', '-n', '1', '.']);
		expect(run.stdout).toMatch(/#\s+SIZE\s+FILE/);
		expect(run.exitCode).toBe(0);
		for (const port of ports) expect(await portOpen(port)).toBe(true);

		await s.send('q');
		expect(await s.exitStatus(30_000)).toBe(0);
		expect(await s.screen()).toContain('gotune demo: sandbox removed, proxies stopped');
		// The module cache tidy filled is read-only: the demo removed it anyway, and nothing else is left in TMPDIR.
		expect(await readdir(tmp)).toEqual([]);
		for (const port of ports) expect(await portOpen(port)).toBe(false);
	}, 420_000);

	it('Ctrl-C exits 130 with everything removed as well', async () => {
		const s = await demo();
		const {ports} = await demoState(await s.waitFor(TOOLCHAIN_FINDINGS, 60_000));
		await s.send('C-c');
		expect(await s.exitStatus(30_000)).toBe(130);
		expect(await readdir(tmp)).toEqual([]);
		for (const port of ports) expect(await portOpen(port)).toBe(false);
	});
});
