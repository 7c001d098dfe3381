import {checkServer} from '../core/cache/share/index.js';
import {parseCacheProg} from '../core/cache/share/goprog.js';
import type {GoAdapter} from '../core/go-adapter.js';
import {maskSecrets} from '../core/mask.js';
import type {MeasurementEvent} from '../core/measure/events.js';
import {isCancelled} from '../core/task.js';
import {goflagsTrimpath} from '../core/profile/goflags.js';
import type {ProjectChoice} from '../core/verify/project-dir.js';
import {runSharedBench, SHARED_BENCH_KEYS, type ColdRun, type SharedBenchResult} from '../core/verify/shared-bench.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {paint, styleFor, writeLine} from './output.js';
import {headlessTask} from './progress.js';

/** The issue's goal: machine B's cold build with the shared cache at most half of the one without. */
const GOAL = 0.5;

/**
 * gotune bench --shared: machine B's cold build with and without the shared build cache GOCACHEPROG points at, side
 * by side (core/verify/shared-bench.ts, the same code as `npm run bench`'s shared section).
 */
export async function runShared(
	{runtime, flags, stdout, stderr}: Pick<CommandContext, 'runtime' | 'flags' | 'stdout' | 'stderr'>,
	go: GoAdapter,
	project: Exclude<ProjectChoice, {problem: string}>,
	runs: number,
): Promise<number> {
	const json = Boolean(flags['json']);
	if (project.workspace)
		throw new UsageError(`--shared measures one module; ${project.root} is a workspace's root: run it in one of its modules`);
	const {values, run} = await go.envJson({timeoutMs: 30_000}, ['GOVERSION', 'GOCACHEPROG', ...SHARED_BENCH_KEYS]);
	if (!values) throw new OperationError(`cannot read go's settings: ${(run.stderr || run.stdout).trim()}`);
	const prog = parseCacheProg(values['GOCACHEPROG'] ?? '');
	if (prog?.server === undefined)
		throw new UsageError(
			`--shared measures the shared build cache GOCACHEPROG points at, and ${prog ? 'GOCACHEPROG names no --cache-server' : `GOCACHEPROG is not set${/^go1\.(1?\d|2[0-3])(\D|$)/.test(values['GOVERSION'] ?? '') ? ` (${values['GOVERSION']} has no GOCACHEPROG: go1.24 and later)` : ''}`}. Set one up first: gotune cache share --server URL`,
		);
	const server = await checkServer(prog.server, runtime.env, prog.token);
	if (!server.ok) throw new OperationError(`${server.message}\nNothing was measured: the shared cache's server must answer.`);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const trimpath = goflagsTrimpath(values['GOFLAGS'] ?? '');
	if (!json) {
		writeLine(
			stdout,
			paint(style, 'bold', `gotune bench --shared · ${project.root}${project.source === 'demo' ? " (gotune's demo module)" : ''}`),
		);
		writeLine(stdout, `shared build cache: ${prog.binary} → ${server.server} (answers, ${server.ms} ms)`);
		writeLine(
			stdout,
			`machines simulated here: every build on a fresh HOME, GOPATH, GOCACHE, checkout path and client disk; the server reached as you reach it${trimpath ? '' : '\n! GOFLAGS has no -trimpath: go keys packages outside GOROOT by their directory, so machines share the standard library only (gotune cache share --trimpath)'}`,
		);
	}
	const task = headlessTask<MeasurementEvent>(stderr, {
		describe: event =>
			event.type === 'build-started'
				? `${event.label}: go build`
				: event.type === 'build-progress'
					? `${event.done}/${event.total} packages`
					: undefined,
	});
	let result: SharedBenchResult;
	try {
		result = await runSharedBench(
			{
				goBin: go.goBin,
				env: runtime.env,
				goValues: values,
				moduleRoot: project.root,
				cache: {binary: prog.binary, server: prog.server, ...(prog.token ? {token: prog.token} : {})},
				runs,
			},
			task.context,
		);
	} catch (error) {
		if (isCancelled(error)) {
			stderr.write('gotune bench: interrupted; the machines and their caches were removed.\n');
			return 130;
		}
		throw new OperationError(`not measured: ${maskSecrets((error as Error).message)}`);
	} finally {
		task.done();
	}
	if (json) {
		writeLine(
			stdout,
			JSON.stringify(
				{
					project: result.project,
					goVersion: values['GOVERSION'] ?? null,
					server: server.server,
					client: prog.binary,
					trimpath,
					runs,
					machineA: result.machineA,
					without: result.without,
					withShared: result.withShared,
					ratio: round(result.ratio),
					goal: GOAL,
					met: result.ratio <= GOAL,
				},
				null,
				2,
			),
		);
		return 0;
	}
	const cell = (run: ColdRun) => `${run.seconds.toFixed(1)} s  ${run.hits}/${run.actions} from a cache`;
	const width = Math.max(cell(result.without.median).length, 'without'.length) + 3;
	writeLine(stdout, `  machine A (fills the server)  ${cell(result.machineA)}`);
	writeLine(stdout, `  machine B, cold               ${'without'.padEnd(width)}with the shared cache`);
	writeLine(stdout, `  ${`median of ${runs}`.padEnd(30)}${cell(result.without.median).padEnd(width)}${cell(result.withShared.median)}`);
	const met = result.ratio <= GOAL;
	writeLine(
		stdout,
		paint(style, met ? 'green' : 'yellow', `  ratio ${result.ratio.toFixed(2)} (goal <= ${GOAL.toFixed(2)}: ${met ? 'met' : 'not met'})`),
	);
	writeLine(stdout, '  (wall seconds of go build; hits: actions go found in a cache, from go -debug-actiongraph)');
	return 0;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
