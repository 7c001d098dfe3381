import {readdirSync, readFileSync} from 'node:fs';
import {cp, mkdir, readdir} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {liveGroupMembers} from '../../source/core/process-group.js';
import {makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';

const TOOLS = new Set(['go', 'compile', 'link', 'asm', 'cgo', 'vet']);

type Proc = {pid: number; name: string; state: string; ppid: number; pgrp: number};

function readProc(pid: string): Proc | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const close = stat.lastIndexOf(')');
		const [state = '', ppid, pgrp] = stat.slice(close + 2).split(' ');
		return {pid: Number(pid), name: stat.slice(stat.indexOf('(') + 1, close), state, ppid: Number(ppid), pgrp: Number(pgrp)};
	} catch {
		return undefined;
	}
}

function processes(): Proc[] {
	return readdirSync('/proc')
		.filter(name => /^\d+$/.test(name))
		.map(readProc)
		.filter((p): p is Proc => p !== undefined);
}

/** go processes this test process started (execa runs go directly as our child). */
function ourGo(): Proc[] {
	return processes().filter(p => p.ppid === process.pid && p.name === 'go' && p.state !== 'Z');
}

/**
 * Live go tool processes that belong to a run: in its process group, or started with its GOCACHE (every tool go
 * starts inherits go's environment, so this also finds one that left the group or was reparented). Zombies are
 * dead processes waiting for a PID 1 that does not reap them in this container: nothing of them runs.
 */
function leftovers(goPid: number | undefined, gocache: string): Proc[] {
	return processes().filter(p => {
		if (p.state === 'Z' || p.state === 'X' || !TOOLS.has(p.name)) return false;
		if (goPid !== undefined && p.pgrp === goPid) return true;
		try {
			return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(`GOCACHE=${gocache}`);
		} catch {
			return false;
		}
	});
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) return false;
		await new Promise(resolve => setTimeout(resolve, 25));
	}
	return true;
}

describe('GoAdapter.stream with the real go', () => {
	let sandbox: TestSandbox;
	let module: string;
	let tmp: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		// A copy of the demo module (17 packages) and, with -a and the sandbox's empty GOCACHE, the standard library
		// it uses: enough compile and asm work to be cancelled in the middle.
		module = path.join(sandbox.dir, 'sample');
		await cp(path.join(REPO_ROOT, 'demo', 'sample'), module, {recursive: true});
		tmp = path.join(sandbox.dir, 'tmp');
		await mkdir(tmp);
	});
	afterAll(async () => sandbox.cleanup());

	const gocache = () => sandbox.env['GOCACHE']!;

	it('a cancelled build leaves no go, compile, link or asm process, and no work directory', async () => {
		const controller = new AbortController();
		let goPid: number | undefined;
		let sawCompile = false;
		const running = sandbox.go.stream(['build', '-a', '-o', path.join(sandbox.dir, 'out') + path.sep, './...'], {
			cwd: module,
			env: {TMPDIR: tmp},
			signal: controller.signal,
			timeoutMs: 120_000,
		});
		// Cancel only once go is compiling, so that there are children to kill.
		await until(() => {
			goPid ??= ourGo()[0]?.pid;
			sawCompile =
				goPid !== undefined && processes().some(p => p.pgrp === goPid && (p.name === 'compile' || p.name === 'asm') && p.state !== 'Z');
			return sawCompile;
		}, 60_000);
		expect(sawCompile).toBe(true);
		controller.abort();
		const run = await running;
		expect(run.cancelled).toBe(true);
		expect(run.exitCode).toBe(130);
		expect(leftovers(goPid, gocache())).toEqual([]);
		expect(await liveGroupMembers(goPid!)).toEqual([]);
		// go leaves its go-build* directory behind when killed; the run's own GOTMPDIR took it away.
		expect(await readdir(tmp)).toEqual([]);
	});

	it('delivers lines while go still runs, not only at exit', async () => {
		const controller = new AbortController();
		let linesWhileRunning = 0;
		let lines = 0;
		const run = await sandbox.go.stream(['build', '-a', '-v', './...'], {
			cwd: module,
			env: {TMPDIR: tmp},
			signal: controller.signal,
			timeoutMs: 120_000,
			onLine: (line, stream) => {
				lines++;
				// -v names each package on stderr as it is built; go is still alive to build the next one.
				if (stream === 'stderr' && line.trim() !== '' && ourGo().length > 0) linesWhileRunning++;
				if (linesWhileRunning >= 5) controller.abort();
			},
		});
		expect(linesWhileRunning).toBeGreaterThanOrEqual(5);
		expect(lines).toBeGreaterThanOrEqual(linesWhileRunning);
		expect(run.cancelled).toBe(true);
		expect(run.stderr.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(5);
		expect(leftovers(undefined, gocache())).toEqual([]);
	});

	it('a timeout kills the whole group and says so', async () => {
		let goPid: number | undefined;
		const running = sandbox.go.stream(['build', '-a', './...'], {cwd: module, env: {TMPDIR: tmp}, timeoutMs: 1500});
		await until(() => (goPid ??= ourGo()[0]?.pid) !== undefined, 5000);
		const run = await running;
		expect(run.timedOut).toBe(true);
		expect(run.cancelled).toBe(false);
		expect(run.exitCode).toBe(124);
		expect(goPid).toBeDefined();
		expect(leftovers(goPid, gocache())).toEqual([]);
		expect(await readdir(tmp)).toEqual([]);
	});

	it('a finished run returns the whole output and its lines, and removes its work directory', async () => {
		const seen: string[] = [];
		const run = await sandbox.go.stream(['list', './...'], {cwd: module, env: {TMPDIR: tmp}, onLine: line => seen.push(line)});
		expect(run.exitCode).toBe(0);
		expect(run.cancelled).toBe(false);
		expect(seen.join('\n')).toBe(run.stdout.trimEnd());
		expect(seen).toContain('example.com/gotune-demo/cmd/loglens');
		expect(await readdir(tmp)).toEqual([]);
	});

	it('a signal aborted before the call starts nothing', async () => {
		const before = ourGo().length;
		const run = await sandbox.go.stream(['build', './...'], {cwd: module, signal: AbortSignal.abort()});
		expect(run).toMatchObject({cancelled: true, exitCode: 130});
		expect(ourGo().length).toBe(before);
	});

	// Ctrl-C at the moment gotune tools said "Building dlv": the abort came while stream was still preparing go's work
	// directory (before it listened for the signal), and the whole build ran on. Fails before the fix (cancelled false).
	it('a signal aborted while the run is being prepared still cancels it', async () => {
		const controller = new AbortController();
		const running = sandbox.go.stream(['build', '-a', './...'], {
			cwd: module,
			signal: controller.signal,
			env: {GOCACHE: path.join(tmp, 'abort-cache')},
		});
		controller.abort();
		const run = await running;
		expect(run).toMatchObject({cancelled: true, exitCode: 130});
		expect(leftovers(undefined, path.join(tmp, 'abort-cache'))).toEqual([]);
	});

	it('an onLine that throws stops the run and the error comes back to the caller', async () => {
		const running = sandbox.go.stream(['build', '-a', '-v', './...'], {
			cwd: module,
			env: {TMPDIR: tmp},
			onLine: () => {
				throw new Error('consumer bug');
			},
		});
		await expect(running).rejects.toThrow('consumer bug');
		expect(leftovers(undefined, gocache())).toEqual([]);
	});

	it('a user GOTMPDIR is left as chosen', async () => {
		const chosen = path.join(sandbox.dir, 'chosen-tmp');
		await mkdir(chosen);
		const run = await sandbox.go.stream(['env', 'GOTMPDIR'], {env: {GOTMPDIR: chosen}});
		expect(run.stdout.trim()).toBe(chosen);
		const own = await sandbox.go.stream(['env', 'GOTMPDIR'], {env: {TMPDIR: tmp}});
		expect(path.dirname(own.stdout.trim())).toBe(tmp);
	});
});
