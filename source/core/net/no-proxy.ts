import net from 'node:net';
import {domainToASCII} from 'node:url';
import type {ProxySettings} from './config.js';

/**
 * golang.org/x/net/http/httpproxy's NO_PROXY rules, entry by entry (comma-separated, trimmed, lower-cased):
 * - `*` alone disables the proxy for every host;
 * - an IP or CIDR (`10.0.0.0/8`, `2001:db8::/32`) matches IP hosts only, an IP may carry a port (`1.2.3.4:80`, `[::1]:80`);
 * - a domain matches itself and its sub-domains (never an IP host) (`foo.com`, `foo.com:8080`); `.foo.com` and `*.foo.com` only the
 *   sub-domains;
 * - a port in an entry must equal the target's port (80/443 when the URL gives none).
 * localhost and loopback IPs are never proxied, whatever NO_PROXY says.
 */
export type HostMatcher = (host: string, port: string) => boolean;

/** NO_PROXY → a matcher saying whether HOST:PORT bypasses the proxy (host: lower case, IPv6 without brackets). */
export function noProxyMatcher(noProxy: string): HostMatcher {
	const ipMatchers: HostMatcher[] = [];
	const domainMatchers: HostMatcher[] = [];
	for (const raw of noProxy.split(',')) {
		const p = raw.trim().toLowerCase();
		if (p === '') continue;
		if (p === '*') return () => true;
		const cidr = parseCidr(p);
		if (cidr) {
			ipMatchers.push(host => net.isIP(host) !== 0 && cidr.check(host, family(host)));
			continue;
		}
		const split = splitHostPort(p);
		// Only a host:port entry loses its brackets: a bare `[::1]` is no IP to httpproxy (and never matches).
		const pport = split ? split[1] : '';
		let phost = split ? split[0].replace(/^\[(.*)\]$/, '$1') : p;
		if (phost === '') continue;
		if (net.isIP(phost)) {
			const ip = phost;
			ipMatchers.push((host, port) => net.isIP(host) !== 0 && sameIp(host, ip) && (pport === '' || pport === port));
			continue;
		}
		if (phost.startsWith('*.')) phost = phost.slice(1);
		const matchHost = !phost.startsWith('.');
		if (matchHost) phost = `.${phost}`;
		const suffix = domainToASCII(phost.slice(1)) === '' ? phost : `.${domainToASCII(phost.slice(1))}`;
		domainMatchers.push(
			(host, port) => (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (pport === '' || pport === port),
		);
	}
	// IP entries match IP hosts, domain entries the other hosts (go 1.26's x/net; go 1.23 and older also matched
	// domain suffixes against IP hosts' text, e.g. `.0.1` against 10.0.0.1).
	return (host, port) => (net.isIP(host) !== 0 ? ipMatchers : domainMatchers).some(m => m(host, port));
}

/** The proxy go would use for TARGET, or undefined for a direct connection (httpproxy's ProxyForURL). */
export function proxyFor(config: ProxySettings, target: URL): URL | undefined {
	const proxy = target.protocol === 'https:' ? config.httpsProxy : target.protocol === 'http:' ? config.httpProxy : undefined;
	if (proxy === undefined) return undefined;
	const host = hostOf(target);
	const port = target.port || (target.protocol === 'https:' ? '443' : '80');
	if (host === 'localhost' || (net.isIP(host) !== 0 && isLoopback(host))) return undefined;
	return noProxyMatcher(config.noProxy)(host, port) ? undefined : proxy;
}

/** A URL's host name as a socket wants it: IPv6 without its brackets, lower case. */
export function hostOf(url: URL): string {
	return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function isLoopback(ip: string): boolean {
	const list = new net.BlockList();
	list.addSubnet('127.0.0.0', 8, 'ipv4');
	list.addAddress('::1', 'ipv6');
	return list.check(ip, family(ip));
}

function family(ip: string): 'ipv4' | 'ipv6' {
	return net.isIPv6(ip) ? 'ipv6' : 'ipv4';
}

/** net.ParseCIDR: an IP, "/", a prefix length within the family's bits (host bits may be set). */
function parseCidr(text: string): net.BlockList | undefined {
	const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
	if (!match || net.isIP(match[1]!) === 0) return undefined;
	const bits = Number(match[2]);
	if (bits > (net.isIPv6(match[1]!) ? 128 : 32)) return undefined;
	const list = new net.BlockList();
	list.addSubnet(match[1]!, bits, family(match[1]!));
	return list;
}

/** net.SplitHostPort: `host:port` or `[host]:port` (the brackets kept); undefined when there is no port. */
function splitHostPort(text: string): [string, string] | undefined {
	const bracketed = /^(\[[^\]]*\]):([^:]*)$/.exec(text);
	if (bracketed) return [bracketed[1]!, bracketed[2]!];
	const colon = text.lastIndexOf(':');
	if (colon === -1 || text.indexOf(':') !== colon || text.includes('[') || text.includes(']')) return undefined;
	return [text.slice(0, colon), text.slice(colon + 1)];
}

/** net.IP.Equal: an IPv4 address equals its IPv4-mapped IPv6 form. */
function sameIp(a: string, b: string): boolean {
	const list = new net.BlockList();
	list.addAddress(b, family(b));
	return list.check(a, family(a));
}
