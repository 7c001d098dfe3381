import {readFile, writeFile} from 'node:fs/promises';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openJournal, type Journal} from '../../source/core/journal/index.js';
import {appendRecord} from '../../source/core/journal/store.js';
import {NO_MEASUREMENTS} from '../../source/ui/measurements.js';
import {RollbackLogPanel} from '../../source/ui/panels/rollback-log.js';
import {createJournalServices, type JournalServices} from '../../source/ui/services/journal.js';
import type {Services} from '../../source/ui/services.js';
import {themeFor} from '../../source/ui/theme.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {keys, renderInk, type Rendered} from './render.js';
import {inflightTracker} from './inflight.js';

const CANARY = 'CANARY-p4nel-77c1';
const ORIGINAL = '# mine\nGOPROXY=https://old.example\nGOFLAGS=-mod=mod';

let sandbox: TestSandbox;
let journal: Journal;
let goenv: string;
let app: Rendered | undefined;

beforeEach(async () => {
	sandbox = await makeSandbox();
	journal = openJournal(sandbox.runtime);
	goenv = sandbox.env['GOENV']!;
	await writeFile(goenv, ORIGINAL);
});
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox.cleanup();
});

/**
 * The real journal services (real files, real go validation), with every call tracked so a test can wait until the
 * panel's reads and undos have finished: no sleeps, no timing.
 */
function trackedServices(startedAt: string) {
	const {track, settle} = inflightTracker();
	const real = createJournalServices(sandbox.runtime, startedAt).journal;
	const services: JournalServices = {
		journal: {...real, list: () => track(real.list()), undo: what => track(real.undo(what)), watch: () => () => undefined},
	};
	return {services: services as Services & JournalServices, settle};
}

/** What the panel asked of the shell: true while its question owns q, Esc and Tab. */
let captured: boolean[] = [];

async function renderPanel(services: Services, {width = 30, height = 6} = {}) {
	captured = [];
	app = await renderInk(
		<RollbackLogPanel
			services={services}
			theme={themeFor(false)}
			measurements={NO_MEASUREMENTS}
			isFocused
			width={width}
			height={height}
			captureKeys={capture => captured.push(capture)}
		/>,
		{columns: 100},
	);
	return app;
}

describe('rollback log panel with real journal entries', () => {
	it('lists entries newest first, fitted to the box, credentials masked', async () => {
		const startedAt = new Date().toISOString();
		await journal.apply([{key: 'GOPROXY', value: `https://ci:${CANARY}@proxy.corp.example/mod`}], 'wizard:proxy');
		await journal.apply(
			[
				{key: 'GOPRIVATE', value: '*.corp.example'},
				{key: 'GONOSUMDB', value: 'corp.example'},
			],
			'wizard:proxy',
		);
		const {services, settle} = trackedServices(startedAt);
		const panel = await renderPanel(services);
		await settle();
		// 30 cells (the panel column): the newest change set is selected and shown whole, wrapped; what does not fit the
		// 5 rows is counted below it (its last row and the older set), never hidden without a word.
		expect(panel.lastFrame()).toBe(
			[
				'❯ #2 14:03 applied'.replace('14:03', panel.lastFrame().slice(5, 10)),
				'    GOPRIVATE: unset →',
				'    *.corp.example',
				'    GONOSUMDB: unset →',
				'↓ 3 more',
				'u undo · U undo this run',
			].join('\n'),
		);
		await panel.unmount();

		const wide = await renderPanel(services, {width: 76, height: 5});
		await settle();
		const rows = wide.lastFrame().split('\n');
		expect(rows).toHaveLength(5);
		expect(rows[0]).toMatch(/^❯ #2 wizard:proxy \d\d:\d\d applied$/);
		expect(rows[1]).toBe('    GOPRIVATE: unset → *.corp.example');
		expect(rows[2]).toBe('    GONOSUMDB: unset → corp.example');
		expect(rows[3]).toBe('↓ 2 more');
		expect(rows[4]).toBe('u undo · U undo this run');
		// ↓ moves the kit list's cursor to the older set, which is then shown whole.
		await wide.press(keys.down);
		expect(wide.lastFrame()).toMatch(/^↑ 3 more\n❯ #1 wizard:proxy \d\d:\d\d applied\n {4}GOPROXY: https:\/\/old\.example →/);
		await wide.unmount();

		// Taller: the older set's values, cut to one row, masked.
		const tall = await renderPanel(services, {width: 90, height: 8});
		await settle();
		expect(tall.lastFrame()).toMatch(/^ {4}GOPROXY +https:\/\/old\.example → https:\/\/\*\*\*@proxy\.corp\.example\/mod$/m);
		for (const frame of [...tall.frames]) expect(frame).not.toContain(CANARY);
		for (const frame of [...wide.frames, ...panel.frames]) expect(frame).not.toContain(CANARY);
	});

	it('u asks first; n leaves everything, y undoes the selected change set and says so', async () => {
		const startedAt = new Date().toISOString();
		await journal.apply([{key: 'GOPROXY', value: 'https://one.example'}], 'wizard:proxy');
		const afterOne = await readFile(goenv, 'utf8');
		await journal.apply([{key: 'GOPRIVATE', value: 'two.example'}], 'wizard:proxy');
		const {services, settle} = trackedServices(startedAt);
		const panel = await renderPanel(services, {width: 60});
		await settle();
		await panel.press('u');
		// Before asking, exactly what the undo touches and what it returns to.
		expect(panel.lastFrame()).toBe(['#2 GOPRIVATE (GOENV file) → unset', 'Undo #2 (1 change)? y/n'].join('\n'));
		expect(captured.at(-1)).toBe(true);
		await panel.press('n');
		expect(captured.at(-1)).toBe(false);
		expect(panel.lastFrame()).toContain('Nothing undone.');
		expect(await readFile(goenv, 'utf8')).toMatch(/GOPRIVATE=two.example/);

		await panel.press('u', 'y');
		await settle();
		expect(panel.lastFrame()).toContain('Undid #2: 1 change restored.');
		expect(panel.lastFrame()).toMatch(/^❯ #2 wizard:proxy \d\d:\d\d undone\n {4}GOPRIVATE: unset → two\.example$/m);
		expect(await readFile(goenv, 'utf8')).toBe(afterOne);

		// u on an undone change set says so instead of asking.
		await panel.press('u');
		expect(panel.lastFrame()).toContain('#2 is already undone.');
		// ↓ and u typed faster than a frame (one read of stdin): u acts on the newly selected change set.
		await panel.press(`${keys.down}u`);
		expect(panel.lastFrame()).toContain('Undo #1 (1 change)? y/n');
		await panel.press(keys.escape);
		expect(panel.lastFrame()).toContain('Nothing undone.');
	});

	it('U undoes everything from this run (not what came before it), after asking', async () => {
		await journal.apply([{key: 'GOBIN', value: '/opt/before-run'}], 'profile:/team/gotune.json');
		const beforeRun = await readFile(goenv, 'utf8');
		const startedAt = new Date().toISOString();
		await journal.apply([{key: 'GOPROXY', value: 'https://a.example'}], 'wizard:proxy');
		await journal.apply([{key: 'GOPRIVATE', value: 'b.example'}], 'wizard:proxy');
		const {services, settle} = trackedServices(startedAt);
		const panel = await renderPanel(services, {width: 60, height: 5});
		await settle();
		await panel.press('U');
		expect(panel.lastFrame()).toContain('#3 GOPRIVATE (GOENV file) → unset');
		expect(panel.lastFrame()).toContain('#2 GOPROXY (GOENV file) → https://old.example');
		expect(panel.lastFrame()).not.toContain('GOBIN');
		expect(panel.lastFrame()).toContain('Undo this run (2 sets)? y/n');
		await panel.press('y');
		await settle();
		expect(panel.lastFrame()).toContain('Undid #3 #2: 2 changes restored.');
		expect(await readFile(goenv, 'utf8')).toBe(beforeRun);
		expect((await journal.changeSets()).map(set => set.status)).toEqual(['rolled-back', 'rolled-back', 'applied']);
	});

	it('a key changed by someone else since is kept and reported, not overwritten', async () => {
		const startedAt = new Date().toISOString();
		await journal.apply(
			[
				{key: 'GOPROXY', value: 'https://mine.example'},
				{key: 'GOPRIVATE', value: 'p.example'},
			],
			'wizard:proxy',
		);
		await writeFile(goenv, (await readFile(goenv, 'utf8')).replace('https://mine.example', 'https://theirs.example'));
		const {services, settle} = trackedServices(startedAt);
		const panel = await renderPanel(services, {width: 90});
		await settle();
		await panel.press('u', 'y');
		await settle();
		expect(panel.lastFrame()).toContain('Undid #1: 1 change restored; kept GOPROXY (changed since; gotune rollback --force)');
		expect(await readFile(goenv, 'utf8')).toBe('# mine\nGOPROXY=https://theirs.example\nGOFLAGS=-mod=mod');
	});

	it('shows a change set a crash interrupted and undoes it from the panel', async () => {
		// The records a gotune killed between its journal write and its file write leaves (the crash tests produce
		// them with a real SIGKILL through the CLI; here they are written directly, in the same format).
		const dead = Number((await execa(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])).stdout);
		await appendRecord(journal.journalFile, {
			type: 'begin',
			changeSetId: '1',
			time: new Date().toISOString(),
			origin: 'profile:/team/gotune.json',
			pid: dead,
			goenv: {file: goenv, before: ORIGINAL, after: `${ORIGINAL}\nGOPRIVATE=x.example\n`},
			entries: [
				{id: '1.1', target: {kind: 'goenv', key: 'GOPRIVATE'}, before: {present: false}, after: {present: true, value: 'x.example'}},
			],
		});
		const {services, settle} = trackedServices(new Date(0).toISOString());
		const panel = await renderPanel(services, {width: 30, height: 5});
		await settle();
		expect(panel.lastFrame()).toMatch(
			/^❯ #1 \d\d:\d\d interrupted\n {4}GOPRIVATE: unset →\n {4}x\.example\n! #1 was interrupted: select\nit, u undoes it$/,
		);
		await panel.press('u', 'y');
		await settle();
		expect(panel.lastFrame()).toContain('Undid #1: 1 change restored.');
		expect(panel.lastFrame()).toMatch(/#1 \d\d:\d\d undone\n {4}GOPRIVATE: unset →/);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
	});

	it("the undo question's list of what it touches counts what does not fit the panel", async () => {
		const startedAt = new Date().toISOString();
		await journal.apply(
			['GOPRIVATE', 'GONOSUMDB', 'GONOPROXY', 'GOINSECURE', 'GOSUMDB'].map(key => ({key, value: key === 'GOSUMDB' ? 'off' : 'x.example'})),
			'wizard:proxy',
		);
		const {services, settle} = trackedServices(startedAt);
		const panel = await renderPanel(services, {width: 40, height: 4});
		await settle();
		await panel.press('u');
		// Five entries, three rows above the question: two of them, then how many more (the old panel cut them silently).
		expect(panel.lastFrame()).toBe(
			['#1 GOPRIVATE (GOENV file) → unset', '#1 GONOSUMDB (GOENV file) → unset', '↓ 3 more', 'Undo #1 (5 changes)? y/n'].join('\n'),
		);
		await panel.press('n');
	});

	it('says plainly when nothing is recorded', async () => {
		const {services, settle} = trackedServices(new Date().toISOString());
		const panel = await renderPanel(services);
		await settle();
		expect(panel.lastFrame()).toBe('No changes recorded yet.');
	});
});
