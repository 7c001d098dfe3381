import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {hasTmux, startTmux, type TmuxSession} from './tmux.js';
import {TOOLCHAIN_FINDINGS} from './wizard-helpers.js';

const tmuxInstalled = await hasTmux();

let sandbox: TestSandbox;
let session: TmuxSession | undefined;

beforeEach(async () => {
	sandbox = await makeSandbox({extraEnv: {SHELL: '/bin/bash'}});
});
afterEach(async () => {
	await session?.kill();
	session = undefined;
	await sandbox.cleanup();
});

describe.skipIf(!tmuxInstalled)('Toolchain step: use a go from the list in a real terminal (tmux)', () => {
	it('u writes the PATH block and a new bash proves it; the wizard keeps its terminal afterwards', async () => {
		const env = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
		const s = (session = await startTmux([process.execPath, CLI, '--sandbox', sandbox.dir], {cols: 120, rows: 40, env}));
		await s.waitFor(TOOLCHAIN_FINDINGS, 60_000);
		await s.send('g');
		await s.waitFor('newest first');
		await s.send('u');
		await s.waitFor('[y/N]', 30_000);
		await s.send('y');
		// bash -i is the proof: run without a session of its own, it took the terminal and the wizard died on EIO.
		await s.waitFor(/Proof: a new shell \(\/bin\/bash -i -c\) runs/, 30_000);
		await s.send('Enter');
		await s.waitFor(TOOLCHAIN_FINDINGS, 60_000);
		expect(await readFile(path.join(sandbox.env['HOME']!, '.bashrc'), 'utf8')).toContain('# >>> gotune install-go >>>');
		await s.send('q');
		expect(await s.exitStatus()).toBe(0);
	});
});
