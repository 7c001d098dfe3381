// gotune tools --install against the real go under test: a real `go install` of staticcheck through the machine's
// module proxy (built once for the file), put in GOBIN through the journal and removed or restored byte for byte by
// rollback, and Ctrl-C while go builds. Once, with the machine's go (test/vitest.config.ts ONCE_ONLY): what it tests is
// gotune's install and journal, and a cold staticcheck build took about 90 s of a clean-clone CI run per go.
// What gotune tools finds, on every go, is tools-cli.test.ts.
import {createHash} from 'node:crypto';
import {copyFile, mkdir, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ToolsReport} from '../../source/core/tools/inspect.js';
import type {ToolsResult} from '../../source/core/tools/install.js';
import {liveGate} from '../helpers/live.js';
import {CLI, makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

/**
 * go's build cache for these builds, kept across runs (like the fetched toolchains): staticcheck's first build here
 * took 7 minutes of a loaded machine, a warm one seconds. The cache holds compiler outputs only: what is installed
 * still comes from a real go install through the proxy, with the sandbox's own (empty) module cache.
 */
const BUILD_CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'gotune-tools-gocache');
const BUILD_MS = 20 * 60_000;

const sha256 = async (file: string) =>
	createHash('sha256')
		.update(await readFile(file))
		.digest('hex');
const mode = async (file: string) => (await stat(file)).mode & 0o7777;

// go 1.19 cannot build these tools (their go.mod says go 1.25 and 1.26, and it cannot switch): the refusal is tested above.
describe.skipIf(testGoMinor() < 21)('gotune tools --install: a real go install through the machine proxy', () => {
	let sandbox: TestSandbox;
	let skipped: string | undefined;
	let network: Record<string, string | undefined> = {};
	let installed: {exitCode: number; stdout: string; stderr: string};
	const gobin = () => path.join(sandbox.env['GOPATH']!, 'bin');
	const cli = (args: string[], cwd?: string) =>
		sandbox.cli(args, {env: {...network, GOCACHE: BUILD_CACHE}, timeoutMs: BUILD_MS, ...(cwd ? {cwd} : {})});
	let before: {sha: string; mode: number};

	beforeAll(async () => {
		sandbox = await makeSandbox();
		const gate = await liveGate(sandbox.goBin);
		if (!gate.ok) {
			skipped = gate.reason;
			console.warn(`gotune tools --install: skipped: ${gate.reason}`);
			return;
		}
		network = {...gate.network.settings, ...gate.network.passThrough};
		await mkdir(BUILD_CACHE, {recursive: true});
		// A staticcheck the user already has: a real Go program (gofmt of the go under test), 0750 to see the mode kept.
		await mkdir(gobin(), {recursive: true});
		const old = path.join(gobin(), 'staticcheck');
		await copyFile(path.join(path.dirname(sandbox.goBin), 'gofmt'), old);
		await execa('chmod', ['0750', old]);
		before = {sha: await sha256(old), mode: await mode(old)};
		installed = await cli(['tools', '--install', 'staticcheck', '--yes', '--json']);
	}, BUILD_MS);
	afterAll(async () => sandbox?.cleanup());

	it('builds staticcheck v0.8.2 with the go under test; the previous binary is set aside, nothing else is left', async ({skip}) => {
		if (skipped) return skip(skipped);
		expect(installed.exitCode, installed.stderr).toBe(0);
		// Fetched through the proxy into the sandbox's empty module cache. (Not go's "go: downloading" line: headless
		// progress off a terminal shows at most one line a second, a sample, and dropped it when the build was quick.)
		const zip = path.join(sandbox.env['GOMODCACHE']!, 'cache', 'download', 'honnef.co', 'go', 'tools', '@v', 'v0.8.2.zip');
		expect((await stat(zip)).size).toBeGreaterThan(0);
		const result = JSON.parse(installed.stdout) as ToolsResult;
		expect(result.installed).toMatchObject([
			{name: 'staticcheck', version: 'v0.8.2', path: path.join(gobin(), 'staticcheck'), replaced: true},
		]);
		const version = await execa(path.join(gobin(), 'staticcheck'), ['-version']);
		expect(version.stdout).toContain('(0.8.2)');
		expect((await readdir(gobin())).sort()).toEqual(['staticcheck', `staticcheck.gotune-aside-${result.changeSet}`]);
		// No staging directory beside GOBIN.
		expect((await readdir(path.dirname(gobin()))).filter(name => name.includes('gotune-staging'))).toEqual([]);
		const report = JSON.parse((await cli(['tools', '--json'])).stdout) as ToolsReport;
		const goVersion = /go1\.\d+(\.\d+)?/.exec((await sandbox.go.run(['version'])).stdout)![0];
		expect(report.tools.find(t => t.name === 'staticcheck')).toMatchObject({version: 'v0.8.2', builtWith: goVersion, stale: false});
	});

	it('a project whose go line is newer than the go that built it: staticcheck is flagged stale (exit 1)', async ({skip}) => {
		if (skipped) return skip(skipped);
		const project = path.join(sandbox.dir, 'project');
		await mkdir(project, {recursive: true});
		await writeFile(path.join(project, 'go.mod'), `module example.com/p\n\ngo 1.${testGoMinor() + 1}\n`);
		const result = await cli(['tools', '--json'], project);
		expect(result.exitCode).toBe(1);
		const report = JSON.parse(result.stdout) as ToolsReport;
		expect(report.reference).toEqual({version: `1.${testGoMinor() + 1}`, from: 'go.mod', file: path.join(project, 'go.mod')});
		expect(report.tools.find(t => t.name === 'staticcheck')?.stale).toBe(true);
		expect((await cli(['doctor'], project)).stdout).toMatch(/\[!\] Tools: .*staticcheck built with go1\.\d+/);
	});

	it('rollback puts the previous binary back byte for byte (mode included); a fresh install is removed by rollback', async ({skip}) => {
		if (skipped) return skip(skipped);
		const old = path.join(gobin(), 'staticcheck');
		expect((await cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		expect(await readdir(gobin())).toEqual(['staticcheck']);
		expect({sha: await sha256(old), mode: await mode(old)}).toEqual(before);
		// Without a previous binary: the second build finds go's cache warm (a link, seconds), rollback removes the file.
		await rm(old);
		const again = await cli(['tools', '--install', 'staticcheck', '--yes', '--json']);
		expect(again.exitCode).toBe(0);
		expect(JSON.parse(again.stdout)).toMatchObject({installed: [{name: 'staticcheck', replaced: false}]});
		expect(await readdir(gobin())).toEqual(['staticcheck']);
		const history = await cli(['history']);
		expect(history.stdout).toContain(`file ${path.join(gobin(), 'staticcheck')} (put in place)`);
		expect((await cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		expect(await readdir(gobin())).toEqual([]);
	});

	it('Ctrl-C while go builds: exit 130, GOBIN and the journal as they were, no staging left', async ({skip}) => {
		if (skipped) return skip(skipped);
		const child = execa(process.execPath, [CLI, 'tools', '--install', 'dlv', '--yes'], {
			cwd: sandbox.dir,
			env: {...sandbox.env, ...network, GOCACHE: BUILD_CACHE},
			extendEnv: false,
			reject: false,
			timeout: BUILD_MS,
		});
		let sent = false;
		child.stderr?.on('data', (chunk: Buffer) => {
			if (!sent && chunk.toString().includes('Building dlv')) {
				sent = true;
				child.kill('SIGINT');
			}
		});
		const result = await child;
		expect(sent).toBe(true);
		expect(result.exitCode).toBe(130);
		expect(await readdir(gobin())).toEqual([]);
		expect((await readdir(path.dirname(gobin()))).filter(name => name.includes('gotune-staging'))).toEqual([]);
		const history = await cli(['history', '--json']);
		const entries = (JSON.parse(history.stdout) as {entries: Array<{status: string}>}).entries;
		expect(entries.filter(entry => entry.status === 'applied')).toEqual([]);
	});
});
