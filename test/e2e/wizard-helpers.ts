// What the tmux tests of the wizard share (journey.e2e.test.ts, install-interrupt.e2e.test.ts): keys, the settings
// a run must leave as they were, the journal as gotune history reports it, the terminal after exit.
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {expect} from 'vitest';
import type {TestSandbox} from '../helpers/sandbox.js';
import type {ScreenTest, TmuxSession} from './tmux.js';

/** Start-up files a tool could append an export to: an interrupted or undone run must leave every one as it was. */
export const STARTUP_FILES = ['.profile', '.bashrc', '.bash_profile', '.zshrc', '.zshenv', '.config/fish/config.fish'];

export const exists = (file: string) =>
	stat(file).then(
		() => true,
		() => false,
	);

/**
 * The Toolchain step's findings are on screen: its summary's counts, the first row of them (everything below may be
 * under the fold when the paths are long: a go in a deep checkout wraps over several rows, and the counts themselves
 * may wrap, with a panel beside them). By then raw mode is long on (ink.md §3.7: keys sent before it are lost).
 */
export const TOOLCHAIN_FINDINGS: ScreenTest = Object.assign(
	(screen: string) => COUNTS.test(stepText(screen)) || COUNTS.test(asciiStepText(screen)),
	{
		description: 'the Toolchain summary (N errors, N warnings)',
	},
);
const COUNTS = /\d+ errors?, \d+ warnings?/;

/** stepText for --ascii, whose box is drawn with | (a | inside the text may cut a row short: fine for the summary). */
function asciiStepText(screen: string): string {
	return screen
		.split('\n')
		.map(line => /^\|(.*?)\|/.exec(line)?.[1]?.trim() ?? '')
		.filter(Boolean)
		.join(' ')
		.replace(/\s+/g, ' ');
}

/** Each key on its own, waiting for what it should bring: under load, keys sent back to back can arrive in one read. */
export async function press(s: TmuxSession, key: string, expect: string | RegExp, timeoutMs = 30_000) {
	await s.send(key);
	return s.waitFor(onScreen(expect), timeoutMs);
}

/** TEXT as drawn, or in the step's text (stepText: a sentence the box wraps at 80 columns still counts as one row). */
export function onScreen(text: string | RegExp): ScreenTest {
	const found = (where: string) => (typeof text === 'string' ? where.includes(text) : text.test(where));
	return Object.assign((screen: string) => found(screen) || found(stepText(screen)), {description: String(text)});
}

/** The GOENV file's bytes and the start-up files' (null: no such file), as ENV (the wizard's environment) names them. */
export async function settingsSnapshot(env: Record<string, string>) {
	const read = (file: string) => readFile(file, 'utf8').catch(() => null);
	const home = env['HOME']!;
	return {
		goenv: await read(env['GOENV']!),
		startup: Object.fromEntries(await Promise.all(STARTUP_FILES.map(async name => [name, await read(path.join(home, name))] as const))),
	};
}

/** The journal's change sets as gotune history --json reports them. */
export async function journalEntries(sandbox: TestSandbox, env: Record<string, string>): Promise<Array<{status: string; key: string}>> {
	const run = await sandbox.cli(['history', '--json'], {env});
	return (JSON.parse(run.stdout) as {entries: Array<{status: string; key: string}>}).entries;
}

/** After exit, the terminal is usable again: canonical mode and echo on (the pane's stty line), the cursor shown. */
export async function expectTerminalUsable(s: TmuxSession) {
	const after = await s.screen();
	expect(after).toMatch(/(^|\s)icanon(\s|$)/m);
	expect(after).toMatch(/(^|\s)echo(\s|$)/m);
	expect(await s.cursorVisible()).toBe(true);
}

/**
 * The step box's text (between its ║ borders) as one line, runs of spaces collapsed: what a row says whether the
 * terminal is wide enough for it or wraps it (a go in the module cache has a path longer than the box).
 */
export function stepText(screen: string): string {
	return screen
		.split('\n')
		.map(line => /║(.*?)║/.exec(line)?.[1]?.trim() ?? '')
		.filter(Boolean)
		.join(' ')
		.replace(/\s+/g, ' ');
}

/**
 * Presses KEY until PATTERN is on screen, as drawn or in the step's text (stepText: rows it wraps count as one), at
 * most TIMES presses: a row below or above the fold is scrolled to.
 */
export async function scrollUntil(s: TmuxSession, pattern: RegExp, key: string, times = 12): Promise<string> {
	const seen = (screen: string) => pattern.test(screen) || pattern.test(stepText(screen));
	let screen = await s.screen();
	for (let i = 0; i < times && !seen(screen); i++) {
		await s.send(key);
		await new Promise(resolve => setTimeout(resolve, 150));
		screen = await s.screen();
	}
	return screen;
}
