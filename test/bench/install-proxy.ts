// npm run bench, section install-proxy: `gotune install-go --from proxy 1.27.3` against go's own
// `GOTOOLCHAIN=go1.27.3 go version`, both on an empty module cache and through the module proxy and checksum
// database this machine is configured with (read as go reads them, never written into the repository).
import {chmod, mkdtemp, readdir, rm, stat} from 'node:fs/promises';

import path from 'node:path';
import {execa} from 'execa';
import {sandboxOverrides} from '../../source/core/sandbox.js';
import {machineNetwork, quietHome} from '../helpers/live.js';

const VERSION = '1.27.3';
/** Each run downloads a whole toolchain (about 70 MB) on each side: few runs, alternating, no warm-up. */
const runs = Math.max(1, Number(process.env['GOTUNE_BENCH_INSTALL_RUNS'] ?? 3));
const BASE_GO = '/usr/local/go/bin/go';

type Phases = Record<string, number>;

export async function installProxyBench(work: string, cli: string): Promise<void> {
	const network = await machineNetwork(BASE_GO);
	if (network.proxy === undefined) {
		console.log(`Install through the module proxy: skipped (GOPROXY=${network.settings['GOPROXY'] ?? ''} names no proxy)\n`);
		return;
	}
	const netEnv = {...network.settings, ...network.passThrough} as NodeJS.ProcessEnv;
	const gotune: number[] = [];
	const go: number[] = [];
	const phases: Phases[] = [];
	for (let i = 0; i < runs; i++) {
		const order = i % 2 === 0 ? ['gotune', 'go'] : ['go', 'gotune'];
		for (const which of order) {
			if (which === 'gotune') {
				const {seconds, phases: p} = await gotuneInstall(work, cli, netEnv);
				gotune.push(seconds);
				phases.push(p);
			} else go.push(await goSwitch(work, netEnv));
		}
	}
	const med = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
	const row = (label: string, seconds: number) => `  ${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s`;
	console.log(`Install go${VERSION} through the module proxy, empty module cache (median of ${runs}, alternating)`);
	console.log(row(`gotune install-go --from proxy ${VERSION}`, med(gotune)));
	console.log(row(`GOTOOLCHAIN=go${VERSION} go version (go1.26.8)`, med(go)));
	console.log(`  ratio ${(med(gotune) / med(go)).toFixed(2)}  (goal <= 1.2)`);
	// Where gotune's time goes: when each phase's first progress line appeared (median run's).
	const median = phases[gotune.indexOf(med(gotune))]!;
	console.log(
		`  gotune phases (s from start): ${Object.entries(median)
			.map(([k, v]) => `${k} ${v.toFixed(2)}`)
			.join(', ')}\n`,
	);
}

/** One install into a fresh sandbox; the phases from the progress lines on stderr (plain lines: no TTY). */
async function gotuneInstall(work: string, cli: string, netEnv: NodeJS.ProcessEnv): Promise<{seconds: number; phases: Phases}> {
	const box = await mkdtemp(path.join(work, 'install-'));
	const env = {PATH: `${path.dirname(BASE_GO)}:${process.env['PATH']}`, LANG: 'C.UTF-8', TERM: 'dumb', ...netEnv, ...sandboxOverrides(box)};
	const started = performance.now();
	const phases: Phases = {};
	const child = execa(
		process.execPath,
		[cli, '--sandbox', box, 'install-go', VERSION, '--from', 'proxy', '--prefix', path.join(box, 'opt', 'go'), '--yes', '--json'],
		{
			env,
			extendEnv: false,
			reject: false,
			timeout: 900_000,
		},
	);
	child.stderr?.on('data', (chunk: Buffer) => {
		for (const line of chunk.toString().split('\n')) {
			const phase = /^(Reading|Downloading|Verifying|Extracting|Setting|Putting|Adding|Checking)/.exec(line)?.[1];
			if (phase && phases[phase] === undefined) phases[phase] = (performance.now() - started) / 1000;
		}
	});
	const result = await child;
	const seconds = (performance.now() - started) / 1000;
	if (result.exitCode !== 0) throw new Error(`gotune install-go failed: ${String(result.stderr).split('\n').slice(-3).join(' ')}`);
	phases['done'] = seconds;
	await rm(box, {recursive: true, force: true});
	return {seconds, phases};
}

/** go's own switch: the base go downloads, verifies and unpacks golang.org/toolchain into an empty module cache. */
async function goSwitch(work: string, netEnv: NodeJS.ProcessEnv): Promise<number> {
	const home = await quietHome();
	const cache = await mkdtemp(path.join(work, 'gocache-'));
	const started = performance.now();
	const result = await execa(BASE_GO, ['version'], {
		env: {
			PATH: process.env['PATH'],
			HOME: home,
			GOENV: path.join(home, 'env'),
			GOMODCACHE: path.join(cache, 'mod'),
			GOPATH: path.join(cache, 'gopath'),
			GOCACHE: path.join(cache, 'build'),
			GOFLAGS: '',
			...netEnv,
			GOTOOLCHAIN: `go${VERSION}`,
		},
		extendEnv: false,
		reject: false,
		timeout: 900_000,
	});
	const seconds = (performance.now() - started) / 1000;
	if (!result.stdout.includes(`go${VERSION}`)) throw new Error(`go version did not switch: ${result.stderr.split('\n')[0]}`);
	await makeWritable(cache);
	await rm(cache, {recursive: true, force: true});
	await rm(home, {recursive: true, force: true});
	return seconds;
}

/** The module cache is read-only (0555 directories): made writable again so it can be removed. */
async function makeWritable(dir: string): Promise<void> {
	const info = await stat(dir).catch(() => undefined);
	if (!info?.isDirectory()) return;
	await chmod(dir, 0o755);
	for (const name of await readdir(dir)) await makeWritable(path.join(dir, name));
}
