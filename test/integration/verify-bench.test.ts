import {cp, mkdir, readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveDemoDir} from '../../source/core/module/demo.js';
import type {MeasurementEvent} from '../../source/core/measure/events.js';
import {quietContext} from '../../source/core/task.js';
import {runBench, type BenchResult} from '../../source/core/verify/bench.js';
import {BUILD_FLAGS} from '../../source/core/verify/build-run.js';
import {applyLeafEdit} from '../../source/core/verify/project.js';
import {fileList} from '../helpers/file-list.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

const misses = (result: BenchResult, kind: string) =>
	result.sides[0]!.builds.find(b => b.kind === kind)!
		.packages.filter(p => !p.hit)
		.map(p => p.package)
		.sort();
const hits = (result: BenchResult, kind: string) =>
	result.sides[0]!.builds.find(b => b.kind === kind)!
		.packages.filter(p => p.hit)
		.map(p => p.package);

describe('bench on the demo module: cold, warm and incremental builds from the real go', () => {
	let sandbox: TestSandbox;
	let result: BenchResult;
	let reference: string;
	const events: MeasurementEvent[] = [];
	let cacheBefore: string[];
	let cacheAfter: string[];
	beforeAll(async () => {
		sandbox = await makeSandbox();
		const gocache = sandbox.env['GOCACHE']!;
		// The user's cache holds a real build of the same tree first, so "unchanged" means something.
		reference = path.join(sandbox.dir, 'reference');
		await cp(resolveDemoDir({})!, reference, {recursive: true});
		const first = await sandbox.go.run(['build', ...BUILD_FLAGS, '-o', path.join(sandbox.dir, 'ref-out') + '/', './...'], {
			cwd: reference,
			timeoutMs: 120_000,
		});
		expect(first.stderr).toBe('');
		cacheBefore = await fileList(gocache);
		expect(cacheBefore.length).toBeGreaterThan(10);
		result = await runBench(
			{go: sandbox.go, moduleRoot: resolveDemoDir({})!, runs: 1},
			{...quietContext(), emit: event => events.push(event)},
		);
		cacheAfter = await fileList(gocache);
	}, 240_000);
	afterAll(async () => sandbox.cleanup());

	it('measures every kind, with wall times and action counts, and cleans up after itself', async () => {
		const side = result.sides[0]!;
		expect(side.error).toBeUndefined();
		expect(side.kinds.map(k => k.kind)).toEqual(['cold', 'warm', 'incremental']);
		for (const kind of side.kinds) {
			expect(kind.stats!.medianMs).toBeGreaterThan(0);
			expect(kind.hits! + kind.misses!).toBe(kind.actions);
		}
		expect(side.kinds[2]!.edited).toMatch(/^internal\/\w+\/\w+\.go$/);
		expect(side.builds.every(b => b.warning === undefined)).toBe(true);
		// No temporary cache or copy left beside GOCACHE or in TMPDIR.
		const beside = await readdir(path.dirname(sandbox.env['GOCACHE']!));
		expect(beside.filter(name => name.startsWith('.gotune-bench-cache-'))).toEqual([]);
	});

	it("never writes the user's GOCACHE (file list, sizes and mtimes unchanged)", () => {
		expect(cacheAfter).toEqual(cacheBefore);
	});

	it("cold: no hit among the module's own packages; warm: no miss at all", () => {
		const own = new Set(result.sides[0]!.ownPackages);
		expect(own.size).toBeGreaterThanOrEqual(15);
		expect(hits(result, 'cold').filter(p => own.has(p))).toEqual([]);
		expect(misses(result, 'cold')).toEqual(expect.arrayContaining([...own]));
		expect(misses(result, 'warm')).toEqual([]);
		expect(result.sides[0]!.kinds[1]!.hits).toBe(result.sides[0]!.kinds[1]!.actions);
	});

	it('incremental: misses exactly the packages go build -v rebuilds for the same edit', async () => {
		const edited = result.sides[0]!.kinds[2]!.edited!;
		await applyLeafEdit(path.join(reference, edited), 1);
		const rebuilt = await sandbox.go.run(['build', ...BUILD_FLAGS, '-v', '-o', path.join(sandbox.dir, 'ref-out') + '/', './...'], {
			cwd: reference,
			timeoutMs: 120_000,
		});
		expect(rebuilt.exitCode).toBe(0);
		const verbose = rebuilt.stderr.trim().split('\n').filter(Boolean).sort();
		expect(verbose.length).toBeGreaterThanOrEqual(2);
		expect(misses(result, 'incremental')).toEqual(verbose);
	});

	it('streams events per run: started, progress up to the package total, finished with the action graph counts', () => {
		const cold = result.sides[0]!.builds.find(b => b.kind === 'cold')!;
		const mine = events.filter(e => 'id' in e && e.id === cold.id);
		expect(mine[0]).toMatchObject({type: 'build-started', kind: 'cold', run: 1, of: 1});
		const progress = mine.filter(e => e.type === 'build-progress') as Array<{done: number; total: number}>;
		expect(progress.length).toBeGreaterThan(3);
		expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
		expect(mine.at(-1)).toMatchObject({type: 'build-finished', hits: cold.hits, misses: cold.misses, wallMs: cold.wallMs});
		expect(events.some(e => e.type === 'modules')).toBe(true);
	});
});

const DEP = {
	path: 'example.com/dep',
	version: 'v1.0.0',
	files: {
		'go.mod': 'module example.com/dep\n\ngo 1.19\n',
		'dep.go': 'package dep\n\n// Answer is what app returns.\nconst Answer = 42\n',
		'extra/extra.go': 'package extra\n\n// Bonus is only used when app is built with -tags=extra.\nfunc Bonus() int { return 1 }\n',
	},
};
/** A library-only module (no main package, so no runtime and std to compile): app and its dependency's packages. */
const SMALL = {
	'go.mod': 'module example.com/small\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n',
	'app.go': 'package app\n\nimport "example.com/dep"\n\n// Value uses the dependency.\nfunc Value() int { return dep.Answer }\n',
	'extra.go':
		'//go:build extra\n\npackage app\n\nimport "example.com/dep/extra"\n\n// WithBonus exists only with -tags=extra.\nfunc WithBonus() int { return extra.Bonus() }\n',
	'util/util.go': 'package util\n\n// Twice is a leaf package of the module.\nfunc Twice(n int) int { return 2 * n }\n',
	'calc/calc.go': 'package calc\n\nimport "example.com/small/util"\n\n// Four uses util.\nfunc Four() int { return util.Twice(2) }\n',
};

describe('bench on a small module with a dependency from a loopback proxy', () => {
	let sandbox: TestSandbox;
	let proxy: Awaited<ReturnType<typeof startModuleProxy>>;
	let go: TestSandbox['go'];
	let dir: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		proxy = await startModuleProxy([DEP]);
		go = sandbox.go.withEnv({GOPROXY: proxy.url, GOSUMDB: 'off'});
		dir = path.join(sandbox.dir, 'small');
		await writeFiles(dir, SMALL);
		// go.sum from a throwaway module cache, so the bench itself starts with the dependency not downloaded.
		const scratchCache = {GOMODCACHE: path.join(sandbox.dir, 'tidy-modcache')};
		const tidy = await go.run(['mod', 'tidy'], {cwd: dir, env: scratchCache, timeoutMs: 60_000});
		expect(tidy.stderr).toMatch(/downloading example.com\/dep v1.0.0/);
		await go.run(['clean', '-modcache'], {cwd: dir, env: scratchCache, timeoutMs: 60_000});
	});
	afterAll(async () => {
		await proxy.close();
		await sandbox.cleanup();
	});

	it('counts the dependency as downloaded on the first run and reused on the next, then go mod verify passes', async () => {
		const first = await runBench({go, moduleRoot: dir, runs: 1}, quietContext());
		expect(first.sides[0]!.error).toBeUndefined();
		expect(first.sides[0]!.modules).toMatchObject({reused: 0, downloaded: 1, verified: true});
		expect(proxy.requests).toContain('/example.com/dep/@v/v1.0.0.zip');
		const second = await runBench({go, moduleRoot: dir, runs: 2}, quietContext());
		expect(second.sides[0]!.modules).toMatchObject({reused: 1, downloaded: 0, verified: true});
		// Own packages: app, calc, util; the dependency's package dep. No hit cold, no miss warm.
		expect(second.sides[0]!.ownPackages.sort()).toEqual(['example.com/small', 'example.com/small/calc', 'example.com/small/util']);
		expect(hits(second, 'cold')).toEqual([]);
		expect(misses(second, 'warm')).toEqual([]);
		const incremental = second.sides[0]!.kinds[2]!;
		expect(incremental).toMatchObject({edited: 'util/util.go', wallMs: [expect.any(Number), expect.any(Number)]});
		// Each incremental run edits util (a new exported name): util and its importer calc recompile, every time.
		for (const build of second.sides[0]!.builds.filter(b => b.kind === 'incremental')) {
			expect(
				build.packages
					.filter(p => !p.hit)
					.map(p => p.package)
					.sort(),
			).toEqual(['example.com/small/calc', 'example.com/small/util']);
		}
	});

	it('measures a baseline from settings passed in the environment against the current ones, interleaved', async () => {
		const ids: string[] = [];
		const result = await runBench(
			{
				go,
				moduleRoot: dir,
				runs: 2,
				sides: [
					{key: 'baseline', label: 'before', env: {GOFLAGS: '-tags=extra'}},
					{key: 'current', label: 'now', env: {}},
				],
			},
			{
				...quietContext(),
				emit: event => {
					if (event.type === 'build-started') ids.push(event.id);
				},
			},
		);
		expect(ids.slice(0, 4)).toEqual(['bench-baseline-cold-1', 'bench-current-cold-1', 'bench-baseline-cold-2', 'bench-current-cold-2']);
		const [baseline, current] = result.sides;
		// The override reached go: with -tags=extra app also compiles example.com/dep/extra.
		expect(baseline!.kinds[0]!.actions).toBe(current!.kinds[0]!.actions! + 1);
		expect(result.comparison).not.toBeNull();
		expect(['faster', 'slower', 'no measurable difference']).toContain(result.comparison!.verdict);
		expect(result.comparison!.ratio).toBeGreaterThan(0);
	});

	it('cancelling stops the build at once and removes the copies and caches', async () => {
		const controller = new AbortController();
		const tmp = path.join(sandbox.dir, 'tmp');
		await mkdir(tmp);
		const bench = runBench(
			{go: go.withEnv({TMPDIR: tmp}), moduleRoot: resolveDemoDir({})!, runs: 3},
			{
				signal: controller.signal,
				emit: event => {
					// Mid-build: go printed its first package, compiles are running.
					if (event.type === 'build-progress' && event.done >= 1) controller.abort();
				},
			},
		);
		await expect(bench).rejects.toThrow(/cancelled/);
		const beside = await readdir(path.dirname(sandbox.env['GOCACHE']!));
		expect(beside.filter(name => name.startsWith('.gotune-bench-cache-'))).toEqual([]);
		// The copy, the action graphs and go's own work directories were all in the scratch dir.
		expect(await readdir(tmp)).toEqual([]);
	});

	it("a failing build carries go's error, never a number", async () => {
		const broken = path.join(sandbox.dir, 'broken');
		await cp(dir, broken, {recursive: true});
		await writeFile(path.join(broken, 'util', 'bad.go'), 'package util\n\nfunc Bad() int { return "text" }\n');
		const events: MeasurementEvent[] = [];
		const result = await runBench({go, moduleRoot: broken, runs: 1}, {...quietContext(), emit: e => events.push(e)});
		const side = result.sides[0]!;
		expect(side.error).toMatch(/cannot use "text"/);
		expect(side.kinds.map(k => k.stats)).toEqual([null, null, null]);
		expect(events.find(e => e.type === 'build-failed')).toMatchObject({error: expect.stringMatching(/cannot use "text"/)});
	});
});

async function writeFiles(dir: string, files: Record<string, string>) {
	for (const [name, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
		await writeFile(path.join(dir, name), text);
	}
}
