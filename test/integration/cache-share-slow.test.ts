import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cacheProgValue} from '../../source/core/cache/share/goprog.js';
import {
	GO_CACHER,
	GOTUNE_CACHER,
	startCacheServer,
	startDelayProxy,
	startStalledBodyServer,
	writeChainModule,
} from '../helpers/cacheprog.js';
import {useCacheprog} from '../helpers/cacheprog-suite.js';
import {machines} from '../helpers/machines.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

// A slow shared-cache server: the real gocached behind a loopback proxy that delays its answers, or holds them for
// ever (a server that accepts connections and never answers: a fault the real gocached cannot be made to produce).
// The library's HTTP client (cachers.HTTPClient on http.DefaultClient) has no timeout; gotune-cacher, the default
// client, bounds each request by --lookup-timeout, go-cacher has no flag for it.
const minor = testGoMinor();
const {cleanups} = machines();

const PACKAGES = 6;
const DELAY_MS = 400;

/** A machine with the chain module whose go runs CLIENT (gotune-cacher unless told) against SERVER. */
async function machine(server: string, client = GOTUNE_CACHER): Promise<{sandbox: TestSandbox; dir: string; env: Record<string, string>}> {
	const sandbox = await makeSandbox();
	cleanups.push(sandbox.cleanup);
	const dir = path.join(sandbox.dir, 'src');
	await writeChainModule(dir, PACKAGES);
	const diskDir = path.join(sandbox.dir, 'client-disk');
	await mkdir(diskDir, {recursive: true});
	return {sandbox, dir, env: {GOCACHEPROG: cacheProgValue(client, server, {diskDir})}};
}

describe.skipIf(minor < 24)(`go1.${minor}: a slow shared-cache server`, () => {
	useCacheprog();

	it('answers late: the build succeeds, slower by at least one delayed round trip per package', async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const slow = await startDelayProxy(cache.url, DELAY_MS);
		cleanups.push(slow.stop);
		const fast = await machine(cache.url);
		const direct = await fast.sandbox.go.run(['build', './...'], {cwd: fast.dir, env: fast.env, timeoutMs: 120_000});
		expect(direct.exitCode, direct.stderr).toBe(0);
		const late = await machine(slow.url);
		const delayed = await late.sandbox.go.run(['build', './...'], {cwd: late.dir, env: late.env, timeoutMs: 120_000});
		expect(delayed.exitCode, delayed.stderr).toBe(0);
		// The chain builds one package after the other, each asking the server at least once before compiling.
		expect(delayed.durationMs).toBeGreaterThan(PACKAGES * DELAY_MS);
		console.log(
			`slow server (${DELAY_MS} ms per answer, ${PACKAGES} packages): ${(direct.durationMs / 1000).toFixed(2)} s direct, ${(delayed.durationMs / 1000).toFixed(2)} s through the delay`,
		);
	});

	it('never answers: gotune-cacher gives up after --lookup-timeout and the build finishes from local work, bounded', async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const hung = await startDelayProxy(cache.url, 'never');
		cleanups.push(hung.stop);
		const b = await machine(hung.url);
		// Before --lookup-timeout this build waited until the bound stopped it (the library's lookups have no timeout).
		const run = await b.sandbox.go.run(['build', './...'], {cwd: b.dir, env: b.env, timeoutMs: 60_000});
		expect(run.timedOut).toBe(false);
		expect(run.exitCode, run.stderr).toBe(0);
		expect(run.stderr).toMatch(/did not answer within 3s \(--lookup-timeout\): the rest of this go command uses the local disk only/);
		// One timeout per go command (the first lookup's), not one per lookup: 6 packages at 3 s each would be 18 s.
		expect(run.durationMs).toBeLessThan(15_000);
		console.log(`server that never answers (${PACKAGES} packages, gotune-cacher): built in ${(run.durationMs / 1000).toFixed(2)} s`);
	});

	it('stalls in the middle of an answer: gotune-cacher gives up after --lookup-timeout with no more of it and the build finishes, bounded', async () => {
		const stalling = await startStalledBodyServer();
		cleanups.push(stalling.stop);
		const b = await machine(stalling.url);
		// Before each read of the body was bounded this build waited until the bound stopped it: --lookup-timeout
		// ended with the answer's headers.
		const run = await b.sandbox.go.run(['build', './...'], {cwd: b.dir, env: b.env, timeoutMs: 60_000});
		expect(run.timedOut).toBe(false);
		expect(run.exitCode, run.stderr).toBe(0);
		expect(stalling.stalledLookups()).toBeGreaterThan(0);
		expect(run.stderr).toMatch(
			/stopped sending its answer for 3s \(--lookup-timeout\): the rest of this go command uses the local disk only/,
		);
		// One timeout per go command, as for a server that never answers.
		expect(run.durationMs).toBeLessThan(15_000);
		console.log(`server that stalls mid-answer (${PACKAGES} packages, gotune-cacher): built in ${(run.durationMs / 1000).toFixed(2)} s`);
	});

	it('never answers, go-cacher: go waits with it (no timeout, no flag for one); only our bound stops the build', async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const hung = await startDelayProxy(cache.url, 'never');
		cleanups.push(hung.stop);
		const b = await machine(hung.url, GO_CACHER);
		const run = await b.sandbox.go.stream(['build', './...'], {cwd: b.dir, env: b.env, timeoutMs: 8_000});
		expect(run.timedOut).toBe(true);
	});

	it('the check and the plan say it: a slow answer is named, a server that never answers is refused after 5 s', async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const slow = await startDelayProxy(cache.url, 600);
		cleanups.push(slow.stop);
		const a = await makeSandbox();
		cleanups.push(a.cleanup);
		// No terminal and no --yes: the plan is printed, nothing installed or written (exit 2).
		const plan = await a.cli(['cache', 'share', '--server', slow.url]);
		expect(plan.exitCode).toBe(2);
		expect(plan.stdout).toMatch(/answers go-tool-cache's protocol \(\d+ ms\); slow: see below/);
		expect(plan.stdout).toMatch(/slow {5}every cache lookup waits for the server's answer, up to gotune-cacher's --lookup-timeout/);
		const hung = await startDelayProxy(cache.url, 'never');
		cleanups.push(hung.stop);
		const refused = await a.cli(['cache', 'share', '--server', hung.url, '--yes'], {timeoutMs: 60_000});
		expect(refused.exitCode).toBe(1);
		expect(refused.stderr).toContain(`${hung.url} did not answer within 5 s`);
		expect(refused.stderr).toContain('Nothing was changed');
		expect(await readFile(a.env['GOENV']!, 'utf8').catch(() => null)).toBeNull();
	});
});
