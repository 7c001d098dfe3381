import {describe, expect, it} from 'vitest';
import {noProxyMatcher, parseProxyUrl, proxyFor, proxySettingsFrom} from '../../source/core/net/index.js';

// golang.org/x/net/http/httpproxy's rules as vendored in go 1.26 (src/vendor/golang.org/x/net/http/httpproxy/proxy.go).
const NO_PROXY =
	'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:3]:80, 2002:db8:a::45/64, portonly.example:8443';

/** Whether go would use the proxy for an http request to HOST:PORT. */
function proxied(hostPort: string, noProxy = NO_PROXY): boolean {
	return (
		proxyFor(
			proxySettingsFrom({HTTP_PROXY: 'proxy.corp:3128', HTTPS_PROXY: 'proxy.corp:3128', NO_PROXY: noProxy}),
			new URL(`http://${hostPort}/`),
		) !== undefined
	);
}

describe('NO_PROXY (httpproxy useProxy)', () => {
	it.each([
		// Never proxy localhost and loopback, whatever NO_PROXY says.
		['localhost', false],
		['127.0.0.1', false],
		['127.0.0.2', false],
		['[::1]', false],
		['[::ffff:127.0.0.1]', false],
		['[::2]', true],
		// Only the name localhost itself: go proxies app.localhost.
		['app.localhost', true],
		// IP literals, with and without a port.
		['192.168.1.1', false],
		['192.168.1.2', true], // the entry says :81
		['192.168.1.2:81', false],
		['192.168.1.3', false], // :80 is the default port of http
		['192.168.1.4', true],
		// CIDR, v4 and v6.
		['10.0.0.2', false],
		['10.0.0.4', true], // outside 10.0.0.0/30
		['[2001:db8::52:0:1]', false],
		['[2001:db8::52:0:2]', true],
		['[2001:db8::52:0:3]', false],
		['[2001:db8::52:0:3]:443', true],
		['[2002:db8:a::123]', false],
		['[2002:db8:b::1]', true],
		['[fe80::424b:c8be:1643:a1b6]', true],
		// Domains: foobar.com matches itself and sub-domains; .barbaz.net and *.wildcard.io only sub-domains.
		['foobar.com', false],
		['www.foobar.com', false],
		['FooBar.COM', false],
		['foofoobar.com', true],
		['barbaz.net', true],
		['www.barbaz.net', false],
		['barbarbaz.net', true],
		['baz.com', true],
		['wildcard.io', true],
		['nested.wildcard.io', false],
		['awildcard.io', true],
		['localhost.net', true],
		// A port in a domain entry must match.
		['portonly.example', true],
		['portonly.example:8443', false],
		['sub.portonly.example:8443', false],
	])('%s → proxied: %s', (hostPort, expected) => {
		expect(proxied(hostPort)).toBe(expected);
	});

	it('`*` alone disables the proxy for every host; `*` inside a name is no wildcard', () => {
		expect(proxied('example.com', '*')).toBe(false);
		expect(proxied('10.9.9.9', 'a.example, *')).toBe(false);
		expect(proxied('example.com', '*example.com')).toBe(true);
	});

	it('domain entries never match IP hosts; empty and malformed entries are skipped', () => {
		expect(proxied('10.0.0.1', '.0.1')).toBe(true);
		expect(proxied('example.com', ' , :80, example.com')).toBe(false);
		// A bare bracketed IPv6 is not an IP to httpproxy (only [IPv6]:port is).
		expect(proxied('[2001:db8::9]', '[2001:db8::9]')).toBe(true);
		expect(proxied('[2001:db8::9]', '2001:db8::9')).toBe(false);
	});

	it('ports count: https defaults to 443, http to 80', () => {
		const settings = proxySettingsFrom({HTTPS_PROXY: 'http://p:1', NO_PROXY: 'a.example:443'});
		expect(proxyFor(settings, new URL('https://a.example/'))).toBeUndefined();
		expect(proxyFor(settings, new URL('https://a.example:8443/'))).toBeDefined();
		expect(noProxyMatcher('a.example:443')('a.example', '443')).toBe(true);
	});
});

describe('proxy variables (httpproxy FromEnvironment)', () => {
	it('HTTPS_PROXY for https, HTTP_PROXY for http, upper case first, an empty value is unset', () => {
		const env = {HTTPS_PROXY: 'http://secure:1', https_proxy: 'http://lower:2', HTTP_PROXY: '', http_proxy: 'http://plain:3'};
		expect(proxyFor(proxySettingsFrom(env), new URL('https://go.dev/'))?.host).toBe('secure:1');
		expect(proxyFor(proxySettingsFrom(env), new URL('http://go.dev/'))?.host).toBe('plain:3');
		expect(proxyFor(proxySettingsFrom({HTTP_PROXY: 'http://plain:3'}), new URL('https://go.dev/'))).toBeUndefined();
	});

	it('a value without a scheme is http://VALUE; socks5 and https proxies keep their scheme', () => {
		expect(parseProxyUrl('proxy.corp:3128')?.href).toBe('http://proxy.corp:3128/');
		expect(parseProxyUrl('localhost:3128')?.href).toBe('http://localhost:3128/');
		expect(parseProxyUrl('https://proxy.corp')?.protocol).toBe('https:');
		expect(parseProxyUrl('socks5://proxy.corp:1080')?.protocol).toBe('socks5:');
		expect(parseProxyUrl(undefined)).toBeUndefined();
	});
});
