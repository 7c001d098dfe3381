import {createReadStream} from 'node:fs';
import {mkdir, readFile, stat, symlink, writeFile} from 'node:fs/promises';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {FETCHED_TOOLCHAINS, testGoMinor} from '../helpers/toolchains.js';

/**
 * go1.27.3's zip as go itself fetched it (.ci/install-go), served with its .info, .mod and list as a file:// GOPROXY
 * in the sandbox: go get resolves toolchain@go1.27.3 and go version switches to it offline (go skips the checksum
 * database for a lone file:// GOPROXY, modfetch/sumdb.go useSumDB).
 */
async function offlineToolchainProxy(dir: string): Promise<Record<string, string>> {
	const version = 'v0.0.1-go1.27.3.linux-amd64';
	const at = path.join(dir, 'golang.org', 'toolchain', '@v');
	await mkdir(at, {recursive: true});
	const zip = path.join(FETCHED_TOOLCHAINS, 'mod', 'cache', 'download', 'golang.org', 'toolchain', '@v', `${version}.zip`);
	await symlink(zip, path.join(at, `${version}.zip`));
	await writeFile(path.join(at, `${version}.info`), JSON.stringify({Version: version}));
	await writeFile(path.join(at, `${version}.mod`), 'module golang.org/toolchain\n');
	await writeFile(path.join(at, 'list'), `${version}\n`);
	return {GOTOOLCHAIN: 'auto', GOPROXY: `file://${dir}`, GOSUMDB: 'off'};
}
const TOOLCHAIN = 'v0.0.1-go1.27.3.linux-amd64';

/**
 * The same go1.27.3 served over HTTP on 127.0.0.1, the zip at 512 kB/s (a slow proxy: the whole zip would take
 * minutes), so that a Ctrl-C lands while go downloads it. `open` counts the connections still open.
 */
async function slowToolchainProxy(): Promise<{url: string; open: () => number; close: () => Promise<void>}> {
	const zip = path.join(FETCHED_TOOLCHAINS, 'mod', 'cache', 'download', 'golang.org', 'toolchain', '@v', `${TOOLCHAIN}.zip`);
	const size = (await stat(zip)).size;
	const files: Record<string, string> = {
		list: `${TOOLCHAIN}\n`,
		[`${TOOLCHAIN}.info`]: JSON.stringify({Version: TOOLCHAIN}),
		[`${TOOLCHAIN}.mod`]: 'module golang.org/toolchain\n',
	};
	let open = 0;
	const server = http.createServer((req, res) => {
		const name = (req.url ?? '').replace(/^\/golang\.org\/toolchain\/@v\//, '');
		if (files[name] !== undefined) return void res.writeHead(200).end(files[name]);
		if (name !== `${TOOLCHAIN}.zip`) return void res.writeHead(404).end('not found');
		res.writeHead(200, {'Content-Length': size});
		const stream = createReadStream(zip, {highWaterMark: 64 * 1024});
		stream.on('data', chunk => {
			stream.pause();
			res.write(chunk);
			setTimeout(() => stream.resume(), 125);
		});
		res.on('close', () => stream.destroy());
	});
	server.on('connection', socket => {
		open++;
		socket.on('close', () => open--);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		open: () => open,
		close: async () => {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
const switches = testGoMinor() >= 21;
/** go1.27.3 is newer than the go under test (1.23, 1.26), not when the test go is go1.27.3 itself. */
const older = testGoMinor() < 27;

type PinJson = {
	goMod: string;
	command: string[];
	before: {go?: string; toolchain?: string};
	after: {go?: string; toolchain?: string};
	changeSet: string | null;
	goSumChanged: boolean;
	proof: {goVersion: string; runs?: string; pinned: boolean; wanted?: string; gotoolchain: string};
};

describe('gotune pin', () => {
	let sandbox: TestSandbox;
	let project: string;
	// Comments and spacing go get rewrites: rollback must give back these exact bytes.
	const goMod = 'module example.com/pinned // the project\n\ngo   1.22\n\n// keep this comment\n';
	beforeEach(async () => {
		sandbox = await makeSandbox();
		project = path.join(sandbox.dir, 'project');
		await mkdir(path.join(project, 'sub'), {recursive: true});
		await writeFile(path.join(project, 'go.mod'), goMod);
	});
	afterEach(async () => sandbox.cleanup());
	const exists = (file: string) =>
		stat(file).then(
			() => true,
			() => false,
		);

	it.runIf(switches)(
		'go get toolchain@go1.27.3 in the module, proven by go version there; rollback restores go.mod byte for byte',
		async () => {
			const result = await sandbox.cli(['pin', 'go1.27.3', '--yes', '--json', '--dir', 'sub'], {
				cwd: project,
				env: await offlineToolchainProxy(path.join(sandbox.dir, 'toolchain-proxy')),
				timeoutMs: 180_000,
			});
			expect(result.exitCode, result.stderr).toBe(0);
			const json = JSON.parse(result.stdout) as PinJson;
			expect(json).toMatchObject({
				goMod: path.join(project, 'go.mod'),
				command: ['go', 'get', 'toolchain@go1.27.3'],
				before: {go: '1.22'},
				after: {go: '1.22', toolchain: 'go1.27.3'},
				goSumChanged: false,
			});
			expect(json.proof).toEqual({
				goVersion: 'go version go1.27.3 linux/amd64',
				runs: 'go1.27.3',
				pinned: true,
				wanted: 'go1.27.3',
				gotoolchain: 'auto',
			});
			expect(await readFile(path.join(project, 'go.mod'), 'utf8')).toMatch(/\ntoolchain go1\.27\.3\n/);
			// go.sum was recorded but not touched: no file, and no entry for it in the history.
			expect(await exists(path.join(project, 'go.sum'))).toBe(false);
			const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: Array<{key: string}>};
			expect(history.entries.map(e => e.key)).toEqual([path.join(project, 'go.mod')]);

			const rollback = await sandbox.cli(['rollback', '--last', '--yes']);
			expect(rollback.exitCode, rollback.stderr).toBe(0);
			expect(await readFile(path.join(project, 'go.mod'), 'utf8')).toBe(goMod);
		},
	);

	it.runIf(switches && older)(
		"Ctrl-C while go downloads the toolchain: go's progress shown, exit 130, go.mod put back by the journal, go stopped",
		async () => {
			const proxy = await slowToolchainProxy();
			try {
				// go get writes the toolchain line, then go version (the proof) downloads go1.27.3 through the slow proxy.
				const child = execa(process.execPath, [CLI, 'pin', 'go1.27.3', '--yes'], {
					cwd: project,
					env: {...sandbox.env, GOTOOLCHAIN: 'auto', GOPROXY: proxy.url, GOSUMDB: 'off'},
					extendEnv: false,
					reject: false,
					timeout: 120_000,
				});
				let stderr = '';
				let sent = false;
				child.stderr?.on('data', (chunk: Buffer) => {
					stderr += chunk.toString();
					if (!sent && /go version: .* so far/.test(stderr)) {
						sent = true;
						child.kill('SIGINT');
					}
				});
				const result = await child;
				expect(sent, stderr).toBe(true);
				expect(result.exitCode, stderr).toBe(130);
				expect(stderr).toContain('go get toolchain@go1.27.3 (Ctrl-C cancels: go.mod and go.sum are put back)');
				expect(stderr).toMatch(/go version: go: downloading go1\.27\.3 \(linux\/amd64\): [\d.]+ [kM]B so far/);
				expect(result.stdout).not.toContain('Pinned');
				// go get had written the toolchain line: the journal put the bytes back.
				expect(await readFile(path.join(project, 'go.mod'), 'utf8')).toBe(goMod);
				expect(await exists(path.join(project, 'go.sum'))).toBe(false);
				const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: unknown[]};
				expect(history.entries).toEqual([]);
				// go was killed with gotune's exit: its download connection is gone.
				await expect.poll(() => proxy.open(), {timeout: 5_000}).toBe(0);
			} finally {
				await proxy.close();
			}
		},
		150_000,
	);

	it.runIf(switches && older)('GOTOOLCHAIN=local: go get go@1.27.3 is refused by go itself, nothing changes, exit 1', async () => {
		const result = await sandbox.cli(['pin', 'go@1.27.3', '--yes'], {cwd: project, env: {GOTOOLCHAIN: 'local'}});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toContain('gotune: go get go@1.27.3 failed:');
		expect(result.stderr).toMatch(/requires go >= 1\.27\.3 \(running go 1\.\d+\.\d+; GOTOOLCHAIN=local\)/);
		expect(result.stderr).toContain('go.mod and go.sum are as they were');
		expect(await readFile(path.join(project, 'go.mod'), 'utf8')).toBe(goMod);
		const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: unknown[]};
		expect(history.entries).toEqual([]);
	});

	it.runIf(!switches)('a go before 1.21 is told it knows no toolchain lines; go.mod untouched, exit 1', async () => {
		const result = await sandbox.cli(['pin', 'go1.27.3', '--yes'], {cwd: project});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toMatch(/go1\.\d+\.\d+ \(.*\) knows no toolchain lines or go@ versions \(Go 1\.21 and later\)/);
		expect(await readFile(path.join(project, 'go.mod'), 'utf8')).toBe(goMod);
	});

	it('bad input names what is allowed, exit 2', async () => {
		const language = await sandbox.cli(['pin', 'go1.27', '--yes'], {cwd: project});
		expect(language.exitCode).toBe(2);
		expect(language.stderr).toContain('go1.27 is a language version, not a toolchain: give a release such as go1.27.0');
		const banana = await sandbox.cli(['pin', 'banana', '--yes'], {cwd: project});
		expect(banana.exitCode).toBe(2);
		expect(banana.stderr).toContain('give goX.Y.Z (the toolchain line, e.g. go1.27.3) or go@X.Y[.Z] (the go line, e.g. go@1.27)');
		const outside = await sandbox.cli(['pin', 'go1.27.3', '--yes'], {cwd: sandbox.dir});
		expect(outside.exitCode).toBe(2);
		expect(outside.stderr).toContain('or above: pin works in a module (gotune init creates one)');
		expect(await readFile(path.join(project, 'go.mod'), 'utf8')).toBe(goMod);
	});
});
