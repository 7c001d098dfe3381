import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {DoctorReport} from '../../source/core/doctor.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {shellQuote} from '../e2e/tmux.js';

describe('gotune doctor runs each go command once, and go env without waiting for the other toolchains', () => {
	let sandbox: TestSandbox;
	beforeEach(async () => {
		sandbox = await makeSandbox();
	});
	afterEach(async () => sandbox.cleanup());

	// GOTOOLCHAIN comes from where go reads it (no `go env GOTOOLCHAIN`), and the GOFLAGS lock-out probe (`go version`)
	// runs only when GOFLAGS holds a flag: with none, one go env -json and discovery's go version are all.
	it('outside a module: one go env -json and one go version; go env starts while go version still runs', async () => {
		// The real go first on PATH, behind a wrapper that logs each run's start and end. Discovery's go version (the one
		// with GOENV=off) is held back one second: a slow toolchain the real machine could have, made certain here.
		const bin = path.join(sandbox.dir, 'logging-go');
		const log = path.join(sandbox.dir, 'go-runs.log');
		await mkdir(bin);
		await writeFile(
			path.join(bin, 'go'),
			[
				'#!/bin/sh',
				`echo "start $(date +%s%N) GOENV=$GOENV $*" >> ${shellQuote(log)}`,
				'if [ "$1" = version ] && [ "$GOENV" = off ]; then sleep 1; fi',
				`${shellQuote(sandbox.goBin)} "$@"`,
				'code=$?',
				`echo "end $(date +%s%N) GOENV=$GOENV $*" >> ${shellQuote(log)}`,
				'exit $code',
				'',
			].join('\n'),
		);
		await chmod(path.join(bin, 'go'), 0o755);
		const result = await sandbox.cli(['doctor', '--json'], {env: {PATH: `${bin}:${sandbox.env['PATH']}`}});
		expect(result.exitCode).toBe(0);
		expect((JSON.parse(result.stdout) as DoctorReport).go?.path).toBe(path.join(bin, 'go'));

		const runs = (await readFile(log, 'utf8'))
			.trim()
			.split('\n')
			.map(line => {
				const [event, time, goenv, ...args] = line.split(' ');
				return {event: event!, time: BigInt(time!), what: `${goenv === 'GOENV=off' ? 'GOENV=off ' : ''}${args.join(' ')}`};
			});
		const started = runs
			.filter(run => run.event === 'start')
			.map(run => run.what)
			.sort();
		expect(started).toEqual(['GOENV=off version', 'env -json']);
		const at = (event: string, what: string) => runs.find(run => run.event === event && run.what === what)!.time;
		expect(at('start', 'env -json')).toBeLessThan(at('end', 'GOENV=off version'));
	});
});
