import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {hasTmux, shellQuote, startTmux, tmuxSocketName, type TmuxSession} from './tmux.js';
import {scrollUntil, stepText, TOOLCHAIN_FINDINGS} from './wizard-helpers.js';

const tmuxInstalled = await hasTmux();

let sandbox: TestSandbox;
let session: TmuxSession | undefined;
let goVersion: string;

beforeEach(async () => {
	sandbox = await makeSandbox();
	goVersion = /go version (\S+)/.exec((await sandbox.go.run(['version'], {env: {GOTOOLCHAIN: 'local'}})).stdout)![1]!;
});
afterEach(async () => {
	await session?.kill();
	session = undefined;
	await sandbox.cleanup();
});

/** The built wizard in a real terminal, with the sandbox's environment and nothing else. */
async function wizard({cols = 100, rows = 30, env = {}}: {cols?: number; rows?: number; env?: Record<string, string>} = {}) {
	const base = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
	session = await startTmux([process.execPath, CLI, '--sandbox', sandbox.dir], {cols, rows, env: {...base, ...env}});
	return session;
}

/** The findings are on screen; by then raw mode is long on (ink.md §3.7: keys sent before it are lost). */
async function untilFindings(s: TmuxSession): Promise<string> {
	return s.waitFor(TOOLCHAIN_FINDINGS, 60_000);
}

describe.skipIf(!tmuxInstalled)('wizard in a real terminal (tmux)', () => {
	it('shows the Toolchain findings of the real go, Tab reaches a panel, q exits 0 with the terminal restored', async () => {
		const s = await wizard({cols: 100, rows: 30});
		const screen = await untilFindings(s);
		expect(screen).toMatch(new RegExp(`SANDBOX +${sandbox.dir.replaceAll('/', '\\/')}`));
		expect(screen).toContain('[1 Toolchain]');
		// The go under test is first on the sandbox's PATH, so it is the one that runs.
		expect(stepText(screen)).toMatch(new RegExp(`❯ /.*go ${goVersion.replaceAll('.', '\\.')} runs when you type go`));
		expect(stepText(await scrollUntil(s, /release table of \d{4}-\d{2}-\d{2}/, 'Down'))).toMatch(/release table of \d{4}-\d{2}-\d{2}/);
		expect(stepText(await scrollUntil(s, /Toolchain checks/, 'Down'))).toContain('Toolchain checks');
		await s.send('Tab');
		await s.waitFor('❯ Build timing');
		expect(await s.screen()).toContain('Esc back to step');
		await s.send('Tab');
		await s.waitFor('❯ Hit rates');
		await s.send('q');
		expect(await s.exitStatus()).toBe(0);
		const after = await s.screen();
		expect(after).toMatch(/(^|\s)icanon(\s|$)/m);
		expect(after).toMatch(/(^|\s)echo(\s|$)/m);
		expect(await s.cursorVisible()).toBe(true);
	});

	it('draws its first frame before it runs any go', async () => {
		// A go first on PATH that photographs the terminal the first time it is run, then runs the real go.
		const socket = tmuxSocketName();
		const bin = path.join(sandbox.dir, 'first-go-bin');
		const photo = path.join(sandbox.dir, 'screen-at-first-go.txt');
		await mkdir(bin);
		await writeFile(
			path.join(bin, 'go'),
			[
				'#!/bin/sh',
				`if (set -C; : > ${shellQuote(`${photo}.lock`)}) 2>/dev/null; then`,
				`  tmux -L ${shellQuote(socket)} capture-pane -p -t app > ${shellQuote(photo)}`,
				'fi',
				`exec ${shellQuote(sandbox.goBin)} "$@"`,
				'',
			].join('\n'),
		);
		await chmod(path.join(bin, 'go'), 0o755);
		const env = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
		session = await startTmux([process.execPath, CLI, '--sandbox', sandbox.dir], {socket, env: {...env, PATH: `${bin}:${env['PATH']}`}});
		await untilFindings(session);
		const atFirstGo = await readFile(photo, 'utf8');
		expect(atFirstGo).toContain('[1 Toolchain]');
		// The whole shell was on screen, and nothing that needs go yet.
		expect(atFirstGo).toContain('SANDBOX');
		expect(atFirstGo).toContain('q quit');
		expect(TOOLCHAIN_FINDINGS(atFirstGo)).toBe(false);
		await session.send('q');
		expect(await session.exitStatus()).toBe(0);
	});

	it('Ctrl-C exits 130 and leaves the terminal in cooked mode with the cursor shown', async () => {
		const s = await wizard();
		await untilFindings(s);
		await s.send('C-c');
		expect(await s.exitStatus()).toBe(130);
		const after = await s.screen();
		expect(after).toMatch(/(^|\s)icanon(\s|$)/m);
		expect(after).not.toContain('-icanon');
		expect(await s.cursorVisible()).toBe(true);
	});

	it('Ctrl-C at the very first frame, while go is still being asked, also exits 130 with the tty restored', async () => {
		const s = await wizard();
		// Whether raw mode is on yet (Ink gets \x03) or not (the tty driver sends SIGINT), the answer is the same.
		await s.waitFor('[1 Toolchain]');
		await s.send('C-c');
		expect(await s.exitStatus()).toBe(130);
		expect(await s.screen()).toMatch(/(^|\s)icanon(\s|$)/m);
		expect(await s.cursorVisible()).toBe(true);
	});

	it('fits 80x24 with the empty panels in one summary line, and scrolls to every tracked key', async () => {
		const s = await wizard({cols: 80, rows: 24});
		const screen = await untilFindings(s);
		expect(screen).toContain('Panels: no builds measured yet · no changes applied · Tab to open');
		expect(screen.split('\n').every(line => [...line].length <= 80)).toBe(true);
		// The last tracked key is at the bottom: as many pages as it takes (a go in the module cache wraps its paths).
		expect(await scrollUntil(s, /GOTELEMETRY/, 'PageDown', 30)).toContain('GOTELEMETRY');
		// --sandbox leaves GOCACHE to go's default, inside the sandbox (sandboxOverrides); a long GOROOT may push it up.
		const gocache = new RegExp(`GOCACHE +${sandbox.dir.replaceAll('/', '\\/')}\\/home\\/\\.cache\\/go-build +\\[default\\]`);
		expect(await scrollUntil(s, gocache, 'Up')).toMatch(gocache);
		await s.send('Tab', 'Tab');
		await s.waitFor('[Hit rates]');
		await s.send('q');
		expect(await s.exitStatus()).toBe(0);
	});

	it('diagnoses a GOFLAGS lock-out in the GOENV file and shows the exact repair', async () => {
		await writeFile(sandbox.env['GOENV']!, 'GOFLAGS=-notaflag\n');
		const s = await wizard({cols: 120, rows: 40});
		await untilFindings(s);
		const screen = await s.waitFor('✗ GOFLAGS=-notaflag');
		expect(screen).toContain('makes every go command fail');
		expect(screen).toContain('GOFLAGS=-notaflag (from the GOENV file)');
		// The repair names the go binary: with a long path it wraps inside the box.
		expect(stepText(await scrollUntil(s, /\/go env -u GOFLAGS/, 'Down'))).toMatch(/\/go env -u GOFLAGS/);
		await s.send('q');
		expect(await s.exitStatus()).toBe(0);
	});

	it('--ascii draws no box-drawing characters or Unicode symbols', async () => {
		session = await startTmux([process.execPath, CLI, '--sandbox', sandbox.dir, '--ascii'], {
			env: Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined)),
		});
		const screen = await untilFindings(session);
		expect(screen).toMatch(/^[\x20-\x7e\n]*$/);
		expect(screen).toContain('+---');
		await session.send('q');
		expect(await session.exitStatus()).toBe(0);
	});

	it('NO_COLOR turns colour off; without it the same screen is coloured', async () => {
		const sgrColour = /\u001B\[[0-9;]*(3[0-7]|9[0-7]|38;5;\d+)m/;
		const coloured = await wizard();
		expect(await untilFindings(coloured).then(() => coloured.screen({escapes: true}))).toMatch(sgrColour);
		await coloured.kill();
		const plain = await wizard({env: {NO_COLOR: '1'}});
		await untilFindings(plain);
		expect(await plain.screen({escapes: true})).not.toMatch(sgrColour);
	});

	it('does not start without a terminal, or with CI set: one line pointing to gotune doctor, exit 2', async () => {
		const piped = await sandbox.cli(['--sandbox', sandbox.dir]);
		expect(piped.exitCode).toBe(2);
		expect(piped.stdout).toBe('');
		expect(String(piped.stderr).trim().split('\n')).toHaveLength(1);
		expect(piped.stderr).toContain('gotune doctor');

		// A real terminal, but CI set: Ink would show nothing until exit, so the wizard must not start.
		const ci = await wizard({env: {CI: 'true'}});
		expect(await ci.exitStatus()).toBe(2);
		expect((await ci.screen()).replaceAll('\n', '')).toContain('use `gotune doctor`');
		expect(await ci.screen()).not.toContain('Toolchain');
	});

	it('a terminal shrunk to 12x6 shows one "too small" line and keeps answering; grown back, the frame is redrawn; Ctrl-C exits 130 (issue 7)', async () => {
		const s = await wizard({cols: 100, rows: 30});
		await untilFindings(s);
		await s.resize(12, 6);
		await s.waitFor('Terminal too');
		expect(TOOLCHAIN_FINDINGS(await s.screen())).toBe(false);
		await s.resize(100, 30);
		const screen = await s.waitFor(TOOLCHAIN_FINDINGS);
		expect(screen).toContain('[1 Toolchain]');
		expect(screen).not.toContain('Terminal too');
		await s.resize(1, 1);
		await s.resize(17, 30);
		await s.waitFor('Terminal too');
		await s.send('C-c');
		expect(await s.exitStatus()).toBe(130);
	});
});
