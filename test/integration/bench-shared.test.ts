import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DEFAULT_CLIENT} from '../../source/core/cache/share/index.js';
import {clientInstallEnv, startCacheServer, writeChainModule} from '../helpers/cacheprog.js';
import {useCacheprog} from '../helpers/cacheprog-suite.js';
import {createVerifyServices} from '../../source/ui/services/verify.js';
import {outcomeLines} from '../../source/ui/steps/verify/verify-lines.js';
import {machines} from '../helpers/machines.js';
import {testGoMinor} from '../helpers/toolchains.js';

// gotune bench --shared: machine B's cold build with and without the shared cache GOCACHEPROG points at, with the
// real gotune-cacher (installed by gotune cache share) and the real gocached on loopback. The module is a chain of 24
// small packages that imports nothing from the standard library, so each cold build takes seconds.
const minor = testGoMinor();
const {cleanups, machine} = machines();

describe('gotune bench --shared: bad input', () => {
	it('without a shared cache configured, or with --against: exit 2, what to do', async () => {
		const a = await machine();
		const dir = path.join(a.dir, 'src');
		await writeChainModule(dir, 2);
		const none = await a.cli(['bench', '--shared', dir]);
		expect(none.exitCode).toBe(2);
		expect(none.stderr).toMatch(/GOCACHEPROG is not set.*gotune cache share --server URL/s);
		const both = await a.cli(['bench', '--shared', '--against', '1', dir]);
		expect(both.exitCode).toBe(2);
		expect(both.stderr).toMatch(/--shared and --against/);
	});
});

describe.skipIf(minor < 24)(`go1.${minor}: gotune bench --shared`, () => {
	useCacheprog(DEFAULT_CLIENT);

	it("machine B's cold build without and with the shared cache, side by side: hits from go's action graph", async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const a = await machine();
		const set = await a.cli(['cache', 'share', '--server', cache.url, '--trimpath', '--yes'], {
			env: clientInstallEnv(),
			timeoutMs: 300_000,
		});
		expect(set.exitCode, set.stderr).toBe(0);
		const dir = path.join(a.dir, 'src');
		await writeChainModule(dir);
		const started = Date.now();
		const result = await a.cli(['bench', '--shared', '--runs', '1', '--json', dir], {timeoutMs: 600_000});
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as {
			server: string;
			trimpath: boolean;
			machineA: {hits: number; actions: number};
			without: {median: {seconds: number; hits: number; actions: number}};
			withShared: {median: {seconds: number; hits: number; actions: number}};
			ratio: number;
		};
		expect(json.server).toBe(cache.url);
		expect(json.trimpath).toBe(true);
		// A fills the server; B without it compiles all 24; B with it gets all 24 from the server.
		expect(json.machineA).toMatchObject({hits: 0, actions: 24});
		expect(json.without.median).toMatchObject({hits: 0, actions: 24});
		expect(json.withShared.median).toMatchObject({hits: 24, actions: 24});
		expect(json.ratio).toBeCloseTo(json.withShared.median.seconds / json.without.median.seconds, 2);
		console.log(
			`bench --shared (chain module, 1 run, whole command ${((Date.now() - started) / 1000).toFixed(1)} s): without ${json.without.median.seconds.toFixed(2)} s, with ${json.withShared.median.seconds.toFixed(2)} s, ratio ${json.ratio.toFixed(2)}`,
		);

		const text = await a.cli(['bench', '--shared', '--runs', '1', dir], {timeoutMs: 600_000});
		expect(text.exitCode, text.stderr).toBe(0);
		expect(text.stdout).toContain(`→ ${cache.url} (answers`);
		expect(text.stdout).toMatch(/machine A \(fills the server\)\s+[\d.]+ s {2}\d+\/24 from a cache/);
		expect(text.stdout).toMatch(/median of 1\s+[\d.]+ s {2}0\/24 from a cache\s+[\d.]+ s {2}24\/24 from a cache/);
		expect(text.stdout).toMatch(/ratio \d\.\d\d \(goal <= 0\.50: (met|not met)\)/);

		// Verify on this machine: its cold build (an empty GOCACHE) goes through GOCACHEPROG, so the server serves it.
		const verify = createVerifyServices(a.runtime).verify;
		const outcome = await verify.measure({dir, runs: 1, beforeAfter: false}, {emit: () => undefined, signal: new AbortController().signal});
		expect(outcome.shared).toMatchObject({server: cache.url, serverState: {ok: true}, clientMissing: false, cold: {hits: 24, actions: 24}});
		expect(outcomeLines(outcome).join('\n')).toMatch(/Served by the shared cache: 24\/24 actions of the cold build/);
	});
});
