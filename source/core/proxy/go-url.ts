import {isIPv4, isIPv6} from 'node:net';
import {maskUrl} from '../mask.js';

/**
 * Go's url.Parse (net/url/url.go of Go 1.26: parse, getScheme, parseAuthority, validUserinfo, parseHost, unescape),
 * for the values go parses with it: GOPROXY entries (modfetch/proxy.go newProxyRepo) and GOSUMDB's name and URL
 * (modfetch/sumdb.go dbDial). The WHATWG URL parser of Node accepts what go refuses (`http://us er@host/` is one),
 * so gotune would recommend and write a value go then rejects.
 */
export type GoUrl = {
	scheme: string;
	opaque: string;
	user?: {username: string; password?: string};
	host: string;
	path: string;
	rawPath: string;
	rawQuery: string;
	forceQuery: boolean;
	omitHost: boolean;
	fragment: string;
};

export type GoUrlVerdict = {ok: true; url: GoUrl} | {ok: false; error: string};

/**
 * url.Parse(raw). The error is Go's (`parse "URL": reason`) with the URL's user info masked: go prints it in clear,
 * gotune never does; an escape error inside the user info does not quote the escape either.
 */
export function parseGoUrl(raw: string): GoUrlVerdict {
	const hash = raw.indexOf('#');
	const beforeFragment = hash === -1 ? raw : raw.slice(0, hash);
	const parsed = parse(beforeFragment);
	if (typeof parsed === 'string') return {ok: false, error: `parse ${goQuote(maskUrl(beforeFragment))}: ${parsed}`};
	if (hash !== -1) {
		const fragment = unescape(raw.slice(hash + 1), 'fragment');
		if (fragment.error !== undefined) return {ok: false, error: `parse ${goQuote(maskUrl(raw))}: ${fragment.error}`};
		parsed.fragment = fragment.value;
	}
	return {ok: true, url: parsed};
}

function parse(raw: string): GoUrl | string {
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(raw)) return 'net/url: invalid control character in URL';
	const url: GoUrl = {
		scheme: '',
		opaque: '',
		host: '',
		path: '',
		rawPath: '',
		rawQuery: '',
		forceQuery: false,
		omitHost: false,
		fragment: '',
	};
	if (raw === '*') return {...url, path: '*'};
	const scheme = getScheme(raw);
	if (typeof scheme === 'string') return scheme;
	url.scheme = scheme.scheme.toLowerCase();
	let rest = scheme.rest;
	if (rest.endsWith('?') && rest.split('?').length === 2) {
		url.forceQuery = true;
		rest = rest.slice(0, -1);
	} else {
		const question = rest.indexOf('?');
		if (question !== -1) {
			url.rawQuery = rest.slice(question + 1);
			rest = rest.slice(0, question);
		}
	}
	if (!rest.startsWith('/')) {
		if (url.scheme !== '') return {...url, opaque: rest};
		if ((rest.split('/')[0] ?? '').includes(':')) return 'first path segment in URL cannot contain colon';
	}
	if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
		let authority = rest.slice(2);
		const slash = authority.indexOf('/');
		rest = slash === -1 ? '' : authority.slice(slash);
		if (slash !== -1) authority = authority.slice(0, slash);
		const error = parseAuthority(url, authority);
		if (error !== undefined) return error;
	} else if (url.scheme !== '' && rest.startsWith('/')) url.omitHost = true;
	const path = unescape(rest, 'path');
	if (path.error !== undefined) return path.error;
	url.path = path.value;
	url.rawPath = escapePath(path.value) === rest ? '' : rest;
	return url;
}

function getScheme(raw: string): {scheme: string; rest: string} | string {
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i]!;
		if (/[a-zA-Z]/.test(c)) continue;
		if (/[0-9+.-]/.test(c)) {
			if (i === 0) return {scheme: '', rest: raw};
			continue;
		}
		if (c === ':') return i === 0 ? 'missing protocol scheme' : {scheme: raw.slice(0, i), rest: raw.slice(i + 1)};
		return {scheme: '', rest: raw};
	}
	return {scheme: '', rest: raw};
}

function parseAuthority(url: GoUrl, authority: string): string | undefined {
	const at = authority.lastIndexOf('@');
	const host = parseHost(url.scheme, at === -1 ? authority : authority.slice(at + 1));
	if (host.error !== undefined) return host.error;
	url.host = host.value;
	if (at === -1) return undefined;
	const userInfo = authority.slice(0, at);
	if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userInfo)) return 'net/url: invalid userinfo';
	const colon = userInfo.indexOf(':');
	const username = unescape(colon === -1 ? userInfo : userInfo.slice(0, colon), 'userinfo');
	const password = colon === -1 ? undefined : unescape(userInfo.slice(colon + 1), 'userinfo');
	// Go quotes the bad escape (3 characters of a password); gotune does not.
	if (username.error !== undefined || password?.error !== undefined) return 'invalid URL escape in the user info';
	url.user = {username: username.value, ...(password === undefined ? {} : {password: password.value})};
	return undefined;
}

function parseHost(scheme: string, host: string): {value: string; error?: undefined} | {error: string} {
	const open = host.lastIndexOf('[');
	if (open > 0) return {error: 'invalid IP-literal'};
	if (open === 0) {
		const close = host.lastIndexOf(']');
		if (close < 0) return {error: "missing ']' in host"};
		const colonPort = host.slice(close + 1);
		if (!validOptionalPort(colonPort)) return {error: `invalid port ${goQuote(colonPort)} after host`};
		const inside = host.slice(1, close);
		const zone = inside.indexOf('%25');
		const address = unescape(zone === -1 ? inside : inside.slice(0, zone), 'host');
		if (address.error !== undefined) return {error: address.error};
		// netip.ParseAddr: an IPv6 address (an IPv4 one in brackets is refused).
		if (isIPv4(address.value)) return {error: 'invalid IP-literal'};
		if (!isIPv6(address.value)) return {error: `invalid host: ParseAddr(${goQuote(address.value)}): not an IPv6 address`};
		return {value: host};
	}
	const first = host.indexOf(':');
	if (first !== -1) {
		// Go >= 1.26 allows one colon in an http(s) host (urlstrictcolons); other schemes take the last one.
		const at = scheme === 'http' || scheme === 'https' ? first : host.lastIndexOf(':');
		const colonPort = host.slice(at);
		if (!validOptionalPort(colonPort)) return {error: `invalid port ${goQuote(colonPort)} after host`};
	}
	const unescaped = unescape(host, 'host');
	return unescaped.error === undefined ? {value: unescaped.value} : {error: unescaped.error};
}

function validOptionalPort(port: string): boolean {
	return port === '' || /^:\d*$/.test(port);
}

/** ASCII characters a host may hold unescaped (shouldEscape with encodeHost). */
const HOST_CHARS = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

/** url.unescape: every % must start two hex digits; in a host, only non-ASCII bytes (or %25) may be escaped. */
function unescape(text: string, mode: 'path' | 'host' | 'userinfo' | 'fragment'): {value: string; error?: undefined} | {error: string} {
	const bytes: number[] = [];
	for (let i = 0; i < text.length;) {
		const c = text[i]!;
		if (c === '%') {
			const hex = text.slice(i + 1, i + 3);
			if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return {error: `invalid URL escape ${goQuote(text.slice(i, i + 3))}`};
			if (mode === 'host' && Number.parseInt(hex[0]!, 16) < 8 && hex !== '25')
				return {error: `invalid URL escape ${goQuote(text.slice(i, i + 3))}`};
			bytes.push(Number.parseInt(hex, 16));
			i += 3;
			continue;
		}
		if (mode === 'host' && c.charCodeAt(0) < 0x80 && !HOST_CHARS.test(c)) return {error: `invalid character ${goQuote(c)} in host name`};
		bytes.push(...Buffer.from(c));
		i += c.length;
	}
	return {value: Buffer.from(bytes).toString('utf8')};
}

/** url.escape(path, encodePath): what Go writes for a path; a different raw form makes RawPath non-empty. */
function escapePath(path: string): string {
	let out = '';
	for (const byte of Buffer.from(path, 'utf8')) {
		const c = String.fromCharCode(byte);
		out += byte < 0x80 && /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** strconv.Quote for the ASCII range (what Go's %q prints in these messages). */
export function goQuote(text: string): string {
	const named: Record<string, string> = {'\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v'};
	let out = '"';
	for (const c of text) {
		if (c === '"' || c === '\\') out += `\\${c}`;
		else if (named[c] !== undefined) out += named[c];
		else if (c.charCodeAt(0) < 0x20 || c === '\u007f') out += `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
		else out += c;
	}
	return `${out}"`;
}
