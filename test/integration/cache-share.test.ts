import {chmod, mkdir, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DEFAULT_CLIENT, GO_CACHER_CLIENT} from '../../source/core/cache/share/index.js';
import {parseCacheProg} from '../../source/core/cache/share/goprog.js';
import {summarizeActionGraph} from '../../source/core/verify/action-graph.js';
import {clientInstallEnv, startCacheServer, unusedPort, writeChainModule, type CacheServer} from '../helpers/cacheprog.js';
import {useCacheprog} from '../helpers/cacheprog-suite.js';
import {startModuleProxy} from '../helpers/module-proxy.js';
import {machines} from '../helpers/machines.js';
import {type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

const minor = testGoMinor();
const {cleanups, machine} = machines();

async function server(): Promise<CacheServer> {
	const started = await startCacheServer();
	cleanups.push(started.stop);
	return started;
}

const gobinOf = (sandbox: TestSandbox) => path.join(sandbox.env['GOPATH']!, 'bin');
const goenvOf = (sandbox: TestSandbox) => sandbox.env['GOENV']!;

/** gotune cache share on SANDBOX, its go install served from the prefetched module cache (no network). */
function share(sandbox: TestSandbox, args: string[]) {
	return sandbox.cli(['cache', 'share', ...args], {env: clientInstallEnv(), timeoutMs: 300_000});
}

/** A cold `go build` of the chain module with go's action graph: hits and misses as Verify counts them. */
async function measuredBuild(sandbox: TestSandbox, dir: string, flags: string[] = []) {
	const graph = path.join(sandbox.dir, `graph-${Date.now()}.json`);
	const run = await sandbox.go.run(['build', ...flags, `-debug-actiongraph=${graph}`, './...'], {cwd: dir, timeoutMs: 120_000});
	expect(run.exitCode, run.stderr).toBe(0);
	return {run, graph: summarizeActionGraph(await readFile(graph, 'utf8'))};
}

/** Every file under DIR with its bytes and mode: what "byte-identical" compares. */
async function snapshot(dir: string): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	const walk = async (rel: string) => {
		const entries = await readdir(path.join(dir, rel), {withFileTypes: true}).catch(() => []);
		for (const entry of entries) {
			const child = path.join(rel, entry.name);
			if (entry.isDirectory()) await walk(child);
			else {
				const full = path.join(dir, child);
				out[child] = `${(await stat(full)).mode.toString(8)}:${(await readFile(full)).toString('base64')}`;
			}
		}
	};
	await walk('');
	return out;
}

const readOptional = (file: string) => readFile(file, 'latin1').catch(() => null);

/** The client's local disk, as the GOCACHEPROG gotune wrote says (--cache-dir). */
async function clientDisk(sandbox: TestSandbox): Promise<string> {
	const line = /^GOCACHEPROG=(.*)$/m.exec(await readFile(goenvOf(sandbox), 'utf8'))?.[1];
	const disk = line === undefined ? undefined : parseCacheProg(line)?.diskDir;
	expect(disk).toBeDefined();
	return disk!;
}

describe.skipIf(minor >= 24)(`go1.${minor} has no GOCACHEPROG (Go 1.24 and later)`, () => {
	it('refuses with the release it needs, and writes nothing', async () => {
		const a = await machine();
		const result = await a.cli(['cache', 'share', '--server', 'http://127.0.0.1:9', '--yes']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/needs GOCACHEPROG, which is go1\.24 and later/);
		expect(result.stderr).toMatch(/gotune install-go/);
		expect(result.stderr).toMatch(/gotune use VERSION switches to one you have, go1\.24 or later/);
		expect(await readOptional(goenvOf(a))).toBeNull();
	});
});

// GOCACHEPROG is Go 1.24 and later; gocached, go-cacher and gotune-cacher need go >= 1.25 to build (.ci/install-cacheprog builds
// them with the machine's go, whatever the go under test).
describe.skipIf(minor < 24)(
	`shared build cache (go1.${minor}, gocached, gotune-cacher and go-cacher built from their pinned module)`,
	() => {
		useCacheprog(DEFAULT_CLIENT, GO_CACHER_CLIENT);

		it('machine B, cold, gets every package from what machine A built (with --trimpath); its own caches were empty', async () => {
			const cache = await server();
			const [a, b] = [await machine(), await machine()];
			for (const sandbox of [a, b]) {
				const result = await share(sandbox, ['--server', cache.url, '--trimpath', '--yes', '--json']);
				expect(result.exitCode, result.stderr).toBe(0);
				const json = JSON.parse(result.stdout) as {client: {path: string; module: string; version: string}};
				// The default client: gotune-cacher, built on the pinned go-tool-cache (go version -m's dep line).
				expect(json.client.path).toBe('gotune-cacher');
				expect(json.client.module).toBe('github.com/bradfitz/go-tool-cache');
				expect(json.client.version).toBe('v0.0.0-20260722201841-0bb331e19f64');
				const goenv = await readFile(goenvOf(sandbox), 'utf8');
				expect(goenv).toContain(`--cache-server ${cache.url}`);
				expect(goenv).toMatch(/^GOFLAGS=-trimpath$/m);
			}
			// Each machine has its own checkout path, as two developers or a CI runner do.
			const dirA = path.join(a.dir, 'src');
			const dirB = path.join(b.dir, 'src');
			await writeChainModule(dirA);
			await writeChainModule(dirB);
			const built = await measuredBuild(a, dirA);
			expect(built.graph.misses).toBe(24);
			const cold = await measuredBuild(b, dirB);
			expect(cold.graph.actions).toBe(24);
			expect(cold.graph.hits).toBe(24);
			// Without -trimpath go keys these packages by their directory: another path shares nothing (the plan says so).
			const untrimmed = await measuredBuild(b, dirB, ['-trimpath=false']);
			expect(untrimmed.graph.hits).toBe(0);
			// A machine without the shared cache compiles everything: the hits above came from the server.
			const fresh = await machine();
			await writeChainModule(path.join(fresh.dir, 'src'));
			const alone = await measuredBuild(fresh, path.join(fresh.dir, 'src'), ['-trimpath']);
			expect(alone.graph.hits).toBe(0);
		});

		it("the server killed mid-build: that build and every later go command succeed, the client's local disk emptied before each", async () => {
			const cache = await server();
			const a = await machine();
			expect((await share(a, ['--server', cache.url, '--yes'])).exitCode).toBe(0);
			const disk = await clientDisk(a);
			expect(path.basename(disk)).toBe('gotune-cacher');
			const dir = path.join(a.dir, 'src');
			await writeChainModule(dir, 40);
			let killedAt: number | undefined;
			const printed: string[] = [];
			const run = await a.go.stream(['build', '-v', './...'], {
				cwd: dir,
				timeoutMs: 120_000,
				onLine: (line, stream) => {
					if (stream !== 'stderr' || !line.startsWith('example.com/')) return;
					printed.push(line);
					if (killedAt === undefined) {
						killedAt = printed.length;
						void cache.kill();
					}
				},
			});
			expect(run.exitCode, run.stderr).toBe(0);
			// Mid-build: go went on to build most of the chain after the server died; the client said what it skipped.
			expect(printed.length - killedAt!).toBeGreaterThan(30);
			// The first failed upload (refused, or cut off by the kill) and how many failed in all.
			expect(run.stderr).toMatch(/error PUT \/[0-9a-f]+\/[0-9a-f]+: /);
			expect(run.stderr).toMatch(/gotune-cacher: \d+ uploads to .* failed in all/);
			// Every later go command with the server still down and nothing on the client's disk: go-cacher fails these on
			// its first upload (the next test); gotune-cacher must not fail one.
			for (const args of [
				['build', './...'],
				['vet', './...'],
				['list', '-export', '-f', '{{.Export}}', './...'],
			]) {
				await rm(disk, {recursive: true, force: true});
				const later = await a.go.run(args, {cwd: dir, timeoutMs: 120_000});
				expect(later.exitCode, `go ${args.join(' ')}: ${later.stderr}`).toBe(0);
				// One line for the first failed upload and a count at the end, not one line per upload.
				if (args[0] === 'build') {
					expect(later.stderr.match(/error PUT/g)).toHaveLength(1);
					expect(later.stderr).toMatch(/gotune-cacher: \d{2,} uploads to http:\/\/127\.0\.0\.1:\d+ failed in all/);
				}
			}
			// The local disk still serves: a build right after one that filled it hits everything.
			await rm(disk, {recursive: true, force: true});
			expect((await a.go.run(['build', './...'], {cwd: dir, timeoutMs: 120_000})).exitCode).toBe(0);
			const graph = path.join(a.dir, 'g.json');
			expect((await a.go.run(['build', `-debug-actiongraph=${graph}`, './...'], {cwd: dir, timeoutMs: 120_000})).exitCode).toBe(0);
			expect(summarizeActionGraph(await readFile(graph, 'utf8')).hits).toBe(40);
		});

		it('--client go-cacher: the plan says it can fail a go command; with the server down and its disk empty, go list -export fails (measured)', async () => {
			const cache = await server();
			const a = await machine();
			const plan = await share(a, ['--server', cache.url, '--client', GO_CACHER_CLIENT]);
			expect(plan.exitCode).toBe(2);
			expect(plan.stdout).toMatch(/caveat +go-cacher can fail a build when its server is down/);
			expect((await share(a, ['--server', cache.url, '--client', GO_CACHER_CLIENT, '--yes'])).exitCode).toBe(0);
			const disk = await clientDisk(a);
			expect(path.basename(disk)).toBe('go-cacher');
			const dir = path.join(a.dir, 'src');
			await writeChainModule(dir, 2);
			await cache.kill();
			// A go command that needs what it stores (go list -export, as gopls and linters run it) fails on go-cacher's failed
			// upload; a go build can too (the previous test with --client go-cacher fails on its first later go build).
			await rm(disk, {recursive: true, force: true});
			const run = await a.go.run(['list', '-export', '-f', '{{.Export}}', './...'], {cwd: dir, timeoutMs: 120_000});
			expect(run.exitCode).not.toBe(0);
			expect(run.stderr).toMatch(/Put "http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+\/[0-9a-f]+": dial tcp .*connection refused/);
			// doctor warns, and names the client that does not fail builds.
			const doctor = JSON.parse((await a.cli(['doctor', '--json'])).stdout) as {checks: Array<{id: string; status: string; fix?: string}>};
			expect(doctor.checks.find(c => c.id === 'cache.gocacheprog')).toMatchObject({
				status: 'warn',
				fix: expect.stringContaining(`gotune cache share --server ${cache.url}   # switches to gotune-cacher`),
			});
		});

		it('a wrong address: exit 1, nothing installed, GOENV untouched; bad input exits 2', async () => {
			const a = await machine();
			const port = await unusedPort();
			const result = await share(a, ['--server', `http://127.0.0.1:${port}`, '--yes']);
			expect(result.exitCode).toBe(1);
			expect(result.stderr).toContain(`http://127.0.0.1:${port} cannot be reached`);
			expect(result.stderr).toContain('Nothing was changed');
			expect(await readOptional(goenvOf(a))).toBeNull();
			expect(await readdir(gobinOf(a)).catch(() => [])).toEqual([]);

			const notUrl = await share(a, ['--server', 'cache.internal', '--yes']);
			expect(notUrl.exitCode).toBe(2);
			expect(notUrl.stderr).toMatch(/--server: "cache.internal" is not a URL/);
			const withPassword = await share(a, ['--server', 'http://alice:S3CRET@127.0.0.1:1', '--yes']);
			expect(withPassword.exitCode).toBe(2);
			expect(withPassword.stderr + withPassword.stdout).not.toContain('S3CRET');
			const latest = await share(a, [
				'--server',
				'http://127.0.0.1:1',
				'--client',
				'github.com/bradfitz/go-tool-cache/cmd/go-cacher@latest',
			]);
			expect(latest.exitCode).toBe(2);
			expect(latest.stderr).toMatch(/"latest" is not a pinned version/);
			for (const r of [notUrl, latest]) expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
		});

		it('a server that is not a cache server: exit 1, nothing written', async () => {
			const a = await machine();
			// The module proxy gotune's tests serve is an HTTP server that speaks another protocol.
			const proxy = await startModuleProxy([]);
			cleanups.push(() => proxy.close());
			const result = await share(a, ['--server', proxy.url.replace(/\/$/, ''), '--yes']);
			expect(result.exitCode).toBe(1);
			expect(result.stderr).toMatch(/does not speak go-tool-cache's protocol|did not give it back/);
			expect(await readOptional(goenvOf(a))).toBeNull();
		});

		it('the client missing: go install of a client the proxy does not have fails, nothing written; a deleted client fails every build', async () => {
			const cache = await server();
			const a = await machine();
			const absent = await share(a, ['--server', cache.url, '--client', 'example.com/no/such/cmd/cacher@v1.0.0', '--yes']);
			expect(absent.exitCode).toBe(1);
			expect(absent.stderr).toContain('go install example.com/no/such/cmd/cacher@v1.0.0 failed');
			expect(await readOptional(goenvOf(a))).toBeNull();
			expect(await readdir(gobinOf(a)).catch(() => [])).toEqual([]);

			expect((await share(a, ['--server', cache.url, '--yes'])).exitCode).toBe(0);
			await rm(path.join(gobinOf(a), 'gotune-cacher'));
			const dir = path.join(a.dir, 'src');
			await writeChainModule(dir, 2);
			const run = await a.go.run(['build', './...'], {cwd: dir});
			// go's own words: GOCACHEPROG names a program that is gone, and go refuses to build without its cache.
			expect(run.exitCode).not.toBe(0);
			expect(run.stderr).toMatch(/GOCACHEPROG/);
			const shown = await a.cli(['cache', 'share', '--json']);
			expect(shown.exitCode).toBe(1);
			expect(JSON.parse(shown.stdout)).toMatchObject({configured: true, binaryExists: false});
			// doctor says it, with the fix; the fix works.
			const doctor = await a.cli(['doctor', '--json']);
			const check = (JSON.parse(doctor.stdout) as {checks: Array<{id: string; status: string; message: string; fix?: string}>}).checks.find(
				c => c.id === 'cache.gocacheprog',
			);
			expect(check).toMatchObject({status: 'error', fix: expect.stringContaining(`gotune cache share --server ${cache.url}`)});
			expect(check!.message).toMatch(
				/set in the GOENV file\) names .*gotune-cacher, which does not exist: every go command that builds fails/,
			);
			const fixed = await share(a, ['--server', cache.url, '--yes']);
			expect(fixed.exitCode, fixed.stderr).toBe(0);
			expect((await a.go.run(['build', './...'], {cwd: dir})).exitCode).toBe(0);
			// Not executable: its own message and fix.
			await chmod(path.join(gobinOf(a), 'gotune-cacher'), 0o644);
			const notExec = (
				JSON.parse((await a.cli(['doctor', '--json'])).stdout) as {checks: Array<{id: string; message: string; fix?: string}>}
			).checks.find(c => c.id === 'cache.gocacheprog');
			expect(notExec?.message).toMatch(/is not executable/);
			expect(notExec?.fix).toBe(`chmod +x ${path.join(gobinOf(a), 'gotune-cacher')}`);
		});

		it('rollback leaves GOENV and GOBIN byte-identical (a program already in GOBIN set aside and put back)', async () => {
			const cache = await server();
			const a = await machine();
			await mkdir(path.dirname(goenvOf(a)), {recursive: true});
			await writeFile(goenvOf(a), 'GOPRIVATE=example.com/private\n# kept as is\n');
			await mkdir(gobinOf(a), {recursive: true});
			await writeFile(path.join(gobinOf(a), 'gotune-cacher'), '#!/bin/sh\necho an older gotune-cacher the user built\n');
			await chmod(path.join(gobinOf(a), 'gotune-cacher'), 0o750);
			await writeFile(path.join(gobinOf(a), 'other-tool'), 'untouched');
			const before = {goenv: await readFile(goenvOf(a)), gobin: await snapshot(gobinOf(a))};

			const result = await share(a, ['--server', cache.url, '--yes', '--json']);
			expect(result.exitCode, result.stderr).toBe(0);
			const changeSet = (JSON.parse(result.stdout) as {changeSet: string}).changeSet;
			expect((await readFile(goenvOf(a), 'utf8')).split('\n').slice(0, 2)).toEqual(['GOPRIVATE=example.com/private', '# kept as is']);
			expect(await snapshot(gobinOf(a))).not.toEqual(before.gobin);

			const undo = await a.cli(['rollback', '--to', changeSet, '--yes']);
			expect(undo.exitCode, undo.stderr).toBe(0);
			expect((await readFile(goenvOf(a))).equals(before.goenv)).toBe(true);
			expect(await snapshot(gobinOf(a))).toEqual(before.gobin);
			expect(await readdir(path.dirname(gobinOf(a)))).not.toContainEqual(expect.stringMatching(/gotune/));
		});

		it('rollback of a first setup removes the GOBIN it created and the GOENV file it wrote', async () => {
			const cache = await server();
			const a = await machine();
			const result = await share(a, ['--server', cache.url, '--yes', '--json']);
			expect(result.exitCode, result.stderr).toBe(0);
			const undo = await a.cli(['rollback', '--last', '--yes']);
			expect(undo.exitCode, undo.stderr).toBe(0);
			await expect(stat(gobinOf(a))).rejects.toThrow(/ENOENT/);
			expect(await readOptional(goenvOf(a))).toBeNull();
		});
	},
);
