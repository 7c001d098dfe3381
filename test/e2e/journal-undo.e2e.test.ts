import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {hasTmux, startTmux, type TmuxSession} from './tmux.js';

const tmuxInstalled = await hasTmux();
const ORIGINAL = '# laptop\nGOPROXY=https://old.example\nGOFLAGS=-mod=mod';

let sandbox: TestSandbox;
let session: TmuxSession | undefined;

beforeEach(async () => {
	sandbox = await makeSandbox();
	await writeFile(sandbox.env['GOENV']!, ORIGINAL);
});
afterEach(async () => {
	await session?.kill();
	session = undefined;
	await sandbox.cleanup();
});

async function profile(name: string, env: Record<string, string>): Promise<string> {
	const file = path.join(sandbox.dir, name);
	await writeFile(file, JSON.stringify({env}));
	return file;
}

describe.skipIf(!tmuxInstalled)('undo from the rollback log panel in a real terminal (tmux)', () => {
	it('shows changes live, U undoes this run, u undoes the selected change set; the file ends byte for byte as before', async () => {
		expect((await sandbox.cli(['apply', await profile('before.json', {GOPRIVATE: '*.corp.example'}), '--yes'])).exitCode).toBe(0);
		const base = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
		const s = (session = await startTmux([process.execPath, CLI, '--sandbox', sandbox.dir], {cols: 120, rows: 40, env: base}));
		await s.waitFor('Go commands found', 60_000);
		await s.send('Tab', 'Tab', 'Tab');
		await s.waitFor('❯ Rollback log');
		await s.waitFor(/GOPRIVATE unset → \*\.corp\./);

		// Another gotune applies a change while the wizard runs: the panel shows it without a key press.
		expect((await sandbox.cli(['apply', await profile('during.json', {GOSUMDB: 'off'}), '--yes'])).exitCode).toBe(0);
		await s.waitFor(/GOSUMDB +unset → off/);

		await s.send('U');
		await s.waitFor('Undo this run (1 set)? y/n');
		await s.send('y');
		await s.waitFor('Undid #2: 1 key restored.');
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).not.toMatch(/GOSUMDB/);

		await s.send('Down', 'u');
		await s.waitFor('Undo #1 (1 key)? y/n');
		await s.send('y');
		await s.waitFor('Undid #1: 1 key restored.');
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL);

		await s.send('q');
		expect(await s.exitStatus()).toBe(0);
		const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: Array<{status: string}>};
		expect(history.entries.map(e => e.status)).toEqual(['rolled-back', 'rolled-back']);
	});

	it('gotune apply in a terminal asks first: Ctrl-C exits 130 and n exits 1, both writing nothing; y applies', async () => {
		const file = await profile('team.json', {GOPRIVATE: '*.corp.example'});
		const base = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
		const apply = async () => (session = await startTmux([process.execPath, CLI, 'apply', file], {cols: 100, rows: 20, env: base}));

		let s = await apply();
		await s.waitFor('Apply 1 change to');
		await s.send('C-c');
		expect(await s.exitStatus()).toBe(130);
		await s.kill();
		s = await apply();
		await s.waitFor('[y/N]');
		await s.type('n');
		await s.send('Enter');
		expect(await s.exitStatus()).toBe(1);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL);
		await s.kill();

		s = await apply();
		await s.waitFor('[y/N]');
		await s.type('y');
		await s.send('Enter');
		expect(await s.exitStatus()).toBe(0);
		expect(await s.screen()).toContain('Applied change set #1 (1 key)');
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(`${ORIGINAL}\nGOPRIVATE=*.corp.example\n`);
	});
});
