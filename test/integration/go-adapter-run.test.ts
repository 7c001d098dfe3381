import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {GoAdapter} from '../../source/core/go-adapter.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {shellQuote} from '../e2e/tmux.js';

// GoAdapter.run captures go's output with node:child_process (loading execa was a sixth of doctor's CPU time, issue 18).
// These hold it to the contract it had with execa: exit codes, output as text, not-found, time limit, cancel, crash.
describe('GoAdapter.run', () => {
	let sandbox: TestSandbox;
	let wrapper: string;
	let log: string;
	beforeEach(async () => {
		sandbox = await makeSandbox();
		// The real go behind a wrapper that logs its pid. The faults real go cannot be made to show on demand are
		// injected here: `env GOVERSION` hangs 20 s, `env CRASH` dies of SIGSEGV, `env STUBBORN` ignores SIGTERM.
		wrapper = path.join(sandbox.dir, 'wrapped-go', 'go');
		log = path.join(sandbox.dir, 'go-runs.log');
		await mkdir(path.dirname(wrapper));
		await writeFile(
			wrapper,
			[
				'#!/bin/sh',
				`echo "$$" >> ${shellQuote(log)}`,
				'if [ "$2" = GOVERSION ]; then exec sleep 20; fi',
				'if [ "$2" = CRASH ]; then kill -SEGV $$; fi',
				`if [ "$2" = STUBBORN ]; then trap '' TERM; exec sleep 20; fi`,
				`exec ${shellQuote(sandbox.goBin)} "$@"`,
				'',
			].join('\n'),
		);
		await chmod(wrapper, 0o755);
	});
	afterEach(async () => sandbox.cleanup());

	const pid = async () => Number((await readFile(log, 'utf8')).trim().split('\n')[0]);

	it("go's output comes back whole as text, with its exit code and its error", async () => {
		const gopath = path.join(sandbox.dir, 'gö päth');
		const ok = await sandbox.go.run(['env', '-json', 'GOPATH'], {env: {GOPATH: gopath}});
		expect(ok).toMatchObject({exitCode: 0, timedOut: false, notFound: false});
		expect(JSON.parse(ok.stdout)).toEqual({GOPATH: gopath});
		const failed = await sandbox.go.run(['bogus-command']);
		expect(failed.exitCode).toBe(2);
		expect(failed.stderr).toContain('go bogus-command: unknown command');
		expect(failed.signal).toBeUndefined();
	});

	it('a go that is missing or not executable is notFound, exit code 1', async () => {
		const missing = await new GoAdapter(path.join(sandbox.dir, 'no-such-go'), sandbox.env, sandbox.dir).run(['version']);
		expect(missing).toMatchObject({exitCode: 1, notFound: true, stdout: '', stderr: ''});
		const plain = path.join(sandbox.dir, 'not-executable');
		await writeFile(plain, '#!/bin/sh\n', {mode: 0o644});
		expect(await new GoAdapter(plain, sandbox.env, sandbox.dir).run(['version'])).toMatchObject({exitCode: 1, notFound: true});
	});

	it('the time limit stops go (SIGTERM) and says so: exit code 124', async () => {
		const started = Date.now();
		const run = await new GoAdapter(wrapper, sandbox.env, sandbox.dir).run(['env', 'GOVERSION'], {timeoutMs: 300});
		expect(run).toMatchObject({exitCode: 124, timedOut: true, signal: 'SIGTERM'});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(isAlive(await pid())).toBe(false);
	});

	it('a cancel stops go (SIGTERM): exit code 143', async () => {
		const cancel = new AbortController();
		const running = new GoAdapter(wrapper, sandbox.env, sandbox.dir).run(['env', 'GOVERSION'], {signal: cancel.signal});
		for (let i = 0; i < 100 && (await readFile(log, 'utf8').catch(() => '')) === ''; i++) await sleep(20);
		cancel.abort();
		expect(await running).toMatchObject({exitCode: 143, timedOut: false, signal: 'SIGTERM'});
		expect(isAlive(await pid())).toBe(false);
	});

	it('a go that dies of a signal exits as a shell reports it (SIGSEGV: 139)', async () => {
		const run = await new GoAdapter(wrapper, sandbox.env, sandbox.dir).run(['env', 'CRASH']);
		expect(run).toMatchObject({exitCode: 139, signal: 'SIGSEGV', timedOut: false});
	});

	it('a go that ignores SIGTERM at the time limit is killed 5 s later', {timeout: 20_000}, async () => {
		const started = Date.now();
		const run = await new GoAdapter(wrapper, sandbox.env, sandbox.dir).run(['env', 'STUBBORN'], {timeoutMs: 300});
		expect(run).toMatchObject({exitCode: 124, timedOut: true, signal: 'SIGKILL'});
		expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(isAlive(await pid())).toBe(false);
	});
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
