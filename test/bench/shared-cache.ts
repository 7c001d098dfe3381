// The `shared` bench section: a build cache the team shares (README "Share a build cache with the team"), measured by
// the code of `gotune bench --shared` (source/core/verify/shared-bench.ts) on two "machines" simulated on this one:
// each its own HOME, GOPATH, GOCACHE and checkout path; no network namespaces here. One gocached on loopback, the real
// gotune-cacher as GOCACHEPROG. Machine A builds the project once; machine B builds it cold, with and without the shared
// cache, a fresh B each run; times and hit rates (go's action graph, as Verify reads it) side by side.
import {runSharedBench} from '../../source/core/verify/shared-bench.js';
import {ensureCacheprog, GOTUNE_CACHER, startCacheServer} from '../helpers/cacheprog.js';

type Project = {label: string; dir: string};

/** Cold builds are minutes each on a small machine: GOTUNE_BENCH_SHARED_RUNS (default 3) per side and project. */
const RUNS = Math.max(1, Number(process.env['GOTUNE_BENCH_SHARED_RUNS'] ?? 3));

export async function sharedCacheBench(work: string, goBin: string, projects: Project[]): Promise<void> {
	await ensureCacheprog();
	const server = await startCacheServer();
	try {
		console.log(
			`\nShared build cache: machine B's cold build, with and without gocached (loopback) through gotune-cacher; ${RUNS} run(s) each`,
		);
		console.log(`  ${''.padEnd(30)} ${'without'.padStart(16)} ${'with shared'.padStart(16)}  ratio (goal <= 0.50)`);
		for (const project of projects) {
			const result = await runSharedBench(
				{
					goBin,
					env: {PATH: process.env['PATH'], LANG: 'C.UTF-8', TMPDIR: work},
					// Every machine builds with -trimpath: without it go keys packages outside GOROOT by their directory, and
					// each machine's checkout and module cache are elsewhere (what gotune cache share --trimpath writes).
					goValues: {GOFLAGS: '-trimpath'},
					moduleRoot: project.dir,
					cache: {binary: GOTUNE_CACHER, server: server.url},
					runs: RUNS,
					buildTimeoutMs: 600_000,
				},
				{emit: () => undefined, signal: new AbortController().signal},
			);
			const side = (s: typeof result.without) => `${s.median.seconds.toFixed(1)} s ${s.median.hits}/${s.median.actions}`;
			console.log(
				`  ${project.label.padEnd(30)} ${side(result.without).padStart(16)} ${side(result.withShared).padStart(16)}  ${result.ratio.toFixed(2)}`,
			);
		}
		console.log('  (times: median wall seconds; hits: packages from a cache / build actions, from go -debug-actiongraph)');
	} finally {
		await server.stop();
	}
}
