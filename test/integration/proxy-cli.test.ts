import {mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startConnectProxy} from '../helpers/connect-proxy.js';
import {startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

// gotune probe / route as a user runs them (dist/cli.js), against loopback proxies only: GOPROXY and the default
// candidates (GOTUNE_PROXY_DEFAULTS) point at 127.0.0.1, GOSUMDB=off keeps the proof download from asking sum.golang.org.
const MODULES: ProxyModule[] = [
	{path: 'example.com/hello', version: 'v1.0.0', files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'}},
];
const CANDIDATE_KEYS = [
	'url',
	'source',
	'ok',
	'status',
	'error',
	'latencyMs',
	'connectMs',
	'tlsMs',
	'firstByteMs',
	'bytesPerSec',
	'detail',
];

let server: Awaited<ReturnType<typeof startModuleProxy>>;
let sandbox: TestSandbox;

beforeAll(async () => {
	server = await startModuleProxy(MODULES);
	sandbox = await makeSandbox({extraEnv: {GOSUMDB: 'off', GOTUNE_PROXY_DEFAULTS: `${server.url}/s404`}});
	// The GOPROXY in force lives in the GOENV file (not the OS environment), so --apply can change it.
	expect((await sandbox.go.run(['env', '-w', `GOPROXY=${server.url}/s500,direct`])).exitCode).toBe(0);
}, 60_000);

afterAll(async () => {
	await server?.close();
	await sandbox?.cleanup();
});

describe('gotune probe', () => {
	it('--json: one document with exactly the documented fields; current, default candidates; exit 0', async () => {
		const result = await sandbox.cli(['probe', '--module', 'example.com/hello@v1.0.0', '--json', '--timeout', '3', server.url]);
		expect(result.exitCode).toBe(0);
		const doc = JSON.parse(result.stdout) as {module: string; candidates: Array<Record<string, unknown>>; goproxy: string};
		expect(Object.keys(doc)).toEqual(['module', 'candidates', 'goproxy']);
		expect(doc.module).toBe('example.com/hello@v1.0.0');
		expect(doc.candidates).toHaveLength(1);
		expect(Object.keys(doc.candidates[0]!)).toEqual(CANDIDATE_KEYS);
		expect(doc.candidates[0]).toMatchObject({url: server.url, source: 'argument', ok: true, status: 200, error: null, tlsMs: null});
		expect(doc.goproxy).toBe(`${server.url},direct`);
		const noDirect = await sandbox.cli(['probe', '--module', 'example.com/hello@v1.0.0', '--json', '--no-direct', server.url]);
		expect((JSON.parse(noDirect.stdout) as {goproxy: string}).goproxy).toBe(server.url);
	});

	it('an HTTPS_PROXY that closes every tunnel fails its candidate in the JSON, at once; the other candidate still reports', async () => {
		// Issue 18 (4): this run used to exit 0 with an empty stdout (a promise nothing could settle any more).
		const tunnel = await startConnectProxy({}, {hostile: 'close-before-answer'});
		try {
			const started = Date.now();
			const result = await sandbox.cli(
				['probe', '--module', 'example.com/hello@v1.0.0', '--json', '--timeout', '10', 'https://goproxy.test', server.url],
				{env: {HTTPS_PROXY: tunnel.url}},
			);
			expect(Date.now() - started).toBeLessThan(8000);
			const doc = JSON.parse(result.stdout) as {candidates: Array<Record<string, unknown>>};
			expect(doc.candidates.map(c => [c['url'], c['ok'], c['error']])).toEqual([
				['https://goproxy.test', false, 'protocol'],
				[server.url, true, null],
			]);
			expect(doc.candidates[0]!['detail']).toMatch(/closed the tunnel to goproxy\.test:443/);
			expect(result.exitCode).toBe(0);
		} finally {
			await tunnel.close();
		}
	});

	it('the last probe is kept for gotune report (0600), with its time, credentials in a candidate masked', async () => {
		const withUser = server.url.replace('http://', 'http://probe-user:canary-PROBE-S3CRET@');
		const probe = await sandbox.cli(['probe', '--module', 'example.com/hello@v1.0.0', '--timeout', '3', withUser, `${server.url}/s404`]);
		expect(probe.exitCode).toBe(0);
		const report = JSON.parse((await sandbox.cli(['report', '--json'])).stdout) as {
			probes: {time: string; module: string; goproxy: string; candidates: Array<{url: string; ok: boolean; latencyMs: number | null}>};
		};
		expect(Date.now() - Date.parse(report.probes.time)).toBeLessThan(10 * 60_000);
		expect(report.probes.module).toBe('example.com/hello@v1.0.0');
		const [served, missing] = report.probes.candidates;
		expect(served).toMatchObject({url: server.url.replace('http://', 'http://***@'), ok: true});
		expect(served!.latencyMs).toBeGreaterThan(0);
		expect(missing).toMatchObject({url: `${server.url}/s404`, ok: false, latencyMs: null});
		const markdown = (await sandbox.cli(['report', '--markdown'])).stdout;
		expect(markdown).toMatch(/## Probe results\n\nFor `example.com\/hello@v1.0.0`, \d{4}-\d\d-\d\d [\d:]{8} UTC; composed GOPROXY: /);
		expect(markdown).toMatch(new RegExp(`\\| \`${server.url.replace('http://', 'http://\\*\\*\\*@')}\` \\| ok \\| \\d`));
		expect(markdown).not.toContain('canary-PROBE-S3CRET');
		const stored = path.join(sandbox.env['GOTUNE_HOME']!, 'preferences.json');
		expect(await readFile(stored, 'utf8')).toContain('"lastProbe"');
		expect((await stat(stored)).mode & 0o777).toBe(0o600);
	});

	it('without URLs probes the GOPROXY in force and the defaults; unmeasured numbers are null', async () => {
		const result = await sandbox.cli(['probe', '--module', 'example.com/hello@v1.0.0', '--json']);
		const doc = JSON.parse(result.stdout) as {candidates: Array<Record<string, unknown>>; goproxy: string | null};
		expect(doc.candidates.map(c => [c['url'], c['source'], c['error']])).toEqual([
			[`${server.url}/s500`, 'current', 'server-error'],
			[`${server.url}/s404`, 'default', 'not-found'],
		]);
		for (const c of doc.candidates) for (const key of ['latencyMs', 'firstByteMs', 'bytesPerSec']) expect(c[key]).toBeNull();
		expect(doc.goproxy).toBeNull();
		expect(result.exitCode).toBe(1);
	});

	it('text output warns about "," after the failing current proxy', async () => {
		const result = await sandbox.cli(['probe', '--module', 'example.com/hello@v1.0.0', '--timeout', '3']);
		expect(result.stdout).toMatch(/failed during the probe \(server-error\) and is followed by ","/);
	});

	it.each([
		[['probe', 'direct'], /"direct" is a GOPROXY keyword/],
		[['probe', 'ftp://mirror.example'], /scheme ftp; go accepts only https:\/\/, http:\/\/ and file:\/\//],
		[['probe', 'file://host/dir'], /absolute file:\/\/ URL/],
		[['probe', '--timeout', '0', 'http://127.0.0.1:9'], /--timeout 0 is not a number of seconds/],
		[['probe', '--module', 'example.com/hello', 'http://127.0.0.1:9'], /needs PATH@VERSION/],
		[['probe', '--module', 'example.com/hello@latest', 'http://127.0.0.1:9'], /not an exact version/],
		[['route', 'not a path'], /is not a module path/],
	])('bad input %j exits 2 naming it', async (args, message) => {
		const result = await sandbox.cli(args);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('suggests GOPRIVATE patterns from the git remote and from requirements the best proxy cannot serve', async () => {
		const dir = path.join(sandbox.dir, 'project');
		await mkdir(dir, {recursive: true});
		await writeFile(
			path.join(dir, 'go.mod'),
			'module git.corp.example/team/app\n\ngo 1.19\n\nrequire (\n\texample.com/hello v1.0.0\n\tgithub.com/acme/secret v0.3.0\n)\n',
		);
		const git = (args: string[]) => execa('git', ['-C', dir, ...args], {env: {...process.env, HOME: sandbox.env['HOME']}});
		await git(['init', '-q']);
		await git(['remote', 'add', 'origin', 'git@git.corp.example:team/app.git']);
		const result = await sandbox.cli(['probe', '--timeout', '3', server.url], {cwd: dir});
		expect(result.exitCode).toBe(0);
		// The probe module is the first requirement.
		expect(result.stdout).toContain('Probe of example.com/hello@v1.0.0');
		expect(result.stdout).toMatch(/GOPRIVATE suggestions/);
		expect(result.stdout).toMatch(/github\.com\/acme\s+no proxy could serve github\.com\/acme\/secret/);
		expect(result.stdout).toMatch(
			/git\.corp\.example\s+git remote origin \(git@git\.corp\.example:team\/app\.git\) is on git\.corp\.example, which public proxies cannot reach/,
		);
		expect(result.stdout).not.toMatch(/example\.com\/hello\s+no proxy/);
	});

	it('--apply --yes writes GOPROXY through the journal, then the real go downloads the module with it', async () => {
		const result = await sandbox.cli(['probe', '--module', 'example.com/hello@v1.0.0', '--apply', '--yes', '--json', server.url]);
		expect(result.exitCode).toBe(0);
		const doc = JSON.parse(result.stdout) as {goproxy: string; applied: string; proof: {ok: boolean; downloads: string[]}};
		expect(doc.proof.ok).toBe(true);
		expect(doc.proof.downloads.some(line => line.includes(`${server.url}/example.com/hello/@v/v1.0.0.zip`))).toBe(true);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toContain(`GOPROXY=${server.url},direct`);
		const history = await sandbox.cli(['history', '--json']);
		expect(history.stdout).toContain(`${server.url},direct`);
		expect(history.stdout).toContain(`${server.url}/s500,direct`);
		// Undo restores the previous value.
		expect((await sandbox.cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		expect(await readFile(sandbox.env['GOENV']!, 'utf8')).toContain(`GOPROXY=${server.url}/s500,direct`);
	});
});

describe('gotune route --json', () => {
	it('one entry per module with the documented fields, agreeing with the settings in force', async () => {
		const result = await sandbox.cli(['route', 'example.com/hello@v1.0.0', 'git.corp.example/x', '--json'], {
			env: {GOPRIVATE: '*.corp.example', GOINSECURE: 'git.corp.example'},
		});
		expect(result.exitCode).toBe(0);
		const routes = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
		expect(routes.map(r => Object.keys(r).slice(0, 5))).toEqual(
			[0, 1].map(() => ['module', 'matched', 'sources', 'checksumDb', 'insecure']),
		);
		expect(routes[0]).toMatchObject({
			module: 'example.com/hello@v1.0.0',
			matched: {GOPRIVATE: null, GONOPROXY: null, GONOSUMDB: null, GOINSECURE: null},
			sources: [
				{url: `${server.url}/s500`, then: ','},
				{url: 'direct', then: null},
			],
			checksumDb: null,
			insecure: false,
		});
		expect(routes[1]).toMatchObject({
			matched: {GOPRIVATE: '*.corp.example', GONOPROXY: '*.corp.example', GONOSUMDB: '*.corp.example', GOINSECURE: 'git.corp.example'},
			sources: [{url: 'direct', then: null}],
			checksumDb: null,
			insecure: true,
		});
	});
});
