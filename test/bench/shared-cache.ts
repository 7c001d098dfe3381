// The `shared` bench section: a build cache the team shares (README "Share a build cache with the team"), measured
// on two "machines" simulated on this one: each has its own HOME, GOPATH, GOCACHE and checkout path (its own
// sandbox); no network namespaces (they need privileges the bench does not ask for). One gocached on loopback, the
// real go-cacher as GOCACHEPROG. Machine A builds the project once; machine B builds it cold, with and without the
// shared cache, a fresh B each run; times and hit rates (go's action graph, as Verify reads it) side by side.
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {GoAdapter} from '../../source/core/go-adapter.js';
import {sandboxOverrides} from '../../source/core/sandbox.js';
import {BUILD_FLAGS, measuredBuild, PATTERNS} from '../../source/core/verify/build-run.js';
import {buildablePackages, listDeps} from '../../source/core/verify/packages.js';
import {copyProject} from '../../source/core/verify/project.js';
import {ensureCacheprog, GO_CACHER, startCacheServer} from '../helpers/cacheprog.js';

type Project = {label: string; dir: string};
type Cold = {seconds: number; hits: number; actions: number};

/** Cold builds are minutes each on a small machine: GOTUNE_BENCH_SHARED_RUNS (default 3) per side and project. */
const RUNS = Math.max(1, Number(process.env['GOTUNE_BENCH_SHARED_RUNS'] ?? 3));

export async function sharedCacheBench(work: string, goBin: string, projects: Project[]): Promise<void> {
	await ensureCacheprog();
	const server = await startCacheServer();
	const root = await mkdtemp(path.join(work, 'shared-'));
	let machines = 0;
	/** A fresh machine: its own sandbox and checkout of PROJECT; SHARED points go at the server through go-cacher. */
	const machine = async (project: Project, shared: boolean) => {
		const dir = path.join(root, `m${++machines}`);
		const overrides = sandboxOverrides(dir);
		const env = {
			PATH: process.env['PATH'],
			LANG: 'C.UTF-8',
			...overrides,
			// Every machine builds with -trimpath: without it go keys packages outside GOROOT by their directory, and
			// each machine's checkout and module cache are elsewhere (what gotune cache share --trimpath writes).
			GOFLAGS: '-trimpath',
			...(shared ? {GOCACHEPROG: `${GO_CACHER} --cache-dir ${path.join(dir, 'go-cacher')} --cache-server ${server.url}`} : {}),
		};
		// go >= 1.23 reads GOTELEMETRY from this file only: off, as in every gotune sandbox.
		await mkdir(path.join(overrides['XDG_CONFIG_HOME']!, 'go', 'telemetry'), {recursive: true});
		await writeFile(path.join(overrides['XDG_CONFIG_HOME']!, 'go', 'telemetry', 'mode'), 'off');
		const checkout = await copyProject(project.dir, path.join(dir, 'src'));
		const go = new GoAdapter(goBin, env, checkout);
		// Downloads are not what a build cache shares: every machine fetches its modules before the timed build.
		const download = await go.run(['mod', 'download'], {timeoutMs: 300_000});
		if (download.exitCode !== 0) throw new Error(`go mod download in ${checkout}: ${download.stderr}`);
		return {go, checkout, dir};
	};
	const coldBuild = async (project: Project, shared: boolean): Promise<Cold> => {
		const {go, checkout, dir} = await machine(project, shared);
		const listed = await listDeps(go, BUILD_FLAGS, PATTERNS, {timeoutMs: 120_000});
		if ('error' in listed) throw new Error(listed.error);
		const record = await measuredBuild({
			go,
			id: `b${machines}`,
			kind: 'cold',
			label: 'cold',
			goVersion: '',
			run: 1,
			of: 1,
			cwd: checkout,
			env: {},
			outDir: undefined,
			actionGraphFile: path.join(dir, 'actiongraph.json'),
			packages: new Set(buildablePackages(listed.packages).map(p => p.importPath)),
			timeoutMs: 600_000,
			signal: new AbortController().signal,
			emit: () => undefined,
		});
		await execa(goBin, ['clean', '-modcache'], {env: {...go.env} as NodeJS.ProcessEnv, extendEnv: false, reject: false});
		await rm(dir, {recursive: true, force: true});
		return {seconds: record.wallMs / 1000, hits: record.hits, actions: record.actions};
	};
	try {
		console.log(
			`\nShared build cache: machine B's cold build, with and without gocached (loopback) through go-cacher; ${RUNS} run(s) each`,
		);
		console.log(`  ${''.padEnd(30)} ${'without'.padStart(16)} ${'with shared'.padStart(16)}  ratio (goal <= 0.50)`);
		for (const project of projects) {
			// Machine A fills the server.
			await coldBuild(project, true);
			const without: Cold[] = [];
			const withShared: Cold[] = [];
			for (let i = 0; i < RUNS; i++) {
				// Alternating, so both sides see the same machine noise.
				if (i % 2 === 0) {
					without.push(await coldBuild(project, false));
					withShared.push(await coldBuild(project, true));
				} else {
					withShared.push(await coldBuild(project, true));
					without.push(await coldBuild(project, false));
				}
			}
			const a = summary(without);
			const b = summary(withShared);
			console.log(
				`  ${project.label.padEnd(30)} ${`${a.seconds.toFixed(1)} s ${a.rate}`.padStart(16)} ${`${b.seconds.toFixed(1)} s ${b.rate}`.padStart(16)}  ${(b.seconds / a.seconds).toFixed(2)}`,
			);
		}
		console.log('  (times: median wall seconds; hits: packages from a cache / build actions, from go -debug-actiongraph)');
	} finally {
		await server.stop();
		await rm(root, {recursive: true, force: true});
	}
}

function summary(runs: Cold[]): {seconds: number; rate: string} {
	const sorted = [...runs].sort((x, y) => x.seconds - y.seconds);
	const mid = sorted[Math.floor(sorted.length / 2)]!;
	return {seconds: mid.seconds, rate: `${mid.hits}/${mid.actions}`};
}
