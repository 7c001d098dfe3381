import {describe, expect, it} from 'vitest';
import {DEFAULT_CLIENT, GO_CACHER_CLIENT, parseClient} from '../../source/core/cache/share/client.js';
import {cacheProgValue, parseCacheProg, splitQuoted} from '../../source/core/cache/share/goprog.js';
import {serverProblem} from '../../source/core/cache/share/address.js';
import {checkServer} from '../../source/core/cache/share/server-check.js';
import {shareDoctorChecks} from '../../source/core/cache/share/doctor-check.js';
import type {ToolchainFindings} from '../../source/core/steps/toolchain.js';
import {maskSetting} from '../../source/core/mask.js';

describe('GOCACHEPROG value', () => {
	it('round-trips the client, its disk, server and token, quoting a path with a space as go splits it', () => {
		const value = cacheProgValue('/home/ana b/go/bin/go-cacher', 'http://cache.internal:31364', {
			token: 'S3CRET',
			diskDir: '/home/ana b/.cache/go-cacher',
		});
		expect(value).toBe(
			"'/home/ana b/go/bin/go-cacher' --cache-dir '/home/ana b/.cache/go-cacher' --cache-server http://cache.internal:31364 --access-token S3CRET",
		);
		expect(parseCacheProg(value)).toMatchObject({
			binary: '/home/ana b/go/bin/go-cacher',
			server: 'http://cache.internal:31364',
			token: 'S3CRET',
			diskDir: '/home/ana b/.cache/go-cacher',
		});
		expect(parseCacheProg('/bin/x -cache-server=http://h:1')).toMatchObject({server: 'http://h:1'});
		expect(splitQuoted("a 'b")).toBeUndefined();
		// quoted.Split's white space is ' ', '\t', '\n', '\r' only: a no-break space or a form feed is part of the field.
		expect(splitQuoted('/opt/my\u00a0tools/go-cacher\f1 --cache-server\thttp://h:1\r\n')).toEqual([
			'/opt/my\u00a0tools/go-cacher\f1',
			'--cache-server',
			'http://h:1',
		]);
	});

	it("gotune-cacher's token file: GOCACHEPROG names the file (shown as is: a path, no secret), never the token", () => {
		const value = cacheProgValue('/bin/gotune-cacher', 'http://h:1', {
			token: 'S3CRET',
			tokenFile: '/home/ana/.config/gotune/cache-server-token',
		});
		expect(value).toBe('/bin/gotune-cacher --cache-server http://h:1 --access-token-file /home/ana/.config/gotune/cache-server-token');
		expect(parseCacheProg(value)).toMatchObject({tokenFile: '/home/ana/.config/gotune/cache-server-token'});
		expect(parseCacheProg(value)?.token).toBeUndefined();
		expect(maskSetting('GOCACHEPROG', value)).toBe(value);
	});

	it('never shows the access token or URL credentials', () => {
		for (const value of [
			'/bin/go-cacher --cache-server http://h:1 --access-token S3CRET',
			'/bin/go-cacher --access-token=S3CRET --cache-server http://h:1',
			"/bin/go-cacher --access-token 'S3CRET' --cache-server http://alice:S3CRET@h:1",
		]) {
			const shown = maskSetting('GOCACHEPROG', value);
			expect(shown).not.toContain('S3CRET');
			expect(shown).toContain('--cache-server');
		}
	});
});

describe('cache share input', () => {
	it('takes gotune-cacher (the default, built from cacheprog/) or a pinned PACKAGE@VERSION only', () => {
		expect(parseClient(DEFAULT_CLIENT)).toMatchObject({
			binary: 'gotune-cacher',
			version: 'v0.0.0-20260722201841-0bb331e19f64',
			bundled: true,
		});
		expect(parseClient(GO_CACHER_CLIENT)).toMatchObject({
			binary: 'go-cacher',
			version: 'v0.0.0-20260722201841-0bb331e19f64',
			bundled: false,
		});
		expect(parseClient('go-cacher')).toMatchObject({
			problem: expect.stringContaining(`gotune-cacher (the default) or PACKAGE@VERSION, for example ${GO_CACHER_CLIENT}`),
		});
		expect(parseClient('example.com/tool/cmd/x/v2@v2.1.0')).toMatchObject({binary: 'x'});
		for (const bad of ['github.com/x/y@latest', 'github.com/x/y@master', 'github.com/x/y', 'go-cacher@v1.0.0'])
			expect(parseClient(bad)).toHaveProperty('problem');
	});

	it('takes a server as scheme and host only, without credentials', () => {
		expect(serverProblem('http://127.0.0.1:31364')).toBeUndefined();
		expect(serverProblem('https://cache.internal')).toBeUndefined();
		expect(serverProblem('cache.internal:31364')).toMatch(/not an http/);
		expect(serverProblem('http://cache.internal/go')).toMatch(/has a path/);
		expect(serverProblem('http://alice:S3CRET@cache.internal')).not.toContain('S3CRET');
		expect(serverProblem('not a url')).toMatch(/is not a URL/);
	});

	// GOCACHEPROG set by hand: its --cache-server reaches checkServer unchecked (cache share, bench --shared, Verify).
	// No request is made for these: the value is refused before any connection.
	it('checks a --cache-server read from GOCACHEPROG that is no http(s) URL without throwing, naming it', async () => {
		for (const server of ['notaurl', 'ftp://cache.internal:21', 'cache.internal:31364']) {
			const check = await checkServer(server, {});
			expect(check).toMatchObject({ok: false, reason: 'protocol'});
			expect(check.ok || check.message).toContain(`"${server}" is not an http:// or https:// address`);
		}
		const secret = await checkServer('ftp://alice:S3CRET@cache.internal', {});
		expect(JSON.stringify(secret)).not.toContain('S3CRET');
	});

	// The client named by GOCACHEPROG is gone (a path that does not exist on this machine: real stat, nothing faked but
	// the go env answer the doctor check reads it from).
	it("doctor's reinstall fix for a missing client says the access token comes from GOTUNE_CACHE_TOKEN, never showing it", async () => {
		const checks = async (value: string) => {
			const findings = {snapshot: {values: {GOCACHEPROG: value}, goenv: {values: new Map()}}} as unknown as ToolchainFindings;
			return shareDoctorChecks({env: {}, cwd: '/', gotuneHome: '/nonexistent'}, Promise.resolve(findings));
		};
		const [withToken] = await checks('/nonexistent/go-cacher --cache-server http://h:1 --access-token S3CRET');
		expect(withToken).toMatchObject({status: 'error', summary: 'GOCACHEPROG client missing'});
		expect(withToken!.fix).toContain('gotune cache share --server http://h:1');
		expect(withToken!.fix).toContain('export GOTUNE_CACHE_TOKEN first');
		expect(JSON.stringify(withToken)).not.toContain('S3CRET');
		const [withoutToken] = await checks('/nonexistent/go-cacher --cache-server http://h:1');
		expect(withoutToken!.fix).not.toContain('GOTUNE_CACHE_TOKEN');
	});
});
