import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {hasTmux, shellQuote, startTmux, type TmuxSession} from './tmux.js';
import {TOOLCHAIN_FINDINGS} from './wizard-helpers.js';

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
		await s.waitFor(TOOLCHAIN_FINDINGS, 60_000);
		// One Tab at a time: under load, keys sent back to back can reach the app in one read (seen as "\t\t").
		for (const panel of ['Build timing', 'Hit rates', 'Rollback log']) {
			await s.send('Tab');
			await s.waitFor(`❯ ${panel}`);
		}
		// The selected change set shows old → new whole: the value may wrap to the panel's next row (beside the step's).
		await s.waitFor(screen => /GOPRIVATE:? +unset →/.test(screen) && screen.includes('*.corp.example'));

		// Another gotune applies a change while the wizard runs: the panel shows it without a key press.
		expect((await sandbox.cli(['apply', await profile('during.json', {GOSUMDB: 'off'}), '--yes'])).exitCode).toBe(0);
		await s.waitFor(screen => /GOSUMDB:? +unset →( off|\s*║)/.test(screen));

		await s.send('U');
		await s.waitFor('Undo this run (1 set)? y/n');
		await s.send('y');
		await s.waitFor('Undid #2: 1 change restored.');
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).not.toMatch(/GOSUMDB/);

		await s.send('Down', 'u');
		await s.waitFor('Undo #1 (1 change)? y/n');
		await s.send('y');
		await s.waitFor('Undid #1: 1 change restored.');
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

	it("onboards from the repository's gotune.json, then offers to save what this run applied as a profile", async () => {
		const repo = path.join(sandbox.dir, 'repo');
		await mkdir(path.join(repo, '.git'), {recursive: true});
		await mkdir(path.join(repo, 'cmd', 'app'), {recursive: true});
		await writeFile(
			path.join(repo, 'gotune.json'),
			JSON.stringify({name: 'corp', env: {GOPRIVATE: '*.corp.example', GONOSUMDB: 'corp.example'}}),
		);
		const base = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
		const start = `cd ${shellQuote(path.join(repo, 'cmd', 'app'))} && exec ${shellQuote(process.execPath)} ${shellQuote(CLI)} --sandbox ${shellQuote(sandbox.dir)}`;
		const s = (session = await startTmux(['sh', '-c', start], {cols: 120, rows: 40, env: base}));
		await s.waitFor(`Team profile · ${repo}/gotune.json (corp)`, 60_000);
		await s.waitFor(/\[x\] GONOSUMDB +\(not set\) → corp\.example/);
		await s.send('Down', 'Space');
		await s.waitFor('Enter: apply 1 chosen');
		await s.send('Enter');
		await s.waitFor('Applied change set #1 (1 key)');
		await s.send('Enter');
		await s.waitFor(TOOLCHAIN_FINDINGS, 60_000);
		await s.send('q');
		const saved = path.join(repo, 'gotune.saved.json');
		await s.waitFor(`Save them as a team profile in ${saved}? [y/N]`);
		expect(await s.screen()).toContain('This run changed 1 Go setting: GOPRIVATE. Undo: gotune rollback --to 1');
		await s.type('y');
		await s.send('Enter');
		expect(await s.exitStatus()).toBe(0);
		expect(await s.screen()).toContain(`Saved. The same on another machine: gotune apply ${saved}`);
		expect(JSON.parse(await readFile(saved, 'utf8'))).toEqual({env: {GOPRIVATE: '*.corp.example'}});

		// Saving went through the journal too: rollback --all removes the saved file and restores the settings file.
		const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: Array<{key: string; origin: string}>};
		expect(history.entries.map(e => [e.key, e.origin])).toEqual([
			[saved, 'wizard:save-profile'],
			['GOPRIVATE', `profile:${repo}/gotune.json`],
		]);
		expect((await sandbox.cli(['rollback', '--all', '--yes'])).exitCode).toBe(0);
		await expect(readFile(saved)).rejects.toThrow(/ENOENT/);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toBe(ORIGINAL);
	});

	it('applying the whole team profile ends with the equivalent gotune apply command, without offering to save', async () => {
		const repo = path.join(sandbox.dir, 'repo');
		await mkdir(path.join(repo, '.git'), {recursive: true});
		await writeFile(path.join(repo, 'gotune.json'), JSON.stringify({env: {GOPRIVATE: '*.corp.example', GOFLAGS: '-mod=mod'}}));
		const base = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
		const start = `cd ${shellQuote(repo)} && exec ${shellQuote(process.execPath)} ${shellQuote(CLI)} --sandbox ${shellQuote(sandbox.dir)}`;
		const s = (session = await startTmux(['sh', '-c', start], {cols: 100, rows: 30, env: base}));
		await s.waitFor('Enter: apply 1 chosen', 60_000);
		expect(await s.screen()).toMatch(/GOFLAGS +-mod=mod \(unchanged\)/);
		await s.send('Enter');
		await s.waitFor('Applied change set #1 (1 key)');
		await s.send('Enter');
		await s.waitFor(TOOLCHAIN_FINDINGS, 60_000);
		await s.send('q');
		expect(await s.exitStatus()).toBe(0);
		const screen = await s.screen();
		expect(screen).toContain(`The same on another machine: gotune apply ${repo}/gotune.json`);
		expect(screen).not.toContain('Save them');
	});
});
