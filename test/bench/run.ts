// npm run bench: medians of side-by-side runs on this machine, printed as ratios. Never touches the real user:
// everything runs in a throwaway sandbox. The npm script builds dist/ and this file first.
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {createHash} from 'node:crypto';
import {mkdir, writeFile} from 'node:fs/promises';
import {createCacheCopier} from '../../source/core/cache/index.js';
import {openJournal} from '../../source/core/journal/index.js';
import {createRuntime} from '../../source/core/runtime.js';
import {probeCandidates, type Candidate} from '../../source/core/proxy/index.js';
import {sandboxOverrides} from '../../source/core/sandbox.js';
import {quietContext} from '../../source/core/task.js';
import {startModuleProxy} from '../helpers/module-proxy.js';

const root = process.cwd();
const runs = Math.max(5, Number(process.env['GOTUNE_BENCH_RUNS'] ?? 7));
const cli = path.join(root, 'dist', 'cli.js');

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timeIt(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const started = performance.now();
	const result = await execa(file, args, {env, extendEnv: false, reject: false, timeout: 60_000});
	if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`);
	return (performance.now() - started) / 1000;
}

/** Seconds from spawn until "Toolchain" is on a real pty's screen (Python's pty: Node has none without an addon). */
async function firstFrame(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const {stdout} = await execa('python3', [path.join(root, 'test/bench/pty-first-frame.py'), 'Toolchain', ...command], {env, extendEnv: false, timeout: 60_000});
	return Number(stdout.trim());
}

/** Alternates A and B so both see the same machine noise; one unmeasured warm-up each. */
async function sideBySide(a: () => Promise<number>, b: () => Promise<number>) {
	const times = {a: [] as number[], b: [] as number[]};
	await a();
	await b();
	for (let i = 0; i < runs; i++) {
		times.a.push(await a());
		times.b.push(await b());
	}
	return {a: median(times.a), b: median(times.b)};
}

const row = (label: string, seconds: number) => `  ${label.padEnd(36)} ${(seconds * 1000).toFixed(0).padStart(6)} ms`;

const work = await mkdtemp(path.join(os.tmpdir(), 'gotune-bench-'));
try {
	const minimalDir = path.join(work, 'minimal');
	await execa('npx', ['tsup', 'test/bench/minimal-ink.tsx', '--out-dir', minimalDir, '--silent'], {cwd: root});
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

	console.log(`gotune bench: medians of ${runs} side-by-side runs on ${os.cpus().length} cores; ${goBin.version} at ${goBin.path}\n`);
	const ttff = await sideBySide(
		() => firstFrame([process.execPath, cli, ...sandboxArgs], env),
		() => firstFrame([process.execPath, path.join(minimalDir, 'minimal-ink.js')], env),
	);
	console.log('Time to first frame (pty 100x30)');
	console.log(row('gotune wizard', ttff.a));
	console.log(row('minimal Ink program, same bundling', ttff.b));
	console.log(`  ratio ${(ttff.a / ttff.b).toFixed(2)}  (goal <= 1.20)\n`);

	const checks = await sideBySide(
		() => timeIt(process.execPath, [cli, ...sandboxArgs, 'doctor', '--json'], env),
		() => timeIt(goBin.path, ['env', '-json'], env),
	);
	console.log('Read-only checks');
	console.log(row('gotune doctor --json', checks.a));
	console.log(row('go env -json', checks.b));
	console.log(`  ratio ${(checks.a / checks.b).toFixed(2)}  (doctor runs go env -json once, plus go version per toolchain found)\n`);

	// Proxy probe: five loopback proxies answering every request after 300 ms against one alone. The probe makes the
	// same protocol requests to each (list, 3 x info, mod, sumdb supported, zip); all run at once.
	const hello = {path: 'example.com/hello', version: 'v1.0.0', files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'}};
	const servers = await Promise.all(Array.from({length: 5}, () => startModuleProxy([hello], {latencyMs: 300})));
	try {
		const candidates: Candidate[] = servers.map(server => ({url: server.url, shown: server.url, source: 'argument'}));
		const probe = async (list: Candidate[]) => {
			const started = performance.now();
			const {results} = await probeCandidates({candidates: list, module: {path: hello.path, version: hello.version}, timeoutMs: 10_000, env, sumdbName: 'sum.golang.org'}, quietContext());
			if (results.some(r => !r.ok)) throw new Error(`probe failed: ${results.map(r => r.detail).join('; ')}`);
			return (performance.now() - started) / 1000;
		};
		const probes = await sideBySide(() => probe(candidates), () => probe(candidates.slice(0, 1)));
		console.log('Proxy probe (loopback, 300 ms per answer)');
		console.log(row('5 candidates at once', probes.a));
		console.log(row('1 candidate alone', probes.b));
		console.log(`  ratio ${(probes.a / probes.b).toFixed(2)}  (goal <= 1.30)\n`);
	} finally {
		await Promise.all(servers.map(server => server.close()));
	}

	await cacheMoveBench(work, env);
} finally {
	await rm(work, {recursive: true, force: true});
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
		await Promise.all(Array.from({length: 500}, async (_, k) => {
			const i = start + k;
			const name = createHash('sha256').update(String(i)).digest('hex');
			const size = i % 2 === 0 ? 175 : 1024 + ((i * 7919) % 31) * 1024;
			bytes += size;
			await writeFile(path.join(tree, name.slice(0, 2), `${name}-${i % 2 === 0 ? 'a' : 'd'}`), Buffer.alloc(size, i % 251));
		}));
	}
	const shm = await mkdtemp('/dev/shm/gotune-bench-');
	try {
		const copier = createCacheCopier();
		let n = 0;
		const timed = async (work: (to: string) => Promise<unknown>) => {
			const to = path.join(shm, `copy-${n++}`);
			const started = performance.now();
			await work(to);
			const seconds = (performance.now() - started) / 1000;
			await rm(to, {recursive: true, force: true});
			return seconds;
		};
		const copyRuns = Math.min(runs, 3);
		const times = {a: [] as number[], b: [] as number[]};
		for (let i = 0; i <= copyRuns; i++) {
			const a = await timed(to => copier(tree, to, quietContext()));
			const b = await timed(to => execa('cp', ['-a', tree, to]));
			// The first pair warms the page cache for both.
			if (i > 0) {
				times.a.push(a);
				times.b.push(b);
			}
		}
		const rate = (seconds: number) => `${(bytes / 1e6 / seconds).toFixed(0)} MB/s, ${(20_000 / seconds).toFixed(0)} files/s`;
		console.log(`Cache move across filesystems (20,000 files, ${(bytes / 1e6).toFixed(0)} MB, to /dev/shm; medians of ${copyRuns})`);
		console.log(`${row('gotune copier (copy + verify)', median(times.a))}  ${rate(median(times.a))}`);
		console.log(`${row('cp -a', median(times.b))}  ${rate(median(times.b))}`);
		console.log(`  throughput ratio ${(median(times.b) / median(times.a)).toFixed(2)} of cp -a  (goal >= 0.80)\n`);
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
