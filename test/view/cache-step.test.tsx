import {mkdtemp, rm} from 'node:fs/promises';
import {Box} from 'ink';
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import type {MoveEvent, MoveResult} from '../../source/core/cache/index.js';
import type {TaskContext} from '../../source/core/task.js';
import {createCacheServices, type CacheServices} from '../../source/ui/services/cache.js';
import {journalOpener} from '../../source/ui/services/open-journal.js';
import {CacheStep} from '../../source/ui/steps/cache/cache-view.js';
import {themeFor} from '../../source/ui/theme.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {fakeServices, fakeSharedCache} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// Real go and a real copy on 2 shared cores: generous bounds (they only matter when something hangs).
let sandbox: TestSandbox | undefined;
let app: Rendered | undefined;
let shm: string | undefined;
afterEach(async () => {
	await app?.unmount();
	await sandbox?.cleanup();
	if (shm) await rm(shm, {recursive: true, force: true});
	app = undefined;
	sandbox = undefined;
	shm = undefined;
});

const props = {
	theme: themeFor(false),
	isActive: true,
	width: 110,
	height: 30,
	onNext: () => undefined,
	setPending: () => undefined,
	captureKeys: () => undefined,
	record: () => undefined,
};

describe('Cache step view', {timeout: 180_000}, () => {
	it('with real services: counts the real caches, checks a typed path as typed, moves GOCACHE to /dev/shm through the journal', async () => {
		sandbox = await makeSandbox();
		// GOCACHE from the GOENV file (an OS variable would be refused as overriding the move).
		const env = {...sandbox.env, GOCACHE: '', GOMODCACHE: ''};
		const runtime = {...sandbox.runtime, env};
		const gocache = sandbox.env['GOCACHE']!;
		const set = await sandbox.go.run(['env', '-w', `GOCACHE=${gocache}`], {env: {GOCACHE: ''}});
		expect(set.exitCode, set.stderr).toBe(0);
		// Something to move: the full go env runs the C compiler for its flags and keeps the answer in GOCACHE (gotune
		// itself asks go env only for keys that need neither, so it never creates the cache).
		const filled = await sandbox.go.run(['env', '-json'], {env: {GOCACHE: ''}});
		expect(filled.exitCode, filled.stderr).toBe(0);
		const services = {...fakeServices(), ...createCacheServices(runtime, journalOpener(runtime))};
		app = await renderInk(<CacheStep {...props} services={services} />, {columns: 110, rows: 30});
		await app.waitFor(/GOCACHE +[\d.]+ [kM]?B in \d+ files?/);
		expect(app.lastFrame()).toContain(`${gocache} (GOENV file) · `);
		// m is offered once inspection has ended (its last part, go env GOCACHEPROG, runs after the counts show).
		await app.waitFor(/\bm move\b/);

		shm = await mkdtemp('/dev/shm/gotune-view-');
		const target = `${shm}/go-build`;
		await app.press('m');
		await app.waitFor(/Move GOCACHE to…/);
		await app.press('p');
		await app.press(target);
		await app.waitFor(/✓ another filesystem: copy and verify/);
		await app.press(keys.enter);
		await app.waitFor(new RegExp(`Move GOCACHE to ${target}: copy .* and verify it`));
		await app.press('y');
		const done = await app.waitFor(/Moved GOCACHE to/);
		expect(done).toMatch(new RegExp(`Moved GOCACHE to ${target} \\(copy, \\d+ files, \\d+ ms\\) as change set #\\d+`));
		expect((await sandbox.go.run(['env', 'GOCACHE'], {env: {GOCACHE: ''}})).stdout.trim()).toBe(target);
	});

	it("the move's progress view: files and bytes bars with percentages as the copy reports them, then verify", async () => {
		// The copy's progress events are fed by the test so each frame can be checked; the copy itself is tested for real
		// in test/unit/cache-copier.test.ts and test/integration/cache-move.test.ts.
		let feed!: (event: MoveEvent) => void;
		let finish!: (result: MoveResult) => void;
		const base = fakeServices();
		const cache: CacheServices['cache'] = {
			...base.cache,
			candidates: async () => [
				{path: '/dev/shm/go-build', origin: 'mount', mountPoint: '/dev/shm', filesystem: 'tmpfs', freeBytes: 24e9, fits: true},
			],
			check: async (_report, to) => ({to, method: 'copy', refusals: [], adopts: false, freeBytes: 24e9, needBytes: 1e8}),
			move: (_input, context: TaskContext<MoveEvent>) =>
				new Promise(resolve => {
					feed = context.emit;
					finish = resolve;
				}),
		};
		app = await renderInk(<CacheStep {...props} services={{...base, cache}} />, {columns: 110, rows: 30});
		await app.waitFor(/GOCACHE +36 MB in 587 files/);
		await app.waitFor(/\bm move\b/);
		await app.press('m');
		await app.waitFor(/tmpfs at \/dev\/shm/);
		await app.press(keys.enter);
		await app.waitFor(/Move GOCACHE to \/dev\/shm\/go-build: copy 36 MB and verify it/);
		await app.press('y');
		await app.waitFor(/starting · Esc cancels/);
		await act(async () => {
			feed({type: 'step', step: 1, of: 2, kind: 'gocache', action: 'move-dir'});
			feed({
				type: 'copy',
				kind: 'gocache',
				elapsedMs: 500,
				progress: {phase: 'copy', files: 147, totalFiles: 587, bytes: 9_018_089, totalBytes: 36_072_356},
			});
		});
		const copying = await app.waitFor(/files \[.*\] +25%/);
		expect(copying).toMatch(/moving GOCACHE · copy · Esc cancels/);
		expect(copying).toMatch(/files \[.*\] +25% +147\/587/);
		expect(copying).toMatch(/bytes \[.*\] +25% +9\.0 MB\/36 MB/);
		await act(async () =>
			feed({
				type: 'copy',
				kind: 'gocache',
				elapsedMs: 900,
				progress: {phase: 'verify', files: 587, totalFiles: 587, bytes: 36_072_356, totalBytes: 36_072_356},
			}),
		);
		const verifying = await app.waitFor(/· verify ·/);
		expect(verifying).toMatch(/files \[.*\] +100% +587\/587/);
		expect(verifying).not.toMatch(/bytes \[/);
		await act(async () =>
			finish({
				changeSet: {id: '3', time: '', origin: 'wizard:cache', status: 'applied', entries: []},
				moves: [{kind: 'gocache', from: '/x', to: '/dev/shm/go-build', method: 'copy', files: 587, bytes: 36_072_356, ms: 900}],
			}),
		);
		await app.waitFor(/Moved GOCACHE to \/dev\/shm\/go-build \(copy, 587 files, 900 ms\) as change set #3/);
	});

	it('with no place offered, the targets say so instead of promising a benchmark; a rename is not said to remove anything', async () => {
		const base = fakeServices();
		const cache: CacheServices['cache'] = {
			...base.cache,
			within: '/tmp/gotune-try',
			check: async (_report, to) => ({to, method: 'rename', refusals: [], adopts: false, freeBytes: 24e9, needBytes: 1e8}),
		};
		app = await renderInk(<CacheStep {...props} services={{...base, cache}} />, {columns: 110, rows: 30});
		await app.waitFor(/GOCACHE +36 MB in 587 files/);
		await app.waitFor(/\bm move\b/);
		await app.press('m');
		const targets = await app.waitFor(/type a path…/);
		expect(targets).toContain('Move GOCACHE to… (no other place with room inside the sandbox /tmp/gotune-try: type a path)');
		expect(targets).not.toContain('disk benchmark');
		await app.press(keys.enter);
		await app.waitFor(/New GOCACHE:/);
		await app.press(...'/tmp/gotune-try/data/go-build'.split(''), keys.enter);
		const confirm = await app.waitFor(/one rename \(same filesystem\)/);
		expect(confirm).not.toMatch(/old directory/);
	});
});

describe('Cache step view: a shared build cache (GOCACHEPROG)', {timeout: 60_000}, () => {
	it('shows the client and the server under GOCACHE, and says when the client is gone', async () => {
		app = await renderInk(<CacheStep {...props} services={fakeSharedCache(true)} width={150} />, {columns: 150, rows: 30});
		await app.waitFor(/GOCACHEPROG go-cacher v0\.0\.0-20260722201841-0bb331e19f64 · server http:\/\/10\.1\.2\.3:31364/);
		await app.unmount();
		app = await renderInk(<CacheStep {...props} services={fakeSharedCache(false)} width={150} />, {columns: 150, rows: 30});
		await app.waitFor(/! client missing \(every go command fails\): \/home\/ana\/go\/bin\/go-cacher/);
	});
});

describe('Cache step view: the caches as the kit list (issue 19: every list has a visible cursor)', {timeout: 60_000}, () => {
	it('❯ (> under --ascii) on the selected cache, its path and filesystem under it, wrapped whole at 60 columns', async () => {
		// In a box as wide as the step's (the title wraps there too).
		app = await renderInk(
			<Box width={56}>
				<CacheStep {...props} theme={themeFor(true)} services={fakeServices()} width={56} />
			</Box>,
			{columns: 60, rows: 30},
		);
		await app.waitFor(/\bm move\b/);
		let frame = app.lastFrame();
		expect(frame).toMatch(/^> GOCACHE {4}36 MB in 587 files\n {3}\/tmp\/\S+\/go-build \(default\)\n/m);
		expect(frame).toMatch(/^ {2}GOMODCACHE 1\.2 MB in 31 files$/m);
		for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(56);
		await app.press(keys.down);
		frame = app.lastFrame();
		expect(frame).toMatch(/^ {2}GOCACHE {4}36 MB in 587 files$/m);
		expect(frame).toMatch(/^> GOMODCACHE 1\.2 MB in 31 files\n {3}\/tmp\/\S+\/pkg\/mod \(default\)/m);
		// A sub-screen keeps one row per cache above it, without a cursor (the targets list has it).
		await app.press('m');
		frame = await app.waitFor(/type a path…/);
		expect(frame).toMatch(/^ {2}GOCACHE {4}36 MB in 587 files\n {2}GOMODCACHE 1\.2 MB in 31 files\nMove GOMODCACHE to…/m);
		expect(frame).toMatch(/^> type a path…$/m);
	});
});

describe('Cache step view: the key line wraps between hints (issue 19)', {timeout: 60_000}, () => {
	it('every wrapped row of the key line starts with a hint, never with the " · " separator, at 80 columns and narrower', async () => {
		// 76: the step's box at 80 columns; the others move the breaks onto every separator of the line.
		for (const width of [76, 70, 64, 58, 52, 46, 40]) {
			app = await renderInk(
				<Box width={width}>
					<CacheStep {...props} services={fakeServices()} width={width} />
				</Box>,
				{columns: width + 4, rows: 30},
			);
			const frame = await app.waitFor(/\bm move\b/);
			const hintRows = frame.split('\n').slice(frame.split('\n').findIndex(line => /↑\/↓|m move/.test(line)));
			for (const line of hintRows) {
				expect(line, `${width} columns:\n${frame}`).not.toMatch(/^\s*·/);
				expect(line.length, line).toBeLessThanOrEqual(width);
			}
			await app.unmount();
			app = undefined;
		}
	});
});
