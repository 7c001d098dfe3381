// Issue 20's acceptance check "gopls installed through the proxy and removed by rollback": gotune tools --install gopls
// runs the real go install through the module proxy this machine is configured with (read-only, as the whole live
// tier; skipped with the reason when that proxy does not answer), then rollback leaves GOBIN byte for byte as it was.
// Once, in the live project (the machine's go): gopls is big, so the build cache is kept in node_modules/.cache and
// filled by .ci/install-tools; the modules are downloaded again through the proxy on every run.
import {createHash} from 'node:crypto';
import {chmod, copyFile, lstat, mkdir, readdir, readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ToolsReport} from '../../source/core/tools/inspect.js';
import type {ToolsResult} from '../../source/core/tools/install.js';
import {liveGate} from '../helpers/live.js';
import {makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';
import {testGo, testGoMinor} from '../helpers/toolchains.js';

const gate = await liveGate(testGo());
/**
 * The build cache .ci/install-tools fills, and the module cache at the one path it used: go's cache keys of packages
 * in the module cache contain their directory (no -trimpath), so the build hits only at the same path. The module
 * cache is emptied before the install: every module still comes through the proxy.
 */
const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'gotune-gopls');
const BUILD_MS = 30 * 60_000;

/** Every entry under DIR: name, mode and the SHA-256 of its bytes (links by target). */
async function gobinState(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const name of (await readdir(dir)).sort()) {
		const file = path.join(dir, name);
		const info = await lstat(file);
		const mode = (info.mode & 0o7777).toString(8);
		out.push(
			info.isFile()
				? `${name} ${mode} ${createHash('sha256')
						.update(await readFile(file))
						.digest('hex')}`
				: `${name} ${mode} not a file`,
		);
	}
	return out;
}

// gopls v0.23.0's go.mod asks for go 1.25: a go before 1.21 cannot switch to it (tools-cli tests the refusal).
describe.skipIf(!gate.ok || testGoMinor() < 21)("live: gopls installed through the machine's proxy, removed by rollback", () => {
	let sandbox: TestSandbox;
	let installed: {exitCode: number; stdout: string; stderr: string};
	let before: string[];
	let seconds: number;
	const gobin = () => path.join(sandbox.env['GOPATH']!, 'bin');
	const cli = (args: string[]) =>
		sandbox.cli(args, {env: {GOCACHE: path.join(CACHE, 'gocache'), GOMODCACHE: path.join(CACHE, 'mod')}, timeoutMs: BUILD_MS});

	beforeAll(async () => {
		const network = gate.ok ? gate.network : undefined;
		sandbox = await makeSandbox({extraEnv: {...network!.settings, ...network!.passThrough}});
		// What the user already has in GOBIN: a program of theirs (gofmt of the go under test, 0750) and a note.
		await mkdir(gobin(), {recursive: true});
		await copyFile(path.join(path.dirname(sandbox.goBin), 'gofmt'), path.join(gobin(), 'mytool'));
		await chmod(path.join(gobin(), 'mytool'), 0o750);
		await copyFile(path.join(REPO_ROOT, 'package.json'), path.join(gobin(), 'notes.json'));
		before = await gobinState(gobin());
		// Empty module cache (at the path the build cache knows): go downloads gopls and its modules through the proxy.
		await execa('chmod', ['-R', 'u+w', path.join(CACHE, 'mod')], {reject: false});
		await rm(path.join(CACHE, 'mod'), {recursive: true, force: true});
		await mkdir(path.join(CACHE, 'gocache'), {recursive: true});
		const started = Date.now();
		installed = await cli(['tools', '--install', 'gopls', '--yes', '--json']);
		seconds = (Date.now() - started) / 1000;
		console.info(`gotune tools --install gopls: ${seconds.toFixed(1)} s (build cache ${path.join(CACHE, 'gocache')})`);
	}, BUILD_MS);
	afterAll(async () => {
		// Writable again, so that npm ci or rm -rf can replace node_modules; kept for the next run's build cache hits.
		await execa('chmod', ['-R', 'u+w', path.join(CACHE, 'mod')], {reject: false});
		await sandbox?.cleanup();
	});

	it('go install golang.org/x/tools/gopls@v0.23.0 through the proxy: the pinned gopls in GOBIN, built by the go under test', async () => {
		expect(installed.exitCode, installed.stderr).toBe(0);
		// Fetched through the proxy: the module cache was emptied before, and go's download of gopls is in it now. (Not
		// go's "go: downloading" line: headless progress off a terminal shows at most one line a second, a sample.)
		const zip = path.join(CACHE, 'mod', 'cache', 'download', 'golang.org', 'x', 'tools', 'gopls', '@v', 'v0.23.0.zip');
		expect((await lstat(zip)).size).toBeGreaterThan(0);
		const result = JSON.parse(installed.stdout) as ToolsResult;
		expect(result.installed).toMatchObject([{name: 'gopls', version: 'v0.23.0', path: path.join(gobin(), 'gopls'), replaced: false}]);
		const version = await execa(path.join(gobin(), 'gopls'), ['version'], {env: {HOME: sandbox.env['HOME']!}, reject: false});
		expect(version.stdout).toContain('golang.org/x/tools/gopls v0.23.0');
		const goVersion = (await sandbox.go.run(['env', 'GOVERSION'])).stdout.trim();
		const report = JSON.parse((await cli(['tools', '--json'])).stdout) as ToolsReport;
		expect(report.tools.find(t => t.name === 'gopls')).toMatchObject({version: 'v0.23.0', builtWith: goVersion});
		// Nothing else in GOBIN changed, and no staging directory is left beside it.
		expect(await gobinState(gobin())).toEqual([expect.stringMatching(/^gopls 7[57][57] [0-9a-f]{64}$/), ...before]);
		expect((await readdir(path.dirname(gobin()))).filter(name => name.includes('gotune-staging'))).toEqual([]);
	});

	it('rollback removes gopls: GOBIN byte for byte as it was (names, modes, contents)', async () => {
		expect(installed.exitCode).toBe(0);
		const history = await cli(['history']);
		expect(history.stdout).toContain(`file ${path.join(gobin(), 'gopls')} (put in place)`);
		const rollback = await cli(['rollback', '--last', '--yes']);
		expect(rollback.exitCode, rollback.stderr).toBe(0);
		expect(await gobinState(gobin())).toEqual(before);
	});
});
