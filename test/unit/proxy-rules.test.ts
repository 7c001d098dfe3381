import {describe, expect, it} from 'vitest';
import {
	candidateList,
	CandidateError,
	composeGoproxy,
	describePatterns,
	goproxyWarnings,
	matchingPattern,
	parseGoproxy,
	parseGosumdb,
	pathMatch,
	routeModule,
	validateCandidateUrl,
	type ProbeResult,
	type RouteSettings,
} from '../../source/core/proxy/index.js';
import {parseNetrc, proxyFor, type NetConfig} from '../../source/core/net/index.js';
import {classifySocketError} from '../../source/core/net/index.js';

describe('path.Match port (Go 1.19 = 1.23)', () => {
	const cases: Array<[string, string, boolean | 'bad']> = [
		['abc', 'abc', true],
		['*', 'abc', true],
		['*c', 'abc', true],
		['a*', 'a', true],
		['a*', 'ab/c', false],
		['a*/b', 'abc/b', true],
		['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
		['a*b?c*x', 'abxbbxdbxebxczzx', true],
		['ab[c]', 'abc', true],
		['ab[b-d]', 'abc', true],
		['ab[^c]', 'abc', false],
		['ab[^b-d]', 'abe', true],
		['a\\*b', 'a*b', true],
		['a\\*b', 'ab', false],
		['a?b', 'a☺b', true],
		['[\\]a]', ']', true],
		['[x\\-]', '-', true],
		['[', 'a', 'bad'],
		['[^', 'a', 'bad'],
		['[^bc', 'a', 'bad'],
		['a[', 'a', 'bad'],
		['a[', 'ab', 'bad'],
		['*x', 'xxx', true],
		['a/b', 'a/b', true],
		['[-]', '-', 'bad'],
		['[x-]', 'x', 'bad'],
		['\\', 'a', 'bad'],
		['[a-b-c]', 'a', 'bad'],
		['a*[', 'ab', 'bad'],
	];
	it.each(cases)('Match(%j, %j) = %s', (pattern, name, want) => {
		if (want === 'bad') expect(() => pathMatch(pattern, name)).toThrow();
		else expect(pathMatch(pattern, name)).toBe(want);
	});
});

describe('MatchPrefixPatterns (GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE)', () => {
	// Rows of go-facts §2.3, run by the go command against example.com/hello.
	it.each([
		['example.com', true],
		['*.com', true],
		['example.com/hell*', true],
		['*/hello', true],
		['example.com/', true],
		['[bad,example.com', true],
		['example', false],
		['example.com/hell', false],
		['example.com/hello/sub', false],
		[' example.com', false],
		['EXAMPLE.COM', false],
		['a.example, example.com', false],
		['', false],
		[',,', false],
	])('%j matches example.com/hello: %s', (globs, want) => {
		expect(matchingPattern(globs, 'example.com/hello') !== undefined).toBe(want);
	});

	it('names the pattern that matched, and what go silently ignores', () => {
		expect(matchingPattern('*.corp.example,example.com/', 'example.com/hello')).toBe('example.com/');
		expect(describePatterns('a.example, b.example,,[x').map(e => e.status)).toEqual(['ok', 'suspicious', 'ignored', 'ignored']);
		expect(describePatterns(' b.example')[0]!.note).toMatch(/white space.*never matches/);
		expect(describePatterns('[x')[0]!.note).toMatch(/malformed.*ignores it silently/);
	});
});

describe('GOPROXY parsing (proxyList)', () => {
	it('keeps the separator after each entry, trims, skips empties, stops at direct/off', () => {
		expect(parseGoproxy(' https://a.example ,, https://b.example|direct,https://ignored.example')).toEqual({
			entries: [
				{url: 'https://a.example', then: ','},
				{url: 'https://b.example', then: '|'},
				{url: 'direct', then: null},
			],
			ignored: ['https://ignored.example'],
		});
	});
	it.each([
		[',', 'GOPROXY list is not the empty string, but contains no entries'],
		[' ', 'GOPROXY list is not the empty string, but contains no entries'],
		['DIRECT', 'invalid proxy URL missing scheme: DIRECT'],
		['localhost', 'invalid proxy URL missing scheme: localhost'],
		['ftp://bad.example,direct', 'invalid proxy URL scheme (must be https, http, file): ftp://bad.example'],
		['file://localhost/some/dir', 'invalid file:// proxy URL with non-path elements: file://localhost/some/dir'],
		['/abs/dir', 'invalid proxy URL missing scheme: /abs/dir'],
	])("%j → %s (Go's words)", (value, error) => {
		expect(parseGoproxy(value).error).toBe(error);
	});
	it('adds https:// only where go does, and does not validate after direct', () => {
		expect(parseGoproxy('127.0.0.1:18090/ok').entries[0]!.url).toBe('https://127.0.0.1:18090/ok');
		expect(parseGoproxy('direct,ftp://bad.example').error).toBeUndefined();
	});
});

describe("GOSUMDB validation with go's words (gosumdb-format.md)", () => {
	it.each([
		'off',
		'sum.golang.org',
		'sum.golang.google.cn',
		'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
		'sum.golang.org https://sum.golang.google.cn',
		'sum.golang.org+033DE0AE+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
		'sumdb.example.test+88a9f496+AaJ7UdskG/HwpgZM+1UymYQtvVNdrkLu2oYlgpdTpnVS http://127.0.0.1:18081',
		'example.test/sumdb+d4496a57+Ae//GxaH1xvZ/tJACE4P2nSLN3bgD9K4fW3P4gB7Qlao http://127.0.0.1:18082',
		'localhost:8443+e7652753+AdvvCuZ94V3AAc7PM1Qsvdv866XvUT8OTCVhxqiLG9Pk http://127.0.0.1:18083',
		'  sumdb.example.test+88a9f496+AaJ7UdskG/HwpgZM+1UymYQtvVNdrkLu2oYlgpdTpnVS\t http://127.0.0.1:18081  ',
		'SumDB.Example.Test+4cb291d6+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++',
	])('accepts %j', value => {
		expect(parseGosumdb(value).ok).toBe(true);
	});
	it.each([
		['foo', 'invalid GOSUMDB: malformed verifier id'],
		['OFF', 'invalid GOSUMDB: malformed verifier id'],
		['https://sum.golang.org', 'invalid GOSUMDB: malformed verifier id'],
		[' ', 'missing GOSUMDB'],
		['sum.golang.org https://a.example https://b.example', 'invalid GOSUMDB: too many fields'],
		['sum.golang.google.cn https://sum.golang.google.cn', 'invalid GOSUMDB: malformed verifier id'],
		['sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'invalid GOSUMDB: invalid verifier hash'],
		['sum.golang.org+33de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'invalid GOSUMDB: malformed verifier id'],
		['sumdb.example.test+5175223e+AoGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++', 'invalid GOSUMDB: unknown verifier algorithm'],
		['sumdb.example.test+bf228e75+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA38=', 'invalid GOSUMDB: malformed verifier id'],
		['sumdb.example.test+987f3df6+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++AA==', 'invalid GOSUMDB: malformed verifier id'],
		['sumdb.example.test+12345678+!!!notbase64', 'invalid GOSUMDB: malformed verifier id'],
		['sumdb.example.test+00000000+', 'invalid GOSUMDB: malformed verifier id'],
		['sum.golang.org+033de0ae', 'invalid GOSUMDB: malformed verifier id'],
		['sum.golang.org,off', 'invalid GOSUMDB: malformed verifier id'],
		['example.test/+b4da4ff7+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++', 'invalid sumdb name (must be host[/path]): example.test/'],
		[
			'example.test?x=1+4cd594a8+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++',
			'invalid sumdb name (must be host[/path]): example.test?x=1',
		],
		[
			'user@example.test+563e48ef+AYGR18QmQeLepn+Klb3DtH5VLqfMTn2WZ749fz+dA3++',
			'invalid sumdb name (must be host[/path]): user@example.test',
		],
		['sum.golang.org ://bad', 'invalid GOSUMDB URL: parse "://bad": missing protocol scheme'],
	])('refuses %j: %s', (value, error) => {
		expect(parseGosumdb(value)).toEqual({ok: false, error});
	});
});

const settings = (over: Partial<RouteSettings> = {}): RouteSettings => ({
	GOPROXY: 'https://proxy.golang.org,direct',
	GOPRIVATE: '',
	GONOPROXY: '',
	GONOSUMDB: '',
	GOINSECURE: '',
	GOSUMDB: 'sum.golang.org',
	...over,
});

describe('route: how go will fetch a module', () => {
	it('default settings: the proxy, then direct only on 404/410; sum.golang.org', () => {
		const route = routeModule('golang.org/x/text@v0.14.0', settings());
		expect(route).toMatchObject({
			matched: {GOPRIVATE: null, GONOPROXY: null, GONOSUMDB: null, GOINSECURE: null},
			sources: [
				{url: 'https://proxy.golang.org', then: ','},
				{url: 'direct', then: null},
			],
			checksumDb: 'sum.golang.org',
			insecure: false,
		});
		expect(route.why.join('\n')).toMatch(/only if it answers 404 or 410/);
	});
	it('GOPRIVATE: direct, even with GOPROXY=off; no checksum database', () => {
		const s = settings({GOPROXY: 'off', GOPRIVATE: '*.corp.example', GONOPROXY: '*.corp.example', GONOSUMDB: '*.corp.example'});
		expect(routeModule('git.corp.example/team/lib', s)).toMatchObject({
			matched: {GOPRIVATE: '*.corp.example', GONOPROXY: '*.corp.example', GONOSUMDB: '*.corp.example', GOINSECURE: null},
			sources: [{url: 'direct', then: null}],
			checksumDb: null,
		});
		expect(routeModule('golang.org/x/text', s).sources).toEqual([]);
	});
	it('GONOPROXY=none keeps private modules on the proxy but out of the checksum database', () => {
		const s = settings({GOPRIVATE: 'example.com', GONOPROXY: 'none', GONOSUMDB: 'example.com'});
		expect(routeModule('example.com/hello', s)).toMatchObject({
			matched: {GOPRIVATE: 'example.com', GONOPROXY: null, GONOSUMDB: 'example.com'},
			checksumDb: null,
		});
		expect(routeModule('example.com/hello', s).sources[0]!.url).toBe('https://proxy.golang.org');
	});
	it('untrimmed globs never match, and gotune says so', () => {
		const s = settings({GOPRIVATE: 'a.example, b.example', GONOPROXY: 'a.example, b.example', GONOSUMDB: 'a.example, b.example'});
		const route = routeModule('b.example/x', s);
		expect(route.matched.GOPRIVATE).toBeNull();
		expect(route.why.join('\n')).toMatch(/" b.example" contains white space/);
	});
	it('| and , separators, off at the end, GOINSECURE, GOSUMDB off, invalid lists, credentials masked', () => {
		const s = settings({GOPROXY: 'https://u:pw@a.example|https://b.example,off', GOINSECURE: 'insecure.example', GOSUMDB: 'off'});
		const route = routeModule('insecure.example/m', s);
		expect(route.sources).toEqual([
			{url: 'https://***@a.example', then: '|'},
			{url: 'https://b.example', then: null},
		]);
		expect(route).toMatchObject({insecure: true, checksumDb: null});
		expect(JSON.stringify(route)).not.toContain('pw@');
		expect(routeModule('x.example/m', settings({GOPROXY: 'ftp://x'})).error).toMatch(/invalid proxy URL scheme/);
	});
	it('golang.org/toolchain is always checked against the checksum database on Go >= 1.21', () => {
		expect(routeModule('golang.org/toolchain', settings({GONOSUMDB: 'golang.org', goMinor: 23})).checksumDb).toBe('sum.golang.org');
		expect(routeModule('golang.org/toolchain', settings({GONOSUMDB: 'golang.org', goMinor: 19})).checksumDb).toBeNull();
		expect(routeModule('golang.org/toolchain', settings({GOSUMDB: 'off', goMinor: 23})).why.join('\n')).toMatch(
			/checksum database disabled by GOSUMDB=off/,
		);
	});
});

describe('candidates', () => {
	it('validates probe URLs, naming the input', () => {
		expect(validateCandidateUrl('https://goproxy.cn').ok).toBe(true);
		expect(validateCandidateUrl('file:///srv/goproxy').ok).toBe(true);
		for (const [input, message] of [
			['direct', /GOPROXY keyword/],
			['off', /GOPROXY keyword/],
			['ftp://x.example', /scheme ftp/],
			['localhost', /not a URL/],
			['file://host/dir', /absolute file:\/\/ URL/],
			['https://a.example,direct', /GOPROXY list/],
			['https://u:secret@[', /not a URL/],
		] as const) {
			const verdict = validateCandidateUrl(input);
			expect(verdict.ok).toBe(false);
			if (!verdict.ok) {
				expect(verdict.message).toMatch(message);
				expect(verdict.message).not.toContain('secret');
			}
		}
	});
	it('arguments replace everything; otherwise current, profile and overridable defaults, de-duplicated', () => {
		const env = {GOTUNE_PROXY_DEFAULTS: 'http://127.0.0.1:1,http://127.0.0.1:2/'};
		expect(candidateList({env, arguments: ['http://127.0.0.1:9']}).map(c => [c.url, c.source])).toEqual([
			['http://127.0.0.1:9', 'argument'],
		]);
		expect(
			candidateList({env, current: 'http://127.0.0.1:2,direct', profile: 'http://127.0.0.1:3|off'}).map(c => [c.url, c.source]),
		).toEqual([
			['http://127.0.0.1:2', 'current'],
			['http://127.0.0.1:3', 'profile'],
			['http://127.0.0.1:1', 'default'],
		]);
		expect(candidateList({env: {}}).map(c => c.url)).toContain('https://proxy.golang.org');
		expect(() => candidateList({env, arguments: ['direct']})).toThrow(CandidateError);
	});
});

function result(url: string, over: Partial<ProbeResult> = {}): ProbeResult {
	return {
		url,
		source: 'argument',
		ok: true,
		status: 200,
		error: null,
		latencyMs: 50,
		connectMs: 1,
		tlsMs: null,
		firstByteMs: 40,
		bytesPerSec: 1e6,
		detail: '',
		sumdb: null,
		versions: 1,
		elapsedMs: 100,
		...over,
	};
}

describe('compose GOPROXY from ranked results', () => {
	it('fastest first, fallbacks with |, then ,direct; failed candidates left out', () => {
		const composed = composeGoproxy([
			result('https://slow.example', {latencyMs: 300}),
			result('https://down.example', {ok: false, error: 'timeout', latencyMs: null}),
			result('https://fast.example', {latencyMs: 20}),
		]);
		expect(composed.value).toBe('https://fast.example|https://slow.example,direct');
		expect(composed.explanation.join('\n')).toMatch(/on any error.*go tries https:\/\/slow.example/);
	});
	it('no direct when forbidden; nothing when nothing works', () => {
		expect(composeGoproxy([result('https://a.example')], {allowDirect: false}).value).toBe('https://a.example');
		expect(composeGoproxy([result('https://a.example', {ok: false, error: 'dns'})]).value).toBeNull();
	});
	it('warns about entries after direct/off and about "," after a candidate that failed with 5xx or timeout', () => {
		const warnings = goproxyWarnings('https://a.example,https://b.example,direct,https://c.example', [
			result('https://a.example', {ok: false, error: 'server-error', status: 500}),
		]);
		expect(warnings.join('\n')).toMatch(/https:\/\/c.example comes after direct: go never uses it/);
		expect(warnings.join('\n')).toMatch(/a.example failed during the probe \(server-error\).*Use "\|"/);
	});
});

describe('network settings read as go reads them', () => {
	const config = (over: Partial<NetConfig> = {}): NetConfig => ({
		httpsProxy: new URL('http://proxy.local:3128'),
		httpProxy: new URL('http://proxy.local:3128'),
		noProxy: '',
		netrc: [],
		...over,
	});
	it('never proxies loopback or localhost; honours NO_PROXY domains, ports, IPs, CIDRs and *', () => {
		expect(proxyFor(config(), new URL('https://127.0.0.1:8443'))).toBeUndefined();
		expect(proxyFor(config(), new URL('https://localhost'))).toBeUndefined();
		expect(proxyFor(config(), new URL('https://goproxy.cn'))?.host).toBe('proxy.local:3128');
		expect(proxyFor(config({noProxy: 'goproxy.cn'}), new URL('https://mirror.goproxy.cn'))).toBeUndefined();
		expect(proxyFor(config({noProxy: '.goproxy.cn'}), new URL('https://goproxy.cn'))?.host).toBe('proxy.local:3128');
		expect(proxyFor(config({noProxy: 'goproxy.cn:8443'}), new URL('https://goproxy.cn'))?.host).toBe('proxy.local:3128');
		expect(proxyFor(config({noProxy: '10.0.0.0/8'}), new URL('https://10.1.2.3'))).toBeUndefined();
		expect(proxyFor(config({noProxy: '*'}), new URL('https://goproxy.cn'))).toBeUndefined();
	});
	it('parses ~/.netrc like cmd/go/internal/auth', () => {
		// Go's `case "default": break` leaves only the switch: a default with fields after it does not end the file;
		// a line ending in a lone `default` does.
		expect(
			parseNetrc(
				'machine a.example login u password p\nmachine b.example\n login v\n password q\ndefault login x password y\nmachine c.example login w password r\nmacdef init\nmachine d.example login m password n\n\ndefault\nmachine e.example login z password z',
			),
		).toEqual([
			{machine: 'a.example', login: 'u', password: 'p'},
			{machine: 'b.example', login: 'v', password: 'q'},
			{machine: 'c.example', login: 'w', password: 'r'},
		]);
	});
	it('classifies DNS failures (injected: tests never resolve real names)', () => {
		const error = Object.assign(new Error('getaddrinfo ENOTFOUND proxy.golang.org'), {code: 'ENOTFOUND'});
		expect(classifySocketError(error, 'proxy.golang.org:443')).toMatchObject({
			kind: 'dns',
			message: 'cannot resolve proxy.golang.org (no such host)',
		});
	});
});
