// npm run bench: medians of side-by-side runs on this machine, printed as ratios, and the terminal budget of the
// wizard. Never touches the real user: everything runs in throwaway sandboxes, against a loopback GOPROXY. The npm
// script builds dist/ and this file first.
import {createHash} from 'node:crypto';
import {access, cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {loadDemoModules, noSumDbPatterns} from '../../demo/modules.js';
import {createCacheCopier} from '../../source/core/cache/index.js';
import {openJournal} from '../../source/core/journal/index.js';
import {probeCandidates, type Candidate} from '../../source/core/proxy/index.js';
import {createRuntime} from '../../source/core/runtime.js';
import {prepareSandbox, sandboxOverrides} from '../../source/core/sandbox.js';
import {GoAdapter} from '../../source/core/go-adapter.js';
import {resolveDemoDir} from '../../source/core/module/demo.js';
import {quietContext} from '../../source/core/task.js';
import {BUILD_FLAGS, measuredBuild, PATTERNS} from '../../source/core/verify/build-run.js';
import {buildablePackages, listDeps} from '../../source/core/verify/packages.js';
import {copyProject} from '../../source/core/verify/project.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import {installProxyBench} from './install-proxy.js';
import {sharedCacheBench} from './shared-cache.js';

const root = process.cwd();
const runs = Math.max(5, Number(process.env['GOTUNE_BENCH_RUNS'] ?? 7));
/** GOTUNE_BENCH_CLI: another build to measure (before/after comparisons); dist/cli.js by default. */
const cli = process.env['GOTUNE_BENCH_CLI'] ?? path.join(root, 'dist', 'cli.js');
/** GOTUNE_BENCH_ONLY=first-frame,doctor,probe,cache,budget,warm-build,shared,install-proxy: run some sections only (all by default). */
const only = process.env['GOTUNE_BENCH_ONLY']?.split(',');
const section = (name: string) => only === undefined || only.includes(name);

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** stderr: what the command wrote there (timedRun only). */
type Sample = {wall: number; cpu: number; stderr?: string};

/** Wall and CPU seconds of a command run to its end, CPU including every process it waited for (test/bench/timed.py). */
async function timedRun(command: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
	const {stdout, stderr} = await execa('python3', [path.join(root, 'test/bench/timed.py'), ...command], {
		env,
		extendEnv: false,
		timeout: 60_000,
	});
	const [wall, cpu, exitCode] = stdout.trim().split(' ').map(Number);
	if (exitCode !== 0 && exitCode !== 1) throw new Error(`${command.join(' ')} exited with ${exitCode}`);
	return {wall: wall!, cpu: cpu!, stderr};
}

/** PATH entries of the doctor comparison: the machine's go first, an older one beside it (both exist on the bench machine). */
const DOCTOR_PATH = ['/usr/local/go/bin', '/usr/lib/go-1.19/bin'];

/** Wall and CPU seconds from spawn until "Toolchain" is on a real pty's screen (Python's pty: Node has none without an addon). */
async function firstFrame(command: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
	const {stdout} = await execa('python3', [path.join(root, 'test/bench/pty-first-frame.py'), 'Toolchain', ...command], {
		env,
		extendEnv: false,
		timeout: 60_000,
	});
	const [wall, cpu] = stdout.trim().split(' ').map(Number);
	return {wall: wall!, cpu: cpu!};
}

/** Alternates A and B so both see the same machine noise; one unmeasured warm-up each. */
/** Runs A and B in turns, after one warm-up each; the order alternates, because here the second of two back-to-back
 * starts was often a few ms faster or slower than the first (measured with A and B the same program). */
async function sideBySide<T>(a: () => Promise<T>, b: () => Promise<T>) {
	const times = {a: [] as T[], b: [] as T[]};
	await a();
	await b();
	for (let i = 0; i < runs; i++) {
		if (i % 2 === 0) {
			times.a.push(await a());
			times.b.push(await b());
		} else {
			times.b.push(await b());
			times.a.push(await a());
		}
	}
	return times;
}

/** The issue's goals, one line each, printed again at the end of the run: what to read first. */
const headlines: string[] = [];

const row = (label: string, seconds: number) => `  ${label.padEnd(36)} ${(seconds * 1000).toFixed(0).padStart(6)} ms`;
const ratio = (a: number, b: number, goal: string) => `  ratio ${(a / b).toFixed(2)}  (goal ${goal})`;

type PtyStep = {wait: string; timeout?: number} | {send: string} | {sleep: number} | {mark: string};
type PtyResult = {
	marks: Record<string, {seconds: number; bytes: number}>;
	peakKb: number | null;
	exitCode: number | null;
	error: string | null;
};

/** The wizard on a pty of COLSxROWS driven by STEPS (test/bench/pty-script.py): bytes written at each mark, peak RSS. */
async function ptyScript(
	cols: number,
	rows: number,
	steps: PtyStep[],
	command: string[],
	env: NodeJS.ProcessEnv,
	cwd: string,
): Promise<PtyResult> {
	const {stdout} = await execa(
		'python3',
		[path.join(root, 'test/bench/pty-script.py'), String(cols), String(rows), JSON.stringify(steps), ...command],
		// PTY_DUMP=FILE (a developer's aid): the raw bytes of the last walk, to see what a frame costs.
		{env: {...env, ...(process.env['PTY_DUMP'] ? {PTY_DUMP: process.env['PTY_DUMP']} : {})}, extendEnv: false, cwd, timeout: 180_000},
	);
	return JSON.parse(stdout) as PtyResult;
}

/** Keys one at a time with a pause, as a person types: keys arriving together in one read are a different test. */
const keys = (...sequence: string[]): PtyStep[] => sequence.flatMap(key => [{send: key}, {sleep: 0.3}]);
const ENTER = '\r';
const TAB = '\t';

const rate = (result: PtyResult, from: string, to: string) => {
	const a = result.marks[from];
	const b = result.marks[to];
	return a && b ? (b.bytes - a.bytes) / (b.seconds - a.seconds) : undefined;
};
const bytesPerSecond = (value: number | undefined, failure: string | null) =>
	value === undefined
		? `not measured: ${failure ?? 'marks missing'}`
		: `${value < 1024 ? `${value.toFixed(0)} B/s` : `${(value / 1024).toFixed(1)} KiB/s`}`;

/**
 * The wizard at 80x24 walked to the Verify step in a copy of the demo module, measuring while its builds stream into
 * the panels. The Proxy step's candidates are a refused loopback port and GOPROXY is off, so nothing leaves the
 * machine and the step lets the walk go on ("no candidate works").
 */
async function streamingWalk(work: string, env: NodeJS.ProcessEnv, goBin: string): Promise<PtyResult> {
	const box = path.join(work, 'stream');
	const streamEnv = {...(await prepareSandbox(box, env)), GOTUNE_PROXY_DEFAULTS: 'http://127.0.0.1:9'} as NodeJS.ProcessEnv;
	const project = path.join(box, 'home', 'src', 'loglens');
	await cp(resolveDemoDir({})!, project, {recursive: true});
	await execa(goBin, ['env', '-w', 'GOPROXY=off'], {env: streamEnv, extendEnv: false});
	const walk: PtyStep[] = [
		{wait: 'Go commands found', timeout: 60},
		...keys(ENTER),
		{wait: 'Module', timeout: 30},
		{sleep: 2},
		...keys(ENTER),
		{wait: 'No candidate works', timeout: 60},
		...keys(ENTER),
		{wait: 'GOCACHE', timeout: 60},
		{sleep: 2},
		...keys(ENTER),
		{wait: 'measure', timeout: 30},
		...keys('-', '-'),
		{mark: 'build-start'},
		...keys('m'),
		{wait: 'measure again', timeout: 300},
		{mark: 'build-end'},
		...keys('q'),
		{sleep: 1},
	];
	return ptyScript(80, 24, walk, [process.execPath, cli, '--sandbox', box], streamEnv, project);
}

const work = await mkdtemp(path.join(os.tmpdir(), 'gotune-bench-'));
const modules = await loadDemoModules(path.join(root, 'demo', 'modules'));
const proxy = await startModuleProxy(modules);
try {
	const minimalDir = path.join(work, 'minimal');
	const floorDir = path.join(work, 'floor');
	await execa('npx', ['tsup', 'test/bench/minimal-ink.tsx', '--out-dir', minimalDir, '--silent'], {cwd: root});
	// Its own directory: tsup empties the output directory first.
	await execa('npx', ['tsup', 'test/bench/screen-ink.tsx', '--out-dir', path.join(work, 'screen'), '--silent'], {cwd: root});
	await execa('npx', ['tsup', 'test/bench/go-env-floor.ts', '--out-dir', floorDir, '--silent'], {cwd: root});
	// Like dist/ (under this package's "type": "module"), so Node loads them as ES modules straight away too.
	for (const dir of [minimalDir, path.join(work, 'screen'), floorDir])
		await writeFile(path.join(dir, 'package.json'), '{"type": "module"}\n');
	const box = path.join(work, 'box');
	const env: NodeJS.ProcessEnv = {
		PATH: process.env['PATH'],
		LANG: 'C.UTF-8',
		TERM: 'xterm-256color',
		CI: 'false',
		...sandboxOverrides(box),
	};
	const sandboxArgs = ['--sandbox', box];
	const doctor = await execa(process.execPath, [cli, ...sandboxArgs, 'doctor', '--json'], {env, extendEnv: false, reject: false});
	const goBin = (JSON.parse(doctor.stdout) as {go: {path: string; version: string} | null}).go;
	if (!goBin) throw new Error('no go found: the doctor comparison needs one');

	console.log(
		`gotune bench: medians of ${runs} side-by-side runs on ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)}); ${goBin.version} at ${goBin.path}\n`,
	);
	if (section('first-frame')) {
		const ttff = await sideBySide(
			() => firstFrame([process.execPath, cli, ...sandboxArgs], env),
			() => firstFrame([process.execPath, path.join(minimalDir, 'minimal-ink.js')], env),
		);
		const wall = {a: median(ttff.a.map(s => s.wall)), b: median(ttff.b.map(s => s.wall))};
		const cpu = {a: median(ttff.a.map(s => s.cpu)), b: median(ttff.b.map(s => s.cpu))};
		console.log('Time to first frame (pty 100x30)                wall      CPU');
		console.log(`${row('gotune wizard', wall.a)} ${(cpu.a * 1000).toFixed(0).padStart(6)} ms`);
		console.log(`${row('minimal Ink program, same bundling', wall.b)} ${(cpu.b * 1000).toFixed(0).padStart(6)} ms`);
		console.log(
			`  ratio ${(wall.a / wall.b).toFixed(2)} wall, ${(cpu.a / cpu.b).toFixed(2)} CPU  (goal <= 1.10; CPU time is what other load on the machine disturbs least)`,
		);
		// Where the difference goes: the same first screen drawn by a static Ink program (test/bench/screen-ink.tsx).
		const screen = await sideBySide(
			() => firstFrame([process.execPath, cli, ...sandboxArgs], env),
			() => firstFrame([process.execPath, path.join(work, 'screen', 'screen-ink.js')], env),
		);
		const screenWall = {a: median(screen.a.map(s => s.wall)), b: median(screen.b.map(s => s.wall))};
		console.log(
			`${row("gotune's first screen, static Ink", screenWall.b)} ${(median(screen.b.map(s => s.cpu)) * 1000).toFixed(0).padStart(6)} ms`,
		);
		console.log(
			`  gotune over the same screen drawn statically: ${(screenWall.a / screenWall.b).toFixed(2)} (its own code); that screen over one line: ${(screenWall.b / wall.b).toFixed(2)} (what Ink spends on a full screen)\n`,
		);
	}

	if (section('doctor')) {
		// The common set-up: a sandbox, the machine's go first on PATH and a second, older go after it.
		for (const dir of DOCTOR_PATH)
			await access(path.join(dir, 'go')).catch(() => Promise.reject(new Error(`the doctor comparison needs ${dir}/go`)));
		const doctorEnv = {...env, PATH: [...DOCTOR_PATH, process.env['PATH']].join(path.delimiter)};
		const checks = await sideBySide(
			() => timedRun([process.execPath, cli, ...sandboxArgs, 'doctor', '--json'], doctorEnv),
			() => timedRun([process.execPath, path.join(floorDir, 'go-env-floor.js')], doctorEnv),
		);
		const goEnvAlone: Sample[] = [];
		for (let i = 0; i < runs; i++) goEnvAlone.push(await timedRun([path.join(DOCTOR_PATH[0]!, 'go'), 'env', '-json'], doctorEnv));
		const wall = {a: median(checks.a.map(s => s.wall)), b: median(checks.b.map(s => s.wall))};
		const cpu = {a: median(checks.a.map(s => s.cpu)), b: median(checks.b.map(s => s.cpu))};
		console.log(`Read-only checks (PATH: ${DOCTOR_PATH.join(', ')}, ...)    wall      CPU`);
		console.log(`${row('gotune doctor --json', wall.a)} ${(cpu.a * 1000).toFixed(0).padStart(6)} ms`);
		console.log(`${row('Node program: go env -json once', wall.b)} ${(cpu.b * 1000).toFixed(0).padStart(6)} ms`);
		console.log(
			`${row('(go env -json alone)', median(goEnvAlone.map(s => s.wall)))} ${(median(goEnvAlone.map(s => s.cpu)) * 1000).toFixed(0).padStart(6)} ms`,
		);
		const doctorRatio = `${(wall.a / wall.b).toFixed(2)} wall, ${(cpu.a / cpu.b).toFixed(2)} CPU`;
		console.log(`  ratio ${doctorRatio}  (goal <= 1.5 both; toolchain versions cached after the warm-up run)\n`);
		headlines.push(`gotune doctor --json over Node running go env -json once: ${doctorRatio} (goal <= 1.5 both)`);
	}

	if (section('probe')) {
		// Proxy probe: five loopback proxies answering every request after 300 ms against one alone. The probe makes the
		// same protocol requests to each (list, 3 x info, mod, sumdb supported, zip); all run at once.
		const hello = {
			path: 'example.com/hello',
			version: 'v1.0.0',
			files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'},
		};
		const servers = await Promise.all(Array.from({length: 5}, () => startModuleProxy([hello], {latencyMs: 300})));
		try {
			const candidates: Candidate[] = servers.map(server => ({url: server.url, shown: server.url, source: 'argument'}));
			const probe = async (list: Candidate[]) => {
				const started = performance.now();
				const {results} = await probeCandidates(
					{candidates: list, module: {path: hello.path, version: hello.version}, timeoutMs: 10_000, env, sumdbName: 'sum.golang.org'},
					quietContext(),
				);
				if (results.some(r => !r.ok)) throw new Error(`probe failed: ${results.map(r => r.detail).join('; ')}`);
				return (performance.now() - started) / 1000;
			};
			const probes = await sideBySide(
				() => probe(candidates),
				() => probe(candidates.slice(0, 1)),
			);
			console.log('Proxy probe (loopback, 300 ms per answer)');
			console.log(row('5 candidates at once', median(probes.a)));
			console.log(row('1 candidate alone', median(probes.b)));
			console.log(`${ratio(median(probes.a), median(probes.b), '<= 1.30')}\n`);
		} finally {
			await Promise.all(servers.map(server => server.close()));
		}
	}

	// The common set-up, as for doctor: the machine's go first on PATH and an older one after it.
	if (section('cache')) await cacheMoveBench(work, {...env, PATH: [...DOCTOR_PATH, process.env['PATH']].join(path.delimiter)});

	if (section('install-proxy')) await installProxyBench(work, cli);

	if (section('budget')) {
		// The terminal budget and peak memory: one wizard run at 80 columns (40 rows, so the tidied go.mod and its result
		// fit the step) in its own sandbox, in a project that imports the demo modules, so the Module step's go mod tidy
		// downloads them from the loopback proxy.
		const runBox = path.join(work, 'run');
		const runEnv = (await prepareSandbox(runBox, env)) as NodeJS.ProcessEnv;
		const project = path.join(runBox, 'home', 'src', 'filetop');
		await cp(path.join(root, 'demo', 'project'), project, {recursive: true});
		await execa(goBin.path, ['env', '-w', `GOPROXY=${proxy.url}`, `GONOSUMDB=${noSumDbPatterns(modules)}`], {
			env: runEnv,
			extendEnv: false,
		});
		const walk: PtyStep[] = [
			{wait: 'Toolchain', timeout: 60},
			{mark: 'first-frame'},
			{wait: 'Go commands found', timeout: 60},
			{mark: 'checks-done'},
			// Let the release-table refresh (3 s bound) and any last redraw pass, then watch a screen where nothing changes.
			{sleep: 4},
			{mark: 'idle-start'},
			{sleep: 5},
			{mark: 'idle-end'},
			...keys(ENTER),
			{wait: 'Create go.mod in', timeout: 60},
			...keys(ENTER),
			{wait: 'Module path:', timeout: 30},
			...keys(ENTER),
			{wait: 'y create go.mod', timeout: 30},
			...keys('y'),
			{wait: 't run go mod tidy', timeout: 30},
			{mark: 'tidy-start'},
			{send: 't'},
			// One word: at 80 columns the result line wraps.
			{wait: 'downloaded', timeout: 60},
			{mark: 'tidy-end'},
			// Not on to the Proxy step: it probes public proxies too, and the bench stays on loopback.
			...keys(TAB, TAB, TAB),
			{wait: 'Rollback log', timeout: 30},
			...keys('U'),
			{wait: 'Undo this run', timeout: 30},
			...keys('y'),
			{wait: 'Undid', timeout: 30},
			{sleep: 1},
		];
		const budget = await ptyScript(80, 40, walk, [process.execPath, cli, '--sandbox', runBox], runEnv, project);
		const failure = budget.error;
		console.log('Terminal budget (pty 80x40, bytes the wizard writes)');
		console.log(`  idle, nothing changes (5 s)          ${bytesPerSecond(rate(budget, 'idle-start', 'idle-end'), failure)}  (goal 0 B/s)`);
		console.log(
			`  the Toolchain checks running         ${bytesPerSecond(rate(budget, 'first-frame', 'checks-done'), failure)}  (from the first frame to the findings)`,
		);
		console.log(
			`  go mod tidy running                  ${bytesPerSecond(rate(budget, 'tidy-start', 'tidy-end'), failure)}  (Module step, downloads from a loopback proxy)`,
		);
		const stream = await streamingWalk(work, env, goBin.path);
		console.log(
			`  builds streaming into the panels     ${bytesPerSecond(rate(stream, 'build-start', 'build-end'), stream.error)}  (Verify step: cold, warm and incremental build of the demo module, 1 run each; goal <= 4 KiB/s)`,
		);
		console.log(
			'\nPeak memory of a wizard run (VmHWM: Toolchain, Module init + tidy, undo from the rollback log; not the Proxy step, which probes public servers)',
		);
		const peak =
			budget.peakKb === null
				? `not measured: ${failure ?? 'no /proc'}`
				: `${(budget.peakKb / 1024).toFixed(0)} MB${failure ? ` (the walk stopped early: ${failure})` : ''}`;
		console.log(`  gotune wizard                        ${peak}  (goal <= 120 MB)`);
	}

	if (section('warm-build')) {
		// Warm build: gotune's measured build (-debug-actiongraph, -v streamed, the graph read and cross-checked, events)
		// against a bare go build of the same tree, same cache, same output directory: both find everything cached.
		const demo = await copyProject(resolveDemoDir({})!, work);
		const out = path.join(work, 'out');
		await mkdir(out);
		const buildEnv = {...env, GOCACHE: path.join(work, 'gocache'), GOTOOLCHAIN: 'local', GOWORK: 'off'};
		const go = new GoAdapter(goBin.path, buildEnv, demo);
		const bareArgs = ['build', ...BUILD_FLAGS, '-o', `${out}${path.sep}`, ...PATTERNS];
		const listed = await listDeps(go, BUILD_FLAGS, PATTERNS, {timeoutMs: 120_000});
		if ('error' in listed) throw new Error(listed.error);
		const names = new Set(buildablePackages(listed.packages).map(p => p.importPath));
		let n = 0;
		const gotuneWarm = async () => {
			const started = performance.now();
			const record = await measuredBuild({
				go,
				id: `w${++n}`,
				kind: 'warm',
				label: 'warm',
				goVersion: goBin.version,
				run: 1,
				of: 1,
				cwd: demo,
				env: {},
				outDir: out,
				actionGraphFile: path.join(work, 'ag.json'),
				packages: names,
				timeoutMs: 120_000,
				signal: new AbortController().signal,
				emit: () => undefined,
			});
			if (record.misses !== 0) throw new Error(`the warm build compiled ${record.misses} packages`);
			return (performance.now() - started) / 1000;
		};
		const bareWarm = async () => {
			const started = performance.now();
			const result = await execa(goBin.path, bareArgs, {cwd: demo, env: buildEnv, extendEnv: false, reject: false, timeout: 120_000});
			if (result.exitCode !== 0) throw new Error(`go build failed: ${result.stderr}`);
			return (performance.now() - started) / 1000;
		};
		await bareWarm();
		const times = await sideBySide(gotuneWarm, bareWarm);
		const warm = {a: median(times.a), b: median(times.b)};
		console.log('\nWarm build of the demo module (everything cached, output up to date)');
		console.log(row('measured by gotune', warm.a));
		console.log(row('bare go build', warm.b));
		console.log(ratio(warm.a, warm.b, '<= 1.10'));
	}

	if (section('shared')) {
		// The demo module and a real module with real dependencies (fetched through this machine's GOPROXY).
		await sharedCacheBench(work, goBin.path, [
			{label: 'demo module (demo/sample)', dir: resolveDemoDir({})!},
			{label: 'test/fixtures/live-module', dir: path.join(root, 'test', 'fixtures', 'live-module')},
		]);
	}

	if (headlines.length > 0)
		console.log(`\nHeadlines (load average now ${os.loadavg()[0]!.toFixed(1)})\n${headlines.map(h => `  ${h}`).join('\n')}`);
} finally {
	await proxy.close();
	await execa('go', ['clean', '-modcache'], {
		env: {PATH: process.env['PATH'], ...sandboxOverrides(path.join(work, 'run'))},
		extendEnv: false,
		reject: false,
	});
	// A go telemetry child go left behind may still write under run/home while this runs (ENOTEMPTY once): retried.
	await rm(work, {recursive: true, force: true, maxRetries: 5});
}

/**
 * Cache move: a synthetic build cache of 20,000 files (256 buckets; half 175-byte action entries, half outputs of
 * 1-32 kB, old mtimes) copied across filesystems to /dev/shm by gotune's copier (copy + verify) against `cp -a` of the
 * same tree, alternating; then a same-filesystem move through the journal (one rename), undone between runs.
 */
async function cacheMoveBench(work: string, env: NodeJS.ProcessEnv): Promise<void> {
	const tree = path.join(work, 'go-build');
	let bytes = 0;
	for (let bucket = 0; bucket < 256; bucket++) await mkdir(path.join(tree, bucket.toString(16).padStart(2, '0')), {recursive: true});
	for (let start = 0; start < 20_000; start += 500) {
		await Promise.all(
			Array.from({length: 500}, async (_, k) => {
				const i = start + k;
				const name = createHash('sha256').update(String(i)).digest('hex');
				const size = i % 2 === 0 ? 175 : 1024 + ((i * 7919) % 31) * 1024;
				bytes += size;
				await writeFile(path.join(tree, name.slice(0, 2), `${name}-${i % 2 === 0 ? 'a' : 'd'}`), Buffer.alloc(size, i % 251));
			}),
		);
	}
	const shm = await mkdtemp('/dev/shm/gotune-bench-');
	try {
		// What the person waits for: the whole `gotune cache move` (start-up, go env, counting, the journal, copy,
		// verify, the GOENV file, removing the source) against `cp -a` alone, and `mv` (copy, then remove) for scale.
		// Each run gets a fresh sandbox whose GOCACHE (go's default place inside it, on the disk) is a copy of the
		// tree, made untimed just before, so every program starts from the same freshly written source.
		const moveRuns = Math.min(runs, 3);
		const times = {gotune: [] as Sample[], cp: [] as Sample[], mv: [] as Sample[], copyMs: [] as number[]};
		for (let i = 0; i <= moveRuns; i++) {
			const box = path.join(work, `move-${i}`);
			const boxEnv = (await prepareSandbox(box, env)) as NodeJS.ProcessEnv;
			const source = path.join(box, 'home', '.cache', 'go-build');
			await execa('cp', ['-a', tree, source]);
			const gotune = await timedRun(
				[process.execPath, cli, '--sandbox', box, 'cache', 'move', '--gocache', path.join(shm, `gotune-${i}`), '--yes', '--json'],
				// GOTUNE_DEBUG_TIMING: the command's phases on stderr, shown below for the median run.
				{...boxEnv, TIMED_STDOUT: path.join(work, 'move.json'), GOTUNE_DEBUG_TIMING: '1'},
			);
			const report = JSON.parse(await readFile(path.join(work, 'move.json'), 'utf8')) as {moves: Array<{to: string; ms: number}>};
			if (report.moves[0]?.to !== path.join(shm, `gotune-${i}`))
				throw new Error(`gotune cache move did not move GOCACHE: ${JSON.stringify(report)}`);
			await execa('cp', ['-a', tree, path.join(work, `cp-${i}`)]);
			const cp = await timedRun(['cp', '-a', path.join(work, `cp-${i}`), path.join(shm, `cp-${i}`)], env);
			await execa('cp', ['-a', tree, path.join(work, `mv-${i}`)]);
			const mv = await timedRun(['mv', path.join(work, `mv-${i}`), path.join(shm, `mv-${i}`)], env);
			for (const dir of [`gotune-${i}`, `cp-${i}`, `mv-${i}`]) await rm(path.join(shm, dir), {recursive: true, force: true});
			await rm(path.join(work, `cp-${i}`), {recursive: true, force: true});
			await execa('rm', ['-rf', box]);
			// The first round warms the page cache and the binaries for all three.
			if (i === 0) continue;
			times.gotune.push(gotune);
			times.cp.push(cp);
			times.mv.push(mv);
			times.copyMs.push(report.moves[0].ms / 1000);
		}
		const wall = (samples: Sample[]) => median(samples.map(s => s.wall));
		const cpu = (samples: Sample[]) => median(samples.map(s => s.cpu));
		const line = (label: string, samples: Sample[]) => `${row(label, wall(samples))} ${(cpu(samples) * 1000).toFixed(0).padStart(6)} ms`;
		console.log(
			`Cache move across filesystems (20,000 files, ${(bytes / 1e6).toFixed(0)} MB, disk to /dev/shm; medians of ${moveRuns})   wall      CPU`,
		);
		console.log(line('gotune cache move --gocache (whole)', times.gotune));
		console.log(
			`${row('  of which copy + verify (its own figure)', median(times.copyMs))}  ${(median(times.copyMs) / wall(times.cp)).toFixed(2)} of cp -a`,
		);
		const middle = [...times.gotune].sort((a, b) => a.wall - b.wall)[Math.floor(times.gotune.length / 2)]!;
		for (const phase of (middle.stderr ?? '').split('\n').filter(text => text.startsWith('timing:')))
			console.log(`      ${phase.slice('timing:'.length).trim()}`);
		console.log(line('cp -a', times.cp));
		console.log(line('mv (copy, then remove the source)', times.mv));
		const whole = (wall(times.gotune) / wall(times.cp)).toFixed(2);
		console.log(
			`  ratio ${whole} of cp -a for the whole command (goal <= 1.25); ${(wall(times.gotune) / wall(times.mv)).toFixed(2)} of mv\n`,
		);
		headlines.push(`gotune cache move across filesystems, the whole command, over cp -a: ${whole} wall (goal <= 1.25)`);
	} finally {
		await rm(shm, {recursive: true, force: true});
	}

	// Same filesystem: journal.applySteps with one move-dir step (a rename), rolled back (untimed) between runs.
	const runtime = await createRuntime({env: env as Record<string, string>, cwd: work, sandbox: path.join(work, 'box')});
	const journal = openJournal(runtime);
	const moved = path.join(work, 'moved', 'go-build');
	const renames: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await journal.applySteps([{kind: 'move-dir', from: tree, to: moved, copy: createCacheCopier()}], 'bench:cache');
		renames.push((performance.now() - started) / 1000);
		await journal.rollback({kind: 'last'});
	}
	console.log('Cache move on the same filesystem (same tree, through the journal)');
	console.log(row('journal move-dir (rename)', median(renames)));
	console.log(`  ${median(renames) < 0.1 ? 'within' : 'over'} the goal of < 100 ms`);
}
