// install-go --from proxy against a module proxy and a checksum database served on loopback with a key made for
// the test: the real protocol, so the real go verifies against the same server (the oracle for the database), and
// the faults a real database cannot be asked to produce (forged head, broken proof, wrong record) are injected there.
import {mkdir, readFile, readdir, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {refusedPort, storedZip} from '../helpers/module-proxy.js';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {startSumdbProxy, type Fault, type SumdbServer} from '../helpers/sumdb-server.js';

const SOURCE = '/usr/lib/go-1.23';
const TOOLCHAIN = 'golang.org/toolchain';

type InstallJson = {version: string; prefix: string; source: string; h1: string | null; archive: {url: string}; changeSet: string};

describe('gotune install-go --from proxy', () => {
	let server: SumdbServer;
	let proxied: SumdbServer;
	let goVersion: string;
	let moduleVersion: string;
	let sandbox: TestSandbox;
	beforeAll(async () => {
		goVersion = (await readFile(path.join(SOURCE, 'VERSION'), 'utf8')).split('\n')[0]!.trim();
		moduleVersion = `v0.0.1-${goVersion}.linux-amd64`;
		// A small toolchain in the module layout: Debian's real go 1.23 binaries (go version must print the release),
		// one real tool, the wasm exec scripts under lib/, a plain file under lib/, and src/_go.mod as the real zips carry.
		const file = (name: string) => readFile(path.join(SOURCE, name));
		const entries: Array<[string, string | Buffer]> = [
			['VERSION', await file('VERSION')],
			['go.env', await file('go.env')],
			['bin/go', await file('bin/go')],
			['bin/gofmt', await file('bin/gofmt')],
			['pkg/tool/linux_amd64/buildid', await file('pkg/tool/linux_amd64/buildid')],
			['lib/wasm/go_js_wasm_exec', await file('misc/wasm/go_js_wasm_exec')],
			['lib/wasm/wasm_exec.html', await file('misc/wasm/wasm_exec.html')],
			['src/_go.mod', 'module std\n\ngo 1.23\n'],
			['src/cmd/_go.mod', 'module cmd\n\ngo 1.23\n'],
		];
		const modules = [
			{
				path: TOOLCHAIN,
				version: moduleVersion,
				mod: `module ${TOOLCHAIN}\n`,
				zip: storedZip(entries.map(([n, d]) => [`${TOOLCHAIN}@${moduleVersion}/${n}`, d])),
			},
			{
				path: 'example.com/hello',
				version: 'v1.0.0',
				mod: 'module example.com/hello\n',
				zip: storedZip([
					['example.com/hello@v1.0.0/go.mod', 'module example.com/hello\n'],
					['example.com/hello@v1.0.0/hello.go', 'package hello\n'],
				]),
			},
		];
		server = await startSumdbProxy(modules);
		proxied = await startSumdbProxy(modules, {proxiesSumdb: true});
	}, 60_000);
	afterAll(async () => {
		await server?.close();
		await proxied?.close();
	});
	beforeEach(async () => {
		sandbox = await makeSandbox({extraEnv: {SHELL: '/bin/bash'}});
		server.setFault(undefined);
		server.requests.length = 0;
	});
	afterEach(async () => sandbox.cleanup());

	const prefix = () => path.join(sandbox.dir, 'opt', 'go');
	const via = (s: SumdbServer) => ({GOPROXY: s.url, GOSUMDB: s.gosumdb, GOTUNE_GO_MIRROR: undefined});
	const install = (args: string[] = [], env: Record<string, string | undefined> = via(server)) =>
		sandbox.cli(['install-go', goVersion.slice(2), '--from', 'proxy', '--prefix', prefix(), '--yes', '--json', ...args], {
			env,
			timeoutMs: 120_000,
		});
	const leftovers = async () => (await readdir(path.join(sandbox.dir, 'opt')).catch(() => [] as string[])).sort();
	const mode = async (file: string) => (await stat(path.join(prefix(), file))).mode & 0o777;

	it('the real go verifies modules against this checksum database (the oracle) and refuses its forged head', async () => {
		const dir = path.join(sandbox.dir, 'oracle');
		await mkdir(dir);
		const download = (module: string) =>
			sandbox.go.run(['mod', 'download', '-json', module], {
				cwd: dir,
				env: {...via(server), GOMODCACHE: path.join(dir, 'mod'), GOFLAGS: '-modcacherw', GONOSUMDB: '', GOPRIVATE: ''},
				timeoutMs: 60_000,
			});
		const ok = await download('example.com/hello@v1.0.0');
		expect(ok.exitCode, ok.stderr).toBe(0);
		expect(server.requests).toContain('/db/lookup/example.com/hello@v1.0.0');
		expect(server.requests.some(r => r.startsWith('/db/tile/8/0/'))).toBe(true);
		const toolchain = await download(`${TOOLCHAIN}@${moduleVersion}`);
		expect(toolchain.exitCode, toolchain.stderr).toBe(0);
		expect((JSON.parse(toolchain.stdout) as {Sum: string}).Sum).toMatch(/^h1:/);
		server.setFault('forged-head');
		await writeFile(path.join(dir, 'go.mod'), 'module example.com/m\n');
		const forged = await sandbox.go.run(['mod', 'download', '-json', 'example.com/hello@v1.0.0'], {
			cwd: dir,
			env: {...via(server), GOMODCACHE: path.join(dir, 'mod2'), GOFLAGS: '-modcacherw'},
			timeoutMs: 60_000,
		});
		expect(forged.exitCode).not.toBe(0);
		expect(forged.stdout + forged.stderr).toMatch(/verification failed|malformed|invalid signature|unknown key/i);
	});

	it('installs a verified toolchain: go exec bits, go.mod restored, JSON with source and the h1 go computes', async () => {
		const result = await install();
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as InstallJson;
		expect(json).toMatchObject({version: goVersion, prefix: prefix(), source: 'proxy', h1: expect.stringMatching(/^h1:/)});
		expect(json.archive.url).toBe(`${server.url}/${TOOLCHAIN}/@v/${moduleVersion}.zip`);
		// The same h1 the real go records for this zip.
		const dir = path.join(sandbox.dir, 'oracle');
		await mkdir(dir);
		const go = await sandbox.go.run(['mod', 'download', '-json', `${TOOLCHAIN}@${moduleVersion}`], {
			cwd: dir,
			env: {...via(server), GOMODCACHE: path.join(dir, 'mod'), GOFLAGS: '-modcacherw'},
			timeoutMs: 60_000,
		});
		expect(go.exitCode, go.stderr).toBe(0);
		expect(json.h1).toBe((JSON.parse(go.stdout) as {Sum: string}).Sum);
		expect(server.requests).toContain(`/db/lookup/${TOOLCHAIN}@${moduleVersion}`);
		expect(server.requests).toContain('/db/latest');
		for (const exec of ['bin/go', 'bin/gofmt', 'pkg/tool/linux_amd64/buildid', 'lib/wasm/go_js_wasm_exec'])
			expect(await mode(exec), exec).toBe(0o755);
		for (const plain of ['VERSION', 'go.env', 'lib/wasm/wasm_exec.html', 'src/_go.mod', 'src/go.mod'])
			expect(await mode(plain), plain).toBe(0o644);
		expect(await readFile(path.join(prefix(), 'src', 'cmd', 'go.mod'), 'utf8')).toBe('module cmd\n\ngo 1.23\n');
		expect(await leftovers()).toEqual(['go']);
	});

	it('goes through the proxy for the checksum database when the proxy answers /sumdb/NAME/supported', async () => {
		proxied.requests.length = 0;
		const result = await install([], via(proxied));
		expect(result.exitCode, result.stderr).toBe(0);
		expect(proxied.requests).toContain(`/sumdb/${proxied.name}/supported`);
		expect(proxied.requests).toContain(`/sumdb/${proxied.name}/lookup/${TOOLCHAIN}@${moduleVersion}`);
		expect(proxied.requests.some(r => r.startsWith('/db/'))).toBe(false);
	});

	it.each<[Fault, RegExp]>([
		[
			'tampered-zip',
			/checksum mismatch \(SECURITY ERROR\): the downloaded zip is h1:\S+, the checksum database sum\.gotune\.test says h1:/,
		],
		['wrong-h1', /checksum mismatch \(SECURITY ERROR\)/],
		['forged-head', /signature by sum\.gotune\.test does not verify with its public key/],
		['broken-proof', /the inclusion proof failed: record \d+ and the tiles do not hash to the signed tree/],
	])('%s: refused before extracting, nothing left behind', async (fault, message) => {
		const bashrc = path.join(sandbox.env['HOME']!, '.bashrc');
		await writeFile(bashrc, '# mine\n');
		server.setFault(fault);
		const result = await install();
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).toMatch(/[Nn]othing was installed/);
		expect(await leftovers()).toEqual([]);
		expect(await readFile(bashrc, 'utf8')).toBe('# mine\n');
		expect((await sandbox.cli(['history', '--json'])).stdout).not.toContain('install-go');
	});

	it('GOSUMDB=off is refused as go refuses it; GONOSUMDB matching the toolchain is noted and verification still happens', async () => {
		const off = await install([], {...via(server), GOSUMDB: 'off'});
		expect(off.exitCode).toBe(2);
		expect(off.stderr).toContain('GOSUMDB=off: go always verifies golang.org/toolchain against the checksum database');
		expect(await leftovers()).toEqual([]);
		const result = await sandbox.cli(['install-go', goVersion.slice(2), '--from', 'proxy', '--prefix', prefix(), '--yes'], {
			env: {...via(server), GONOSUMDB: 'golang.org'},
			timeoutMs: 120_000,
		});
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stdout).toContain(
			'GONOSUMDB matches golang.org/toolchain, but go checks toolchains against the checksum database anyway',
		);
		expect(server.requests).toContain(`/db/lookup/${TOOLCHAIN}@${moduleVersion}`);
	});

	it('walks GOPROXY as go does: 404 after "," moves on, a refused proxy only after "|", "direct" is refused for the toolchain module', async () => {
		const walked = await install([], {...via(server), GOPROXY: `${server.url}/nothing-here,${server.url}`});
		expect(walked.exitCode, walked.stderr).toBe(0);
		const direct = await sandbox.cli(
			['install-go', goVersion.slice(2), '--from', 'proxy', '--prefix', path.join(sandbox.dir, 'other'), '--yes'],
			{
				env: {...via(server), GOPROXY: 'direct'},
			},
		);
		expect(direct.exitCode).toBe(1);
		expect(direct.stderr).toContain('golang.org/toolchain has no version control origin');
		// A refused connection is not a 404: after "," go stops there, after "|" it moves on.
		const closed = `http://127.0.0.1:${await refusedPort()}`;
		const comma = await sandbox.cli(
			['install-go', goVersion.slice(2), '--from', 'proxy', '--prefix', path.join(sandbox.dir, 'other'), '--yes'],
			{
				env: {...via(server), GOPROXY: `${closed},${server.url}`},
			},
		);
		expect(comma.exitCode).toBe(1);
		expect(comma.stderr).toContain(
			`no proxy in GOPROXY served the golang.org/toolchain version list: ${closed}/golang.org/toolchain/@v/list`,
		);
		expect(await stat(path.join(sandbox.dir, 'other')).catch(() => undefined)).toBeUndefined();
		const pipe = await sandbox.cli(
			['install-go', goVersion.slice(2), '--from', 'proxy', '--prefix', path.join(sandbox.dir, 'other'), '--yes'],
			{
				env: {...via(server), GOPROXY: `${closed}|${server.url}`},
				timeoutMs: 120_000,
			},
		);
		expect(pipe.exitCode, pipe.stderr).toBe(0);
	});

	it('without --from: the archive site unreachable (HTTPS_PROXY refuses), it installs through the module proxy and says so', async () => {
		// The archive site is reached through a proxy that refuses connections; the loopback module proxy bypasses it (NO_PROXY).
		const port = await refusedPort();
		const result = await sandbox.cli(['install-go', goVersion.slice(2), '--prefix', prefix(), '--yes'], {
			env: {...via(server), HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '127.0.0.1'},
			timeoutMs: 120_000,
		});
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/installing through the module proxy instead/);
		expect(result.stdout).toMatch(/h1:\S+ proven in sum\.gotune\.test's signed tree/);
	});

	it('works with no go on PATH (GOPROXY and GOSUMDB from the environment)', async () => {
		const bin = path.join(sandbox.dir, 'nogo-bin');
		await mkdir(bin);
		await symlink('/bin/sync', path.join(bin, 'sync'));
		const result = await install([], {...via(server), PATH: bin});
		expect(result.exitCode, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({source: 'proxy', version: goVersion});
	});

	it('Ctrl-C during the zip download exits 130 with nothing left behind', async () => {
		server.setFault('stall-zip');
		const child = execa(process.execPath, [CLI, 'install-go', goVersion.slice(2), '--from', 'proxy', '--prefix', prefix(), '--yes'], {
			cwd: sandbox.dir,
			env: {...(sandbox.env as Record<string, string>), GOPROXY: server.url, GOSUMDB: server.gosumdb},
			extendEnv: false,
			reject: false,
			timeout: 60_000,
		});
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			if (/Downloading v0\.0\.1-go/.test(stderr)) child.kill('SIGINT');
		});
		const result = await child;
		expect(result.exitCode, stderr).toBe(130);
		expect(await leftovers()).toEqual([]);
	});

	it('rollback of a proxy install undoes it byte for byte', async () => {
		const bashrc = path.join(sandbox.env['HOME']!, '.bashrc');
		const before = '# my bashrc\n\u00e9t\u00e9 no trailing newline';
		await writeFile(bashrc, before);
		const result = await install();
		expect(result.exitCode, result.stderr).toBe(0);
		expect(await readFile(bashrc, 'utf8')).toContain(`export PATH='${prefix()}/bin'`);
		const rollback = await sandbox.cli(['rollback', '--last', '--yes']);
		expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(0);
		expect(await leftovers()).toEqual([]);
		expect(await readFile(bashrc, 'utf8')).toBe(before);
	});
});
