import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {GoAdapter} from '../../source/core/go-adapter.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {shellQuote} from '../e2e/tmux.js';

// GoAdapter.startAhead: `gotune doctor` starts its go env -json before its checks load; the run must be taken by the
// identical run() only, and an untaken one must not outlive the command.
describe('GoAdapter.startAhead', () => {
	let sandbox: TestSandbox;
	let bin: string;
	let log: string;
	beforeEach(async () => {
		sandbox = await makeSandbox();
		// The real go behind a wrapper that logs each start, and holds `go env GOVERSION` (the stop case) 20 s.
		bin = path.join(sandbox.dir, 'logging-go', 'go');
		log = path.join(sandbox.dir, 'go-runs.log');
		await mkdir(path.dirname(bin));
		await writeFile(
			bin,
			[
				'#!/bin/sh',
				`echo "$$ $*" >> ${shellQuote(log)}`,
				'if [ "$2" = GOVERSION ]; then exec sleep 20; fi',
				`exec ${shellQuote(sandbox.goBin)} "$@"`,
				'',
			].join('\n'),
		);
		await chmod(bin, 0o755);
	});
	afterEach(async () => sandbox.cleanup());

	const started = async () =>
		(await readFile(log, 'utf8').catch(() => ''))
			.trim()
			.split('\n')
			.filter(line => line !== '');

	it('the identical run takes the started go; another env or other arguments start their own', async () => {
		const go = new GoAdapter(bin, sandbox.env, sandbox.dir);
		const stop = go.startAhead(['env', '-json'], {env: {GOTOOLCHAIN: 'local'}});
		const [taken, otherEnv, otherArgs] = await Promise.all([
			new GoAdapter(bin, sandbox.env, sandbox.dir).run(['env', '-json'], {env: {GOTOOLCHAIN: 'local'}}),
			go.run(['env', '-json'], {env: {GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod'}}),
			go.run(['env', '-json', 'GOPATH'], {env: {GOTOOLCHAIN: 'local'}}),
		]);
		stop();
		expect(taken.exitCode).toBe(0);
		expect(JSON.parse(taken.stdout)).toHaveProperty('GOROOT');
		expect(otherEnv.exitCode).toBe(0);
		expect(otherArgs.exitCode).toBe(0);
		expect((await started()).map(line => line.replace(/^\d+ /, '')).sort()).toEqual(['env -json', 'env -json', 'env -json GOPATH']);
		// Taken once only: the next identical run starts go again.
		await go.run(['env', '-json'], {env: {GOTOOLCHAIN: 'local'}});
		expect(await started()).toHaveLength(4);
	});

	it('an untaken run is stopped by the function startAhead returns', async () => {
		const go = new GoAdapter(bin, sandbox.env, sandbox.dir);
		const stop = go.startAhead(['env', 'GOVERSION']);
		for (let i = 0; i < 100 && (await started()).length === 0; i++) await new Promise(resolve => setTimeout(resolve, 20));
		const pid = Number((await started())[0]!.split(' ')[0]);
		expect(isAlive(pid)).toBe(true);
		stop();
		for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise(resolve => setTimeout(resolve, 20));
		expect(isAlive(pid)).toBe(false);
	});
});

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
