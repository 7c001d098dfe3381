// The whole journey in a real terminal (issue 13): the built wizard in tmux, in a sandbox, against loopback GOPROXY
// mirrors serving the demo's modules, walked with the keyboard through every step, then undone from the rollback log
// panel; plus the terminal cases (80x24, resize, --ascii, NO_COLOR) and Ctrl-C during each step's long work.
//
// The wizard runs with the sandbox's environment but WITHOUT GOCACHE/GOMODCACHE in it: those two are set in the
// sandbox's GOENV file instead, as for a user who ran go env -w. With --sandbox they would be OS variables, which
// override go env -w, so the Cache step (rightly) refuses to move them.
import {cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {loadDemoModules, noSumDbPatterns} from '../../demo/modules.js';
import {fileList} from '../helpers/file-list.js';
import {refusedPort, startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {CLI, makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';
import {hasTmux, shellQuote, startTmux, type TmuxSession} from './tmux.js';
import {
	exists,
	expectTerminalUsable,
	journalEntries,
	onScreen,
	press,
	settingsSnapshot,
	stepText,
	TOOLCHAIN_FINDINGS,
} from './wizard-helpers.js';

const tmuxInstalled = await hasTmux();
const LONG = 90_000;

type Proxy = Awaited<ReturnType<typeof startModuleProxy>>;
let modules: ProxyModule[];
let slow: Proxy;
let fast: Proxy;
let refused: string;

type World = {
	sandbox: TestSandbox;
	project: string;
	gocache: string;
	gomodcache: string;
	/** What the wizard sees: the sandbox's environment without GOCACHE/GOMODCACHE (they come from the GOENV file). */
	env: Record<string, string>;
	/** A fresh directory on /dev/shm (tmpfs: another filesystem than the sandbox) for the cache moves. */
	shm: string;
};

let world: World | undefined;
let session: TmuxSession | undefined;

beforeAll(async () => {
	if (!tmuxInstalled) return;
	modules = await loadDemoModules(path.join(REPO_ROOT, 'demo', 'modules'));
	// As in npm run demo: two mirrors of the same modules, the slow one first in GOPROXY, so the Proxy step has a real choice.
	[slow, fast] = await Promise.all([startModuleProxy(modules, {latencyMs: 150}), startModuleProxy(modules)]);
	refused = `http://127.0.0.1:${await refusedPort()}`;
});
afterAll(async () => {
	await Promise.all([slow?.close(), fast?.close()]);
});
afterEach(async () => {
	await session?.kill();
	session = undefined;
	if (world) {
		// A failed test may leave a moved cache on /dev/shm; the module cache is read-only.
		await execa('chmod', ['-R', 'u+w', world.shm], {reject: false});
		await rm(world.shm, {recursive: true, force: true});
		await world.sandbox.cleanup();
	}
	world = undefined;
});

const strip = (env: Record<string, string | undefined>) =>
	Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** A sandbox whose GOENV file sets GOPROXY (slow mirror first), GONOSUMDB and both caches; the demo project without go.mod. */
async function makeWorld({goMod = false, defaults}: {goMod?: boolean; defaults?: string} = {}): Promise<World> {
	const sandbox = await makeSandbox();
	const {GOCACHE: gocache, GOMODCACHE: gomodcache, ...rest} = strip(sandbox.env);
	// The Proxy step probes GOTUNE_PROXY_DEFAULTS instead of the public proxies: loopback only (a refused port, too).
	const env: Record<string, string> = {...rest, GOTUNE_PROXY_DEFAULTS: defaults ?? `${fast.url},${refused}`};
	const go = (args: string[], cwd = sandbox.dir) =>
		execa(sandbox.goBin, args, {cwd, env, extendEnv: false, reject: false, timeout: 60_000});
	const set = await go([
		'env',
		'-w',
		`GOPROXY=${slow.url},${fast.url}`,
		`GONOSUMDB=${noSumDbPatterns(modules)}`,
		`GOCACHE=${gocache!}`,
		`GOMODCACHE=${gomodcache!}`,
	]);
	if (set.exitCode !== 0) throw new Error(set.stderr);
	const project = path.join(sandbox.dir, 'home', 'src', 'filetop');
	await cp(path.join(REPO_ROOT, 'demo', 'project'), project, {recursive: true});
	if (goMod) {
		for (const args of [
			['mod', 'init', 'example.net/filetop'],
			['mod', 'tidy'],
		]) {
			const run = await go(args, project);
			if (run.exitCode !== 0) throw new Error(`go ${args.join(' ')}: ${run.stderr}`);
		}
	}
	// go writes a few entries into GOCACHE on its first runs: let that happen before anything is recorded as "before".
	await go(['list', '-m'], project);
	const home = env['HOME']!;
	await writeFile(path.join(home, '.profile'), '# sandbox profile\nexport PATH="$HOME/bin:$PATH"\n');
	await writeFile(path.join(home, '.bashrc'), 'alias ll="ls -l"\n');
	const shm = await mkdtemp('/dev/shm/gotune-journey-');
	world = {sandbox, project, gocache: gocache!, gomodcache: gomodcache!, env, shm};
	return world;
}

/** gotune in a real terminal, started in the project directory. */
async function wizard(
	w: World,
	{
		cols = 120,
		rows = 40,
		args = [],
		env = {},
		rawLog,
	}: {cols?: number; rows?: number; args?: string[]; env?: Record<string, string>; rawLog?: string} = {},
) {
	const start = `cd ${shellQuote(w.project)} && exec ${[process.execPath, CLI, ...args].map(shellQuote).join(' ')}`;
	session = await startTmux(['sh', '-c', start], {cols, rows, env: {...w.env, ...env}, ...(rawLog ? {rawLog} : {})});
	return session;
}

/** Everything the journey must leave as it was: the GOENV file's bytes, the start-up files, the project's files. */
async function snapshot(w: World) {
	return {...(await settingsSnapshot(w.env)), project: (await fileList(w.project)).map(line => line.split(' ')[0])};
}

/** File names (no sizes or times) under DIR. */
const names = async (dir: string) => (await fileList(dir)).map(line => line.split(' ')[0]!);

/** Focus the rollback log panel: Tab moves through build timing and hit rates first. */
async function focusRollbackLog(s: TmuxSession) {
	// The pointer is > with --ascii.
	for (const panel of ['Build timing', 'Hit rates', 'Rollback log']) await press(s, 'Tab', new RegExp(`[❯>] ${panel}`));
}

/** In the Cache step's overview: both caches counted (a move is only offered once counting is done). */
async function cachesCounted(s: TmuxSession) {
	return s.waitFor(/GOCACHE +[\d.]+ \w+ in [\d,]+ files[\s\S]*GOMODCACHE +([\d.]+ \w+ in [\d,]+ files|does not exist yet)/, LONG);
}

/** Move the cache under the cursor to TO through the Cache step: m, type the path, Enter, y. */
async function moveCache(s: TmuxSession, key: 'GOCACHE' | 'GOMODCACHE', to: string) {
	// m is ignored while the step re-counts the caches after a move (nothing queues it): press it until the targets show.
	for (let tries = 0; ; tries++) {
		try {
			await press(s, 'm', `Move ${key} to`, 5000);
			break;
		} catch (error) {
			if (tries >= 20) throw error;
		}
	}
	await press(s, 'p', `New ${key}:`);
	await s.type(to);
	// /dev/shm is tmpfs: the step must see another filesystem and plan a copy.
	await s.waitFor('another filesystem: copy and verify', LONG);
	await press(s, 'Enter', `Move ${key} to ${to}: copy`);
	await press(s, 'y', new RegExp(`Moved ${key} to ${to.replaceAll('/', '\\/')} \\(copy, \\d+ files`), LONG);
}

/** Box corners and sides of the three border styles in use: round, double (the focused box) and --ascii's classic. */
const TOP_LEFT = new Set(['╭', '╔', '+', '┌']);
const TOP_RIGHT = new Set(['╮', '╗', '+', '┐']);
const BOTTOM_LEFT = new Set(['╰', '╚', '+', '└']);
const BOTTOM_RIGHT = new Set(['╯', '╝', '+', '┘']);
const SIDE = new Set(['│', '║', '|']);

/**
 * Problems with the frame on SCREEN (empty when none): every row fits COLS; between the header row and the footer
 * row, each column range in RANGES holds whole boxes stacked on each other (a top row with both corners, sides on
 * every row, a bottom row with both corners), so no content has pushed a border out of place.
 */
function frameProblems(screen: string, cols: number, ranges: Array<[number, number]>): string[] {
	const lines = screen.split('\n');
	const problems: string[] = [];
	lines.forEach((line, i) => {
		if ([...line].length > cols) problems.push(`row ${i} is ${[...line].length} columns wide`);
	});
	const footer = lines.findLastIndex(line => line.trim() !== '');
	if (!/q quit/.test(lines[footer] ?? '')) problems.push(`the last row is not the footer: ${lines[footer]}`);
	for (const [from, to] of ranges) {
		let inBox = false;
		let boxes = 0;
		for (let row = 1; row < footer; row++) {
			const cells = [...(lines[row] ?? '')].slice(from, to);
			const [first, last] = [cells[0] ?? ' ', cells[to - from - 1] ?? ' '];
			if (!inBox) {
				if (TOP_LEFT.has(first) && TOP_RIGHT.has(last)) inBox = true;
				// Empty panels: one summary line under the step's box at any width, no box of their own.
				else if (boxes > 0 && /^Panels[: ]/.test(lines[row] ?? '')) continue;
				else problems.push(`row ${row}, columns ${from}-${to - 1}: expected a box's top, got ${JSON.stringify(cells.join(''))}`);
			} else if (BOTTOM_LEFT.has(first) && BOTTOM_RIGHT.has(last) && cells.slice(1, -1).every(c => !SIDE.has(c))) {
				inBox = false;
				boxes++;
			} else if (!(SIDE.has(first) && SIDE.has(last))) {
				problems.push(`row ${row}, columns ${from}-${to - 1}: a border is out of place: ${JSON.stringify(cells.join(''))}`);
			}
		}
		if (inBox) problems.push(`columns ${from}-${to - 1}: the last box has no bottom before the footer`);
		if (boxes === 0) problems.push(`columns ${from}-${to - 1}: no box`);
	}
	return problems;
}

/**
 * The frame's problems once it has settled: tmux can capture the pane while a redraw is still arriving, so a frame
 * with problems is looked at again (for a few seconds) before they are reported.
 */
async function settledFrameProblems(s: TmuxSession, cols: number): Promise<{problems: string[]; screen: string}> {
	let last = {problems: [] as string[], screen: ''};
	for (let tries = 0; tries < 40; tries++) {
		const screen = await s.screen();
		last = {problems: frameProblems(screen, cols, rangesFor(cols, screen)), screen};
		if (last.problems.length === 0) break;
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return last;
}

/**
 * The layouts gotune draws on SCREEN: panels beside the step from 100 columns (34 wide), under it below; while every
 * panel is empty, one summary line under the step at any width (the step's box as wide as the terminal).
 */
const rangesFor = (cols: number, screen: string): Array<[number, number]> =>
	cols >= 100 && !/^Panels[: ]/m.test(screen)
		? [
				[0, cols - 34],
				[cols - 34, cols],
			]
		: [[0, cols]];

/**
 * Through every step with Enter, in a project that has a go.mod: AT is called with each step's first screen once
 * it has its content. The Proxy step is passed the only way it offers: apply (nothing changes if the order in force
 * is already the best) and prove.
 */
async function walkSteps(s: TmuxSession, at: (step: string, screen: string) => Promise<void> | void) {
	await at('Toolchain', await s.waitFor(TOOLCHAIN_FINDINGS, LONG));
	await press(s, 'Enter', '[2 Module]');
	await at('Module', await s.waitFor(/go\.mod/, LONG));
	await s.waitFor('continue to the next step', LONG);
	await press(s, 'Enter', '[3 Proxy]');
	await at('Proxy', await s.waitFor('Probed 3 candidates', LONG));
	await press(s, 'Enter', 'y apply and prove');
	// The proof's sentence wraps at 80 columns: wait for its start, then look for the word.
	await at('Proxy done', await press(s, 'y', /Applied as change set #\d+|Nothing was written/, LONG));
	expect(await s.screen()).toMatch(/Proof:/);
	await press(s, 'Enter', '[4 Cache]');
	await at('Cache', await s.waitFor(/GOMODCACHE +[\d.]+ \w+ in [\d,]+ files/, LONG));
	await press(s, 'Enter', '[5 Verify]');
	await at('Verify', await s.screen());
}

/** Non-ASCII characters on SCREEN: box drawing, arrows, marks, pointers, Ink's "…", separators all count. */
const nonAscii = (screen: string) => [...new Set(screen.replace(/[\x20-\x7e\n]/g, ''))].join('');

/** q, and no to the end-of-run offer to save what this run applied as a profile (when it comes): exit 0. */
async function quit(s: TmuxSession) {
	await s.send('q');
	const screen = await s.waitFor(/\[tty\]|Save them as a team profile/, LONG);
	if (!screen.includes('[tty]')) {
		await s.type('n');
		await s.send('Enter');
	}
	expect(await s.exitStatus(LONG)).toBe(0);
}

describe.skipIf(!tmuxInstalled)('the whole journey in a real terminal (tmux)', () => {
	it('at 80x24, the size an SSH session gets: walks Toolchain, Module, Proxy, Cache and Verify with the keyboard, then undoes the whole run from the rollback log', async () => {
		const w = await makeWorld();
		const before = await snapshot(w);
		const cacheBefore = await names(w.gocache);
		const rawLog = path.join(w.sandbox.dir, 'pane-output.raw');
		const s = await wizard(w, {rawLog, cols: 80, rows: 24});

		// 1 Toolchain: the real go's findings.
		await s.waitFor(TOOLCHAIN_FINDINGS, LONG);
		expect(await s.screen()).toContain('[1 Toolchain]');
		await press(s, 'Enter', '[2 Module]');

		// 2 Module: go mod init with the suggested path, then go mod tidy through the loopback proxy.
		await s.waitFor(onScreen(`Create go.mod in ${w.project}`), LONG);
		await press(s, 'Enter', 'Module path:');
		await s.waitFor(onScreen('go mod init accepts this path'), LONG);
		await press(s, 'Enter', 'y create go.mod', LONG);
		await press(s, 'y', 't run go mod tidy', LONG);
		const tidied = await press(s, 't', 'go.sum created', LONG);
		expect(stepText(tidied)).toMatch(/go mod tidy: downloaded .*example\.com\/tune\/table/);
		expect(await exists(path.join(w.project, 'go.mod'))).toBe(true);
		await press(s, 'Enter', '[3 Proxy]');

		// 3 Proxy: every candidate probed at once (two mirrors, one refused port), the faster mirror first, applied, proved.
		const probed = await s.waitFor(onScreen(/Probed 3 candidates/), LONG);
		expect(stepText(probed)).toContain(`${refused.split(':')[2]} refused the connection`);
		await press(s, 'Enter', 'y apply and prove');
		expect(await s.screen()).toContain(`GOPROXY=${fast.url}`);
		// The step keeps its outcome, the last thing it draws, on screen (the viewport follows the end once it has
		// measured the new rows).
		const proved = await press(s, 'y', /Proof: go downloaded \S+ through the new settings in [\d.]+ s\./, LONG);
		// go's own request lines, unmasked: a proxy path's /@v/ is not a credential.
		expect(stepText(proved)).toMatch(/get http:\/\/127\.0\.0\.1:\d+\/example\.com\/tune\//);
		expect(proved).not.toContain('***@v');
		// The faster mirror first, the slower one on any error ("|"), then direct (Go's rules, explained on screen).
		expect(await readFile(w.env['GOENV']!, 'utf8')).toContain(`GOPROXY=${fast.url}|${slow.url},direct\n`);
		await press(s, 'Enter', '[4 Cache]');

		// 4 Cache: both caches to /dev/shm (another filesystem: copied and verified), each its own change set.
		await cachesCounted(s);
		const newCache = path.join(w.shm, 'go-build');
		const newModcache = path.join(w.shm, 'mod');
		await moveCache(s, 'GOCACHE', newCache);
		await press(s, 'Enter', 'm move');
		await cachesCounted(s);
		await press(s, 'Down', /❯ GOMODCACHE|> GOMODCACHE/);
		await moveCache(s, 'GOMODCACHE', newModcache);
		expect(await exists(w.gocache)).toBe(false);
		expect(await exists(w.gomodcache)).toBe(false);
		expect(await names(newModcache)).toContainEqual(
			expect.stringMatching(/^cache\/download\/example\.com\/tune\/table\/@v\/v0\.3\.0\.zip$/),
		);
		await press(s, 'Enter', 'm move');
		await press(s, 'Enter', '[5 Verify]');

		// 5 Verify: one run of each kind (cold, warm, incremental) of the project, measured with the real go; both
		// panels fill with real numbers (the hit-rate gauge shows hits/total, the timing panel a duration per kind).
		await s.waitFor(onScreen('m measure'), LONG);
		await press(s, '-', /2 runs of each/);
		await press(s, '-', /1 run of each/);
		await press(s, 'm', 'Measuring', LONG);
		const measured = await s.waitFor(onScreen('measure again'), 480_000);
		// Redrawn in place: the builds streamed into the panels as line-by-line updates (incremental rendering, fixed
		// for Ink 6.8 at bundle time), and no frame landed lower than the last (the 6.8 bug left copies in the scrollback).
		expect(frameProblems(measured, 80, rangesFor(80, measured)), measured).toEqual([]);
		expect((await s.history()).match(/q quit/g)).toHaveLength(1);
		// Every changed line is cleared before it is written (ESC[1G ESC[K, then the text), never after: an erase right
		// after a line that fills the last column removes its last character in xterm-like terminals (tmux does not).
		const sent = await readFile(rawLog, 'latin1');
		expect(sent.split('\u001B[K').length).toBeGreaterThan(10);
		expect(sent.split('\u001B[K').length).toBe(sent.split('\u001B[1G\u001B[K').length);
		// Under 100 columns the panels are tabs below the step: each one shown in turn, then the rollback log focused.
		// The shown tab is in brackets; Tab moves the focus to the panels (the footer says so), then from tab to tab.
		const timing = await press(s, 'Tab', /\[Build timing\][\s\S]*Tab next panel/);
		expect(timing).toMatch(/cold[^\n]*\d+(\.\d+)? (ms|s)\b/);
		expect(timing).toMatch(/incremental[^\n]*\d+(\.\d+)? (ms|s)\b/);
		expect(await press(s, 'Tab', /\[Hit rates\]/)).toMatch(/\d+% \d+\/\d+/);
		await press(s, 'Tab', /\[Rollback log\]/);
		// The rollback log: undo everything this run changed (go.mod, GOPROXY, both moves).
		// Six change sets: go.mod created, go.mod and go.sum written by tidy, GOPROXY, each cache move; newest first.
		await press(s, 'U', 'Undo this run (6 sets)? y/n');
		await press(s, 'y', /Undid #6 #5 #4 #3 #2 #1: 8\s/, LONG);
		await s.send('q');
		expect(await s.exitStatus(LONG)).toBe(0);

		// Exactly as before: the GOENV file's bytes, the start-up files, the project (go.mod and go.sum gone).
		expect(await snapshot(w)).toEqual(before);
		expect(await exists(path.join(w.project, 'go.sum'))).toBe(false);
		// Both caches are back where they were, with their files; nothing is left on /dev/shm.
		expect(await names(w.gocache)).toEqual(expect.arrayContaining(cacheBefore));
		expect(await names(w.gomodcache)).toContainEqual(
			expect.stringMatching(/^cache\/download\/example\.com\/tune\/table\/@v\/v0\.3\.0\.zip$/),
		);
		expect(await exists(newCache)).toBe(false);
		expect(await exists(newModcache)).toBe(false);
		const history = JSON.parse((await w.sandbox.cli(['history', '--json'], {env: w.env})).stdout) as {entries: Array<{status: string}>};
		expect(history.entries.length).toBeGreaterThan(0);
		expect(history.entries.every(e => e.status === 'rolled-back')).toBe(true);
	}, 600_000);
});

describe.skipIf(!tmuxInstalled)('the terminal: 80x24, resize, --ascii, NO_COLOR (tmux)', () => {
	it("80x24: every step's first screen in whole boxes, nothing wider than the terminal", async () => {
		const w = await makeWorld({goMod: true});
		const s = await wizard(w, {cols: 80, rows: 24});
		await walkSteps(s, async step => {
			const {problems, screen} = await settledFrameProblems(s, 80);
			expect(problems, `${step}:\n${screen}`).toEqual([]);
		});
		await quit(s);
	});

	it('a resize redraws the whole frame for the new size, once', async () => {
		const w = await makeWorld({goMod: true});
		const s = await wizard(w, {cols: 120, rows: 40});
		await s.waitFor(TOOLCHAIN_FINDINGS, LONG);
		// Height alone too: the terminal pushes rows into its scrollback, so unchanged lines are no longer where Ink
		// drew them (the first frame after a resize is drawn whole, see redraw-on-resize.ts).
		for (const [cols, rows] of [
			[80, 24],
			[100, 30],
			[120, 40],
			[120, 30],
			[120, 36],
		] as const) {
			await s.resize(cols, rows);
			// The narrow layout has the panels as a tabbed row; the wide one stacks them beside the step.
			// Redrawn for the new size: the step box's top border is exactly as wide as the step box of that layout,
			// and the footer below it says the frame is all there (tmux can be read while a frame is half written).
			// Nothing measured or applied yet in this world: the panels are one summary line at every width (issue 19),
			// so the step's box is as wide as the terminal.
			const screen = await s.waitFor(new RegExp(`^[╭╔][─═]{${cols - 2}}[╮╗][^]*q quit`, 'm'), LONG);
			expect(screen).toMatch(/Panels: no builds measured yet/);
			expect(frameProblems(screen, cols, rangesFor(cols, screen)), `${cols}x${rows}:\n${screen}`).toEqual([]);
			// One frame: the header and the footer once each (no leftovers of the frame drawn for the old size).
			expect(screen.match(/\[1 Toolchain\]/g)).toHaveLength(1);
			expect(screen.match(/q quit/g)).toHaveLength(1);
		}
		await s.send('q');
		expect(await s.exitStatus()).toBe(0);
	});

	it('--ascii: no box-drawing characters, arrows, marks or pointers on any step, the rollback log included', async () => {
		const w = await makeWorld({goMod: true});
		const s = await wizard(w, {cols: 100, rows: 30, args: ['--ascii']});
		const found: Record<string, string> = {};
		await walkSteps(s, async (step, screen) => {
			const odd = nonAscii(screen);
			if (odd) found[step] = odd;
			const frame = await settledFrameProblems(s, 100);
			expect(frame.problems, `${step}:\n${frame.screen}`).toEqual([]);
		});
		// The rollback log now lists the Proxy step's change (old → new): in ASCII too.
		await focusRollbackLog(s);
		const log = await s.waitFor('GOPROXY');
		const odd = nonAscii(log);
		if (odd) found['Rollback log'] = odd;
		expect(found).toEqual({});
		await quit(s);
	});

	it('NO_COLOR=1: no SGR colour codes in the pane on any step', async () => {
		const sgrColour = /\u001B\[[0-9;]*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m/;
		const w = await makeWorld({goMod: true});
		const s = await wizard(w, {cols: 100, rows: 30, env: {NO_COLOR: '1'}});
		await walkSteps(s, async step => {
			const escaped = await s.screen({escapes: true});
			expect(escaped, step).not.toMatch(sgrColour);
		});
		await quit(s);
	});
});

/** A loopback server that accepts connections and never answers: a probe of it is still running when Ctrl-C comes. */
async function silentServer(): Promise<{url: string; close: () => Promise<void>}> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

/** The journal's change sets as gotune history --json reports them. */
const history = (w: World) => journalEntries(w.sandbox, w.env);

/** Toolchain, Module (as it is), Proxy applied and proved: on to the Cache step, for the Ctrl-C tests after it. */
async function toCacheStep(s: TmuxSession) {
	await s.waitFor(TOOLCHAIN_FINDINGS, LONG);
	await press(s, 'Enter', '[2 Module]');
	await s.waitFor('continue to the next step', LONG);
	await press(s, 'Enter', '[3 Proxy]');
	await s.waitFor('Probed 3 candidates', LONG);
	await press(s, 'Enter', 'y apply and prove');
	await press(s, 'y', /Applied as change set #\d+|Nothing was written/, LONG);
	await press(s, 'Enter', '[4 Cache]');
}

describe.skipIf(!tmuxInstalled)("Ctrl-C during each step's long work (tmux)", () => {
	it('during the probe: exit 130, the terminal usable, nothing written', async () => {
		const silent = await silentServer();
		try {
			const w = await makeWorld({goMod: true, defaults: silent.url});
			const before = await snapshot(w);
			const s = await wizard(w);
			await s.waitFor(TOOLCHAIN_FINDINGS, LONG);
			await press(s, 'Enter', '[2 Module]');
			await s.waitFor('continue to the next step', LONG);
			await press(s, 'Enter', '[3 Proxy]');
			// The two mirrors have answered; the silent server keeps the probe running.
			await s.waitFor('Probing 3 candidates', LONG);
			await s.waitFor('(2/3 done', LONG);
			await s.send('C-c');
			expect(await s.exitStatus(LONG)).toBe(130);
			await expectTerminalUsable(s);
			expect(await snapshot(w)).toEqual(before);
			expect(await history(w)).toEqual([]);
		} finally {
			await silent.close();
		}
	});

	it('during go mod tidy: exit 130, go.mod as go mod init left it, no go.sum, the tidy not journaled', async () => {
		// A mirror that answers every request 3 s late: tidy is still downloading when Ctrl-C comes.
		const late = await startModuleProxy(modules, {latencyMs: 3000});
		try {
			const w = await makeWorld();
			await execa(w.sandbox.goBin, ['env', '-w', `GOPROXY=${late.url}`], {env: w.env, extendEnv: false});
			const goenv = await readFile(w.env['GOENV']!, 'utf8');
			const s = await wizard(w);
			await s.waitFor(TOOLCHAIN_FINDINGS, LONG);
			await press(s, 'Enter', '[2 Module]');
			await s.waitFor(`Create go.mod in ${w.project}`, LONG);
			await press(s, 'Enter', 'Module path:');
			await s.waitFor('go mod init accepts this path', LONG);
			await press(s, 'Enter', 'y create go.mod', LONG);
			await press(s, 'y', 't run go mod tidy', LONG);
			const created = await readFile(path.join(w.project, 'go.mod'), 'utf8');
			await press(s, 't', 'Running go mod tidy', LONG);
			await s.send('C-c');
			expect(await s.exitStatus(LONG)).toBe(130);
			expect(await s.screen()).toMatch(/(^|\s)icanon(\s|$)/m);
			expect(await readFile(path.join(w.project, 'go.mod'), 'utf8')).toBe(created);
			expect(await exists(path.join(w.project, 'go.sum'))).toBe(false);
			expect(await readFile(w.env['GOENV']!, 'utf8')).toBe(goenv);
			// go mod init's change set finished before Ctrl-C; the tidy's is reported interrupted (nothing of it in effect).
			expect((await history(w)).map(e => e.status)).toEqual(['interrupted', 'applied']);
		} finally {
			await late.close();
		}
	});

	it('during a cache move: exit 130, GOCACHE where it was with every file, the GOENV file unchanged', async () => {
		const w = await makeWorld({goMod: true});
		// A bigger build cache (a synthetic one: 256 dirs of small entries, as go lays them out) so the copy takes a while.
		for (let d = 0; d < 256; d++) {
			const dir = path.join(w.gocache, d.toString(16).padStart(2, '0'));
			await mkdir(dir, {recursive: true});
			await Promise.all(
				Array.from({length: 60}, (_, i) =>
					writeFile(path.join(dir, `${d.toString(16).padStart(2, '0')}${i.toString(16).padStart(62, '0')}-d`), 'x'.repeat(2048)),
				),
			);
		}
		const cacheBefore = await fileList(w.gocache);
		const target = path.join(w.shm, 'go-build');
		const s = await wizard(w);
		await toCacheStep(s);
		await cachesCounted(s);
		await press(s, 'm', 'Move GOCACHE to');
		await press(s, 'p', 'New GOCACHE:');
		await s.type(target);
		await s.waitFor('another filesystem: copy and verify', LONG);
		await press(s, 'Enter', `Move GOCACHE to ${target}: copy`);
		await press(s, 'y', /files +\[/, LONG);
		await s.send('C-c');
		expect(await s.exitStatus(LONG)).toBe(130);
		expect(await s.screen()).toMatch(/(^|\s)icanon(\s|$)/m);
		// Every file as it was (go may have added a few entries of its own during the walk).
		expect(await fileList(w.gocache)).toEqual(expect.arrayContaining(cacheBefore));
		expect(await readFile(w.env['GOENV']!, 'utf8')).toContain(`GOCACHE=${w.gocache}\n`);
		// The partial copy is gone. Before exiting, the wizard lets the aborted move undo itself (bounded at 5 s): its
		// change set is then abandoned and not in the history. On a machine too busy for that it is reported
		// interrupted instead (never applied), which gotune rollback undoes. The Proxy step's change set stays applied.
		expect(await exists(target)).toBe(false);
		const entries = (await history(w)).map(e => [e.key, e.status]);
		expect([
			[['GOPROXY', 'applied']],
			[
				[w.gocache, 'interrupted'],
				['GOCACHE', 'interrupted'],
				['GOPROXY', 'applied'],
			],
		]).toContainEqual(entries);
	});

	it('during a Verify build: exit 130, settings, project, journal and GOCACHE as they were, no scratch cache left', async () => {
		const w = await makeWorld({goMod: true});
		const s = await wizard(w);
		await toCacheStep(s);
		await s.waitFor('m move', LONG);
		await press(s, 'Enter', '[5 Verify]');
		await s.waitFor('m measure', LONG);
		const before = await snapshot(w);
		const cacheBefore = await fileList(w.gocache);
		// The cold build of a temporary copy is under way (it compiles the standard library: long enough).
		await press(s, 'm', 'Measuring: ', LONG);
		await s.send('C-c');
		expect(await s.exitStatus(LONG)).toBe(130);
		expect(await s.screen()).toMatch(/(^|\s)icanon(\s|$)/m);
		expect(await snapshot(w)).toEqual(before);
		expect(await fileList(w.gocache)).toEqual(expect.arrayContaining(cacheBefore));
		// The aborted measurement removed its scratch caches before the process exited.
		expect((await readdir(path.dirname(w.gocache))).filter(name => name.startsWith('.gotune-bench-cache-'))).toEqual([]);
		expect((await history(w)).map(e => [e.key, e.status])).toEqual([['GOPROXY', 'applied']]);
	});
});
