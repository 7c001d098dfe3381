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
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

const misses = (result: BenchResult, kind: string) => result.sides[0]!.builds.find(b => b.kind === kind)!.packages.filter(p => !p.hit).map(p => p.package).sort();
const hits = (result: BenchResult, kind: string) => result.sides[0]!.builds.find(b => b.kind === kind)!.packages.filter(p => p.hit).map(p => p.package);

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
		const first = await sandbox.go.run(['build', ...BUILD_FLAGS, '-o', path.join(sandbox.dir, 'ref-out') + '/', './...'], {cwd: reference, timeoutMs: 120_000});
		expect(first.stderr).toBe('');
		cacheBefore = await fileList(gocache);
		expect(cacheBefore.length).toBeGreaterThan(10);
		result = await runBench({go: sandbox.go, moduleRoot: resolveDemoDir({})!, runs: 1}, {...quietContext(), emit: event => events.push(event)});
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

	it('never writes the user\'s GOCACHE (file list, sizes and mtimes unchanged)', () => {
		expect(cacheAfter).toEqual(cacheBefore);
	});

	it('cold: no hit among the module\'s own packages; warm: no miss at all', () => {
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
		const rebuilt = await sandbox.go.run(['build', ...BUILD_FLAGS, '-v', '-o', path.join(sandbox.dir, 'ref-out') + '/', './...'], {cwd: reference, timeoutMs: 120_000});
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

describe('bench on a small module with a dependency from a loopback proxy', () => {
	it.todo('module counts');
});

export const writeFiles = async (dir: string, files: Record<string, string>) => {
	for (const [name, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
		await writeFile(path.join(dir, name), text);
	}
};
