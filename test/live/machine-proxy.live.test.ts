// The live tier: gotune against the module proxy and checksum database this machine is configured with (read from
// its environment and GOENV file by test/helpers/live.ts; no host is written here), read-only and bounded in time.
// Loopback servers elsewhere inject the faults a real proxy cannot be made to produce; here everything is real.
import {cp, mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {DoctorReport} from '../../source/core/doctor.js';
import {proveDownload} from '../../source/core/proxy/prove.js';
import {refreshReleaseTable} from '../../source/core/releases.js';
import {quietContext} from '../../source/core/task.js';
import {liveGate, LIVE_MODULE, machineGoenvFile, quietHome} from '../helpers/live.js';
import {CLI, makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';
import {testGo} from '../helpers/toolchains.js';
import {execa} from 'execa';

const gate = await liveGate(testGo());
const network = gate.ok ? gate.network : undefined;
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'live-module');

describe.skipIf(!gate.ok)("live: the machine's module proxy", () => {
	let sandbox: TestSandbox;
	beforeAll(async () => {
		// The machine's network settings as OS variables of the sandbox: everything else (HOME, caches, GOENV) is the sandbox's.
		sandbox = await makeSandbox({extraEnv: {...network!.settings, ...network!.passThrough}});
	});
	afterAll(async () => sandbox?.cleanup());

	it('probe: the proxy answers the protocol, with connect, TLS and first byte measured apart', async () => {
		const result = await sandbox.cli(['probe', network!.proxy!, '--module', LIVE_MODULE, '--timeout', '20', '--json'], {timeoutMs: 60_000});
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as {candidates: Array<Record<string, unknown>>; goproxy: string | null};
		const mine = json.candidates.find(c => c['url'] === network!.proxy)!;
		expect(mine).toMatchObject({ok: true, error: null});
		expect(mine['connectMs']).toEqual(expect.any(Number));
		expect(mine['firstByteMs']).toEqual(expect.any(Number));
		if (network!.proxy!.startsWith('https:')) expect(mine['tlsMs']).toEqual(expect.any(Number));
		expect(json.goproxy).toContain(network!.proxy);
	});

	it("route names the source and checksum database go really uses (go mod download -x's requests)", async () => {
		const route = await sandbox.cli(['route', LIVE_MODULE, '--json']);
		expect(route.exitCode, route.stderr).toBe(0);
		const [entry] = JSON.parse(route.stdout) as Array<{sources: Array<{url: string}>; checksumDb: string | null}>;
		const dir = await mkdtemp(path.join(sandbox.dir, 'route-'));
		const run = await sandbox.go.run(['mod', 'download', '-x', '-json', LIVE_MODULE], {
			cwd: dir,
			env: {GOMODCACHE: path.join(dir, 'mod'), GOFLAGS: '-modcacherw'},
			timeoutMs: 60_000,
		});
		expect(run.exitCode, run.stderr).toBe(0);
		const gets = run.stderr.split('\n').filter(line => /^# get \S+: 200/.test(line));
		expect(gets[0]).toContain(`${entry!.sources[0]!.url}/github.com/google/uuid/@v/v1.6.0.`);
		if (entry!.checksumDb)
			expect(gets.some(line => line.includes(`sumdb/${entry!.checksumDb}/`) || line.includes(`${entry!.checksumDb}/lookup/`))).toBe(true);
	});

	it("support status without go.dev: the release table from the proxy's golang.org/toolchain list", async () => {
		// go.dev is not reachable from this machine (only the module proxy is): the refused feed falls back to the proxy.
		const state = await mkdtemp(path.join(sandbox.dir, 'releases-'));
		const table = await refreshReleaseTable(state, {
			env: {...network!.passThrough},
			url: 'http://127.0.0.1:9/dl/?mode=json',
			goproxy: network!.settings['GOPROXY'],
			timeoutMs: 20_000,
		});
		expect(table?.origin).toBe('proxy');
		// The machine's own go and the one .ci/install-go fetched are releases the proxy lists.
		const versions = table!.releases.map(r => r.version);
		expect(versions).toContain((await sandbox.go.run(['env', 'GOVERSION'])).stdout.trim());
		expect(versions).toContain('go1.27.3');
	});

	it("the Proxy step's proof downloads a real module through the machine's settings", async () => {
		const proof = await proveDownload(
			{go: sandbox.go, module: LIVE_MODULE, settings: network!.settings, timeoutMs: 60_000},
			quietContext(),
		);
		expect(proof.error).toBeUndefined();
		expect(proof.ok).toBe(true);
		expect(proof.result?.Sum).toMatch(/^h1:/);
		expect(proof.downloads.some(line => /@v\/v1\.6\.0\.zip: 200/.test(line))).toBe(true);
	});

	it('bench of a module with real dependencies: modules downloaded cold, reused warm; hits from the action graph', async () => {
		const project = path.join(sandbox.dir, 'live-module');
		await cp(FIXTURE, project, {recursive: true});
		const first = await sandbox.cli(['bench', project, '--runs', '1', '--json'], {timeoutMs: 240_000});
		expect(first.exitCode, first.stderr).toBe(0);
		const cold = JSON.parse(first.stdout);
		expect(cold.modules.downloaded).toBeGreaterThan(0);
		expect(cold.modules.verified).toBe(true);
		const [coldRun, warmRun] = cold.runs;
		expect(coldRun.actions).toBeGreaterThan(5);
		expect(warmRun).toMatchObject({hits: warmRun.actions, misses: 0});
		const second = await sandbox.cli(['bench', project, '--runs', '1', '--json'], {timeoutMs: 240_000});
		const warm = JSON.parse(second.stdout);
		expect(warm.modules).toMatchObject({downloaded: 0, reused: cold.modules.downloaded + cold.modules.reused});
	});
});

describe.skipIf(!gate.ok)("live: doctor on this machine's real environment", () => {
	let home: string;
	let state: string;
	beforeAll(async () => {
		home = await quietHome();
		state = await mkdtemp(path.join(os.tmpdir(), 'gotune-live-state-'));
	});
	afterAll(async () => {
		await rm(home, {recursive: true, force: true});
		await rm(state, {recursive: true, force: true});
	});

	it("provenance equals go env -json key for key, with the machine's own GOENV file and $GOROOT/go.env", async () => {
		// The real environment, except HOME and gotune's state (written to by go's telemetry and gotune): the GOENV
		// file is the machine's own, read and never written (doctor is read-only).
		const env: Record<string, string | undefined> = {
			...process.env,
			HOME: home,
			GOENV: machineGoenvFile(),
			GOTUNE_HOME: state,
			XDG_STATE_HOME: state,
			CI: 'true',
		};
		delete env['GOTUNE_TEST_GO'];
		const go = testGo();
		const truth = JSON.parse((await execa(go, ['env', '-json'], {env, extendEnv: false, cwd: home})).stdout) as Record<string, string>;
		const toolchain = (await execa(go, ['env', 'GOTOOLCHAIN'], {env, extendEnv: false, cwd: home})).stdout.trim();
		const doctor = await execa(process.execPath, [CLI, 'doctor', '--json'], {
			env: {...env, PATH: `${path.dirname(go)}:${env['PATH']}`},
			extendEnv: false,
			cwd: home,
			reject: false,
		});
		const report = JSON.parse(doctor.stdout) as DoctorReport;
		for (const [key, value] of Object.entries(truth)) {
			if (key === 'GOGCCFLAGS' || key === 'GOTOOLCHAIN') continue; // a per-run directory; asked apart below
			expect({key, value: report.env[key]?.value}).toEqual({key, value});
		}
		expect(report.env['GOTOOLCHAIN']?.value).toBe(toolchain);
		expect(report.go!.runs).toMatchObject({version: truth['GOVERSION'], location: 'base'});
		// What this machine sets, for the record (the closing note lists it): printed, not asserted.
		const set = Object.entries(report.env).filter(([, p]) => p.source !== 'default' && p.source !== 'computed');
		console.info(`machine environment: ${set.map(([k, p]) => `${k}=${p.value} [${p.source}]`).join(', ')}`);
	});
});
