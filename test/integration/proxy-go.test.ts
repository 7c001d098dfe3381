import {mkdtemp, rm} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	composeGoproxy,
	fallsThroughOn,
	matchingPattern,
	parseGosumdb,
	probeCandidates,
	routeModule,
	type Candidate,
	type Route,
	type RouteSettings,
} from '../../source/core/proxy/index.js';
import {quietContext} from '../../source/core/task.js';
import {startConnectProxy} from '../helpers/connect-proxy.js';
import {refusedPort, startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {makeTestPki, type TestPki} from '../helpers/tls-cert.js';

// The real go (GOTUNE_TEST_GO: 1.19 and 1.23) against loopback servers only. Direct (VCS) fetches would leave the
// machine, so HTTP(S)_PROXY points at a refused loopback port: a direct fetch fails at once with "proxyconnect",
// which is how these tests see that go went direct; loopback proxies are never proxied (httpproxy's rule).
const MODULES: ProxyModule[] = [
	{path: 'example.com/hello', version: 'v1.0.0', files: {'go.mod': 'module example.com/hello\n', 'hello.go': 'package hello\n'}},
	{path: 'example.com/Upper/Lib', version: 'v0.1.0', files: {'go.mod': 'module example.com/Upper/Lib\n', 'lib.go': 'package lib\n'}},
	{
		path: 'git.corp.example/team/lib',
		version: 'v1.2.3',
		files: {'go.mod': 'module git.corp.example/team/lib\n', 'lib.go': 'package lib\n'},
	},
];

let sandbox: TestSandbox;
let server: Awaited<ReturnType<typeof startModuleProxy>>;
let deadPort: number;

beforeAll(async () => {
	server = await startModuleProxy(MODULES);
	deadPort = await refusedPort();
	sandbox = await makeSandbox();
}, 60_000);

afterAll(async () => {
	await server?.close();
	await sandbox?.cleanup();
});

/** go mod download in a fresh module cache (a cached module would hide where go fetches from). */
async function download(modVersion: string, env: Record<string, string>): Promise<{ok: boolean; stderr: string}> {
	const cache = await mkdtemp(path.join(sandbox.dir, 'modcache-'));
	try {
		const run = await sandbox.go.run(['mod', 'download', '-json', modVersion], {
			cwd: sandbox.dir,
			env: {
				GOMODCACHE: cache,
				GOFLAGS: '-modcacherw',
				GOSUMDB: 'off',
				HTTPS_PROXY: `http://127.0.0.1:${deadPort}`,
				HTTP_PROXY: `http://127.0.0.1:${deadPort}`,
				NO_PROXY: '',
				...env,
			},
			timeoutMs: 60_000,
		});
		return {ok: run.exitCode === 0, stderr: run.stderr + run.stdout};
	} finally {
		await rm(cache, {recursive: true, force: true});
	}
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const out: R[] = [];
	for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
	return out;
}

describe("GOPRIVATE/GONOPROXY glob corpus: gotune's matches agree with the real go", () => {
	const patterns = [
		'example.com',
		'*.com',
		'example.com/hell*',
		'*/hello',
		'example.com/',
		'[bad,example.com',
		'example',
		'example.com/hell',
		'example.com/hello/sub',
		' example.com',
		'EXAMPLE.COM',
		'a.example, example.com',
		'a.example,example.com',
		'example.com/Upper',
		'example.com/upper',
		'example.com/!upper',
		'*/Upper/*',
		'example.?om',
		'exampl[a-e].com',
		'exampl[^e].com',
		'*.corp.example',
		'git.corp.example/team',
		'git.corp.example/*',
		'*/*/lib',
		'git.corp.example/te',
		'example.com\\',
		',,',
		'none',
		'*',
		'example.com,[',
		'*\\.com',
		'git.corp.example/team/lib/',
		'git.corp.example//team',
	];
	const targets = [
		['example.com/hello', 'v1.0.0'],
		['example.com/Upper/Lib', 'v0.1.0'],
		['git.corp.example/team/lib', 'v1.2.3'],
	] as const;
	const cases = patterns.flatMap(pattern => targets.map(([mod, version]) => ({pattern, mod, version})));

	it(`${cases.length} pattern × module cases`, async () => {
		const results = await inBatches(cases, 6, async ({pattern, mod, version}) => {
			const run = await download(`${mod}@${version}`, {GOPROXY: server.url, GONOPROXY: pattern, GOPRIVATE: ''});
			const wentDirect = !run.ok && /proxyconnect|unrecognized import path|go-get=1/.test(run.stderr);
			if (!run.ok && !wentDirect) throw new Error(`unexpected go failure for ${JSON.stringify(pattern)} ${mod}: ${run.stderr}`);
			return {pattern, mod, go: wentDirect, gotune: matchingPattern(pattern, mod) !== undefined};
		});
		const disagreements = results.filter(r => r.go !== r.gotune);
		expect(disagreements).toEqual([]);
		// The corpus exercises both answers.
		expect(results.filter(r => r.go).length).toBeGreaterThan(10);
		expect(results.filter(r => !r.go).length).toBeGreaterThan(10);
	});

	it('GONOSUMDB uses the same matching: a match skips the checksum database, a miss asks it (and fails offline)', async () => {
		for (const [pattern, skip] of [
			['example.com', true],
			[' example.com', false],
			['*/hello', true],
			['example', false],
		] as const) {
			const run = await download('example.com/hello@v1.0.0', {GOPROXY: server.url, GONOSUMDB: pattern, GOSUMDB: 'sum.golang.org'});
			expect({pattern, ok: run.ok}).toEqual({pattern, ok: skip});
			expect(matchingPattern(pattern, 'example.com/hello') !== undefined).toBe(skip);
		}
	});
});

/** What route predicts: walk the sources with each server's known answer. */
function predict(route: Route, answers: Record<string, 'ok' | 'not-found' | 'error'>): boolean {
	for (const source of route.sources) {
		const answer = answers[source.url] ?? 'error';
		if (answer === 'ok') return true;
		const next = fallsThroughOn(source.then);
		if (next === 'never' || (next === 'not-found' && answer !== 'not-found')) return false;
	}
	return false;
}

describe('"," vs "|": the real go fails exactly where route predicted', () => {
	const base = (): RouteSettings => ({GOPROXY: '', GOPRIVATE: '', GONOPROXY: '', GONOSUMDB: '', GOINSECURE: '', GOSUMDB: 'off'});
	it('for 404, 410, 403, 500, a refused port and off, with both separators', async () => {
		const ok = `${server.url}/ok`;
		const answers: Record<string, 'ok' | 'not-found' | 'error'> = {
			[ok]: 'ok',
			[`${server.url}/s404`]: 'not-found',
			[`${server.url}/s410`]: 'not-found',
			[`${server.url}/s403`]: 'error',
			[`${server.url}/s500`]: 'error',
			[`http://127.0.0.1:${deadPort}`]: 'error',
		};
		const firsts = Object.keys(answers).filter(url => url !== ok);
		const values = firsts.flatMap(first => [`${first},${ok}`, `${first}|${ok}`]);
		values.push(
			`${server.url}/s404,off`,
			`off,${ok}`,
			`${server.url}/s500|${server.url}/s404`,
			`${server.url}/s404,${server.url}/s410,${ok}`,
		);
		const results = await inBatches(values, 6, async value => {
			const route = routeModule('example.com/hello@v1.0.0', {...base(), GOPROXY: value});
			const run = await download('example.com/hello@v1.0.0', {GOPROXY: value});
			return {value, predicted: predict(route, answers), go: run.ok};
		});
		expect(results.filter(r => r.predicted !== r.go)).toEqual([]);
		expect(results.find(r => r.value === `${server.url}/s500,${ok}`)).toMatchObject({go: false});
		expect(results.find(r => r.value === `${server.url}/s500|${ok}`)).toMatchObject({go: true});
	});
});

describe('the GOPROXY gotune composes works with the real go', () => {
	it('probe three candidates (one failing with 500), compose, and download through the result', async () => {
		const slow = await startModuleProxy(MODULES, {latencyMs: 80});
		try {
			const candidates: Candidate[] = [`${server.url}/s500`, slow.url, server.url].map(url => ({url, shown: url, source: 'argument'}));
			const {results} = await probeCandidates(
				{candidates, module: {path: 'example.com/hello', version: 'v1.0.0'}, timeoutMs: 5000, env: sandbox.env, sumdbName: null},
				quietContext(),
			);
			const composed = composeGoproxy(results);
			expect(composed.value).toBe(`${server.url}|${slow.url},direct`);
			const run = await download('example.com/Upper/Lib@v0.1.0', {GOPROXY: composed.value!});
			expect(run).toMatchObject({ok: true});
		} finally {
			await slow.close();
		}
	});
});

describe('HTTPS_PROXY (CONNECT) and SSL_CERT_FILE: gotune probes the way go downloads', () => {
	let pki: TestPki;
	let tlsServer: Awaited<ReturnType<typeof startModuleProxy>>;
	beforeAll(async () => {
		pki = await makeTestPki(['goproxy.test']);
		tlsServer = await startModuleProxy(MODULES, {tls: pki.server});
	}, 60_000);
	afterAll(async () => {
		await tlsServer?.close();
		await pki?.cleanup();
	});

	it('both reach https://goproxy.test through the tunnel, trusting the test CA', async () => {
		const tunnel = await startConnectProxy({'goproxy.test': tlsServer.port});
		try {
			const url = `https://goproxy.test:${tlsServer.port}`;
			const netEnv = {HTTPS_PROXY: tunnel.url, SSL_CERT_FILE: pki.caFile};
			const {results} = await probeCandidates(
				{
					candidates: [{url, shown: url, source: 'argument'}],
					module: {path: 'example.com/hello', version: 'v1.0.0'},
					timeoutMs: 5000,
					env: {...sandbox.env, ...netEnv},
					sumdbName: null,
				},
				quietContext(),
			);
			expect(results[0]).toMatchObject({ok: true, error: null});
			const run = await download('example.com/hello@v1.0.0', {GOPROXY: url, ...netEnv});
			expect(run).toMatchObject({ok: true});
			// Without the CA both fail on the certificate.
			const {results: untrusted} = await probeCandidates(
				{
					candidates: [{url, shown: url, source: 'argument'}],
					module: {path: 'example.com/hello', version: 'v1.0.0'},
					timeoutMs: 5000,
					env: {...sandbox.env, HTTPS_PROXY: tunnel.url},
					sumdbName: null,
				},
				quietContext(),
			);
			expect(untrusted[0]).toMatchObject({ok: false, error: 'tls'});
			const goUntrusted = await download('example.com/hello@v1.0.0', {GOPROXY: url, HTTPS_PROXY: tunnel.url});
			expect(goUntrusted.ok).toBe(false);
			expect(goUntrusted.stderr).toMatch(/certificate/);
		} finally {
			await tunnel.close();
		}
	});
});

describe('GOSUMDB validation agrees with the real go', () => {
	// go validates GOSUMDB only at the first checksum lookup: a fresh module cache and no go.sum force one. Valid values
	// then fail later, on the network (direct lookups go to the refused HTTPS_PROXY, explicit URLs to a refused port).
	const values = [
		'foo',
		'OFF',
		' ',
		'sum.golang.org https://a.example https://b.example',
		'sum.golang.google.cn https://sum.golang.google.cn',
		'sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
		'sumdb.example.test+5175223e+AoGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++',
		'sumdb.example.test+bf228e75+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA38=',
		'sum.golang.org ://bad',
		'example.test/+b4da4ff7+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++',
		'user@example.test+563e48ef+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++',
		'sum.golang.org',
		'sum.golang.google.cn',
		'sum.golang.org+033DE0AE+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
		'sumdb.example.test+88a9f496+AaJ7UdskG/HwpgZM+1UymYQtvVNdrkLu2oYlgpdTpnVS http://127.0.0.1:9',
		'localhost:8443+e7652753+AdvvCuZ94V3AAc7PM1Qsvdv866XvUT8OTCVhxqiLG9Pk http://127.0.0.1:9',
	];
	it(`${values.length} values: go's error is gotune's, word for word; accepted values get past parsing`, async () => {
		const results = await inBatches(values, 6, async value => {
			const run = await download('example.com/hello@v1.0.0', {GOPROXY: server.url, GOSUMDB: value, GONOSUMDB: ''});
			return {value, stderr: run.stderr, ok: run.ok, verdict: parseGosumdb(value)};
		});
		for (const r of results) {
			expect({value: r.value, ok: r.ok}).toEqual({value: r.value, ok: false});
			if (r.verdict.ok)
				expect({value: r.value, stderr: r.stderr}).not.toEqual({
					value: r.value,
					stderr: expect.stringMatching(/invalid GOSUMDB|missing GOSUMDB|invalid sumdb name|malformed verifier/),
				});
			// go mod download -json prints the error inside a JSON string (quotes escaped).
			else expect(r.stderr).toContain(JSON.stringify(r.verdict.error).slice(1, -1));
		}
	});
});

describe('HTTP_PROXY: plain http:// proxies are reached through it in absolute form, by go and by gotune', () => {
	it('both fetch http://goproxy.test through the proxy', async () => {
		const forward = await startConnectProxy({'goproxy.test': server.port});
		try {
			const url = `http://goproxy.test:${server.port}`;
			const {results} = await probeCandidates(
				{
					candidates: [{url, shown: url, source: 'argument'}],
					module: {path: 'example.com/hello', version: 'v1.0.0'},
					timeoutMs: 5000,
					env: {...sandbox.env, HTTP_PROXY: forward.url},
					sumdbName: null,
				},
				quietContext(),
			);
			expect(results[0]).toMatchObject({ok: true, error: null});
			expect(forward.tunnels).toContain(`GET ${url}/example.com/hello/@v/list`);
			const before = forward.tunnels.length;
			const run = await download('example.com/hello@v1.0.0', {GOPROXY: url, HTTP_PROXY: forward.url});
			expect(run).toMatchObject({ok: true});
			expect(forward.tunnels.slice(before)).toContain(`GET ${url}/example.com/hello/@v/v1.0.0.zip`);
		} finally {
			await forward.close();
		}
	});
});
