import {readdir, readFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import {nonEmpty, type Env} from '../env.js';

/**
 * How the go command reaches the network, reproduced for the probe so a probe sees what go will see:
 * - HTTPS_PROXY/HTTP_PROXY/NO_PROXY (upper case first, then lower case) with golang.org/x/net/http/httpproxy's rules:
 *   https targets go through a CONNECT tunnel, http targets through an absolute-form request; localhost and loopback
 *   addresses never use a proxy; NO_PROXY entries are `*`, IPs, CIDRs, and domains (matching sub-domains), with ports.
 * - Extra certificate authorities from SSL_CERT_FILE and SSL_CERT_DIR (crypto/x509 on Unix).
 * - Credentials: ~/.netrc (or $NETRC) for https requests, matched on host[:port] exactly (cmd/go/internal/auth),
 *   else user:password from the URL, both sent as Basic authorization. Never displayed.
 */
export type NetConfig = {
	httpProxy?: URL;
	httpsProxy?: URL;
	noProxy: string;
	/** Trusted roots: Node's bundle plus SSL_CERT_FILE / SSL_CERT_DIR certificates; undefined = Node's default. */
	ca?: string[];
	netrc: Array<{machine: string; login: string; password: string}>;
};

export async function netConfigFrom(env: Env): Promise<NetConfig> {
	const pick = (...keys: string[]) => keys.map(k => nonEmpty(env, k)).find(v => v !== undefined);
	const [ca, netrc] = await Promise.all([extraCas(env), readNetrc(env)]);
	const httpProxy = parseProxyUrl(pick('HTTP_PROXY', 'http_proxy'));
	const httpsProxy = parseProxyUrl(pick('HTTPS_PROXY', 'https_proxy'));
	return {
		...(httpProxy ? {httpProxy} : {}),
		...(httpsProxy ? {httpsProxy} : {}),
		noProxy: pick('NO_PROXY', 'no_proxy') ?? '',
		...(ca ? {ca} : {}),
		netrc,
	};
}

/** httpproxy.parseProxy: a value without a scheme is read as http://VALUE. */
function parseProxyUrl(value: string | undefined): URL | undefined {
	if (value === undefined) return undefined;
	for (const text of [value, `http://${value}`]) {
		try {
			const url = new URL(text);
			if (url.host !== '') return url;
		} catch {
			// Try the next form.
		}
	}
	return undefined;
}

async function extraCas(env: Env): Promise<string[] | undefined> {
	const extra: string[] = [];
	const file = nonEmpty(env, 'SSL_CERT_FILE');
	if (file !== undefined) extra.push(...pemBlocks(await readFile(file, 'utf8').catch(() => '')));
	const dirs = nonEmpty(env, 'SSL_CERT_DIR');
	for (const dir of dirs?.split(':').filter(Boolean) ?? []) {
		const names = await readdir(dir).catch(() => [] as string[]);
		for (const name of names) extra.push(...pemBlocks(await readFile(path.join(dir, name), 'utf8').catch(() => '')));
	}
	return extra.length === 0 ? undefined : [...tls.rootCertificates, ...extra];
}

function pemBlocks(text: string): string[] {
	return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** cmd/go/internal/auth parseNetrc: machine/login/password triples; `default` ends the file; macdef bodies skipped. */
export function parseNetrc(data: string): NetConfig['netrc'] {
	const out: NetConfig['netrc'] = [];
	let line = {machine: '', login: '', password: ''};
	let inMacro = false;
	for (const text of data.split('\n')) {
		if (inMacro) {
			if (text === '') inMacro = false;
			continue;
		}
		const f = text.split(/\s+/).filter(Boolean);
		let i = 0;
		for (; i < f.length - 1; i += 2) {
			switch (f[i]) {
				case 'machine':
					line = {machine: f[i + 1]!, login: '', password: ''};
					break;
				case 'login':
					line.login = f[i + 1]!;
					break;
				case 'password':
					line.password = f[i + 1]!;
					break;
				case 'macdef':
					inMacro = true;
					break;
				default:
					break;
			}
			if (line.machine !== '' && line.login !== '' && line.password !== '') {
				out.push(line);
				line = {machine: '', login: '', password: ''};
			}
		}
		if (i < f.length && f[i] === 'default') break;
	}
	return out;
}

async function readNetrc(env: Env): Promise<NetConfig['netrc']> {
	const file = nonEmpty(env, 'NETRC') ?? (nonEmpty(env, 'HOME') === undefined ? undefined : path.join(env['HOME']!, '.netrc'));
	if (file === undefined) return [];
	return parseNetrc(await readFile(file, 'utf8').catch(() => ''));
}

/** The Authorization header go would send to TARGET, or undefined. */
export function authorizationFor(config: NetConfig, target: URL): string | undefined {
	if (target.protocol === 'https:') {
		// Go's req.Host is the URL's host with its port as written; Node drops a default port, so try both forms.
		const hosts = [target.host, target.port === '' ? `${target.hostname}:443` : undefined];
		const entry = config.netrc.find(l => hosts.includes(l.machine));
		if (entry) return basic(entry.login, entry.password);
	}
	if (target.username !== '') return basic(decodeURIComponent(target.username), decodeURIComponent(target.password));
	return undefined;
}

function basic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The proxy go would use for TARGET, or undefined for a direct connection. */
export function proxyFor(config: NetConfig, target: URL): URL | undefined {
	const proxy = target.protocol === 'https:' ? config.httpsProxy : target.protocol === 'http:' ? config.httpProxy : undefined;
	if (proxy === undefined) return undefined;
	const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = target.port || (target.protocol === 'https:' ? '443' : '80');
	if (host === 'localhost') return undefined;
	const ip = net.isIP(host) ? host : undefined;
	if (ip && isLoopback(ip)) return undefined;
	for (const raw of config.noProxy.split(',')) {
		const p = raw.trim().toLowerCase();
		if (p === '') continue;
		if (p === '*') return undefined;
		const cidr = /^(.+)\/(\d+)$/.exec(p);
		if (cidr && net.isIP(cidr[1]!)) {
			if (ip && inCidr(ip, cidr[1]!, Number(cidr[2]))) return undefined;
			continue;
		}
		let phost = p;
		let pport = '';
		const hostPort = /^\[?([^\]]*)\]?:(\d+)$/.exec(p);
		if (hostPort && (net.isIP(hostPort[1]!) || !hostPort[1]!.includes(':'))) {
			phost = hostPort[1]!;
			pport = hostPort[2]!;
			if (phost === '') continue;
		}
		if (net.isIP(phost)) {
			if (ip && sameIp(ip, phost) && (pport === '' || pport === port)) return undefined;
			continue;
		}
		if (phost.startsWith('*.')) phost = phost.slice(1);
		const matchHost = !phost.startsWith('.');
		if (matchHost) phost = `.${phost}`;
		if ((host.endsWith(phost) || (matchHost && host === phost.slice(1))) && (pport === '' || pport === port)) return undefined;
	}
	return proxy;
}

function isLoopback(ip: string): boolean {
	return ip === '::1' || ip.startsWith('127.') || ip.toLowerCase().startsWith('::ffff:127.');
}

function sameIp(a: string, b: string): boolean {
	const list = new net.BlockList();
	list.addAddress(b, net.isIPv6(b) ? 'ipv6' : 'ipv4');
	return list.check(a, net.isIPv6(a) ? 'ipv6' : 'ipv4');
}

function inCidr(ip: string, base: string, prefix: number): boolean {
	const list = new net.BlockList();
	const family = net.isIPv6(base) ? 'ipv6' : 'ipv4';
	list.addSubnet(base, prefix, family);
	return list.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4');
}

/** Connection set-up times, from socket events. */
export type ConnectTiming = {connectMs: number | null; tlsMs: number | null; viaProxy?: string};

/** A connection failure with the class the probe reports. */
export class NetError extends Error {
	constructor(
		readonly kind: 'dns' | 'refused' | 'tls' | 'timeout' | 'protocol' | 'forbidden' | 'server-error',
		message: string,
		readonly status: number | null = null,
	) {
		super(message);
	}
}

/**
 * Opens the connection go would open for TARGET (direct, CONNECT tunnel through HTTPS_PROXY, or to HTTP_PROXY), TLS
 * included, and times it: connect = until TCP (and the tunnel) is up, DNS included; tls = the handshake alone.
 */
export async function openConnection(
	config: NetConfig,
	target: URL,
	signal: AbortSignal,
	timing: (t: ConnectTiming) => void,
): Promise<net.Socket> {
	const started = performance.now();
	const proxy = proxyFor(config, target);
	const targetHost = target.hostname.replace(/^\[|\]$/g, '');
	const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
	let socket: net.Socket;
	if (proxy) {
		const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
		const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
		socket = await tcp(
			proxyHost,
			proxyPort,
			signal,
			`the proxy ${proxy.host} (from ${target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'})`,
		);
		if (target.protocol === 'https:') await tunnel(socket, `${targetHost}:${targetPort}`, proxy, signal);
	} else {
		socket = await tcp(targetHost, targetPort, signal, target.host);
	}
	const connected = performance.now();
	if (target.protocol !== 'https:') {
		timing({connectMs: connected - started, tlsMs: null, ...(proxy ? {viaProxy: proxy.host} : {})});
		return socket;
	}
	const secure = await handshake(socket, targetHost, config.ca, signal);
	timing({connectMs: connected - started, tlsMs: performance.now() - connected, ...(proxy ? {viaProxy: proxy.host} : {})});
	return secure;
}

function tcp(host: string, port: number, signal: AbortSignal, label: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({host, port});
		const onAbort = () => socket.destroy(new NetError('timeout', `no connection to ${label}`));
		signal.addEventListener('abort', onAbort, {once: true});
		socket.once('connect', () => {
			signal.removeEventListener('abort', onAbort);
			socket.removeAllListeners('error');
			resolve(socket);
		});
		socket.once('error', error => {
			signal.removeEventListener('abort', onAbort);
			reject(error instanceof NetError ? error : classifySocketError(error as NodeJS.ErrnoException, label));
		});
	});
}

function tunnel(socket: net.Socket, authority: string, proxy: URL, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		let head = '';
		const auth =
			proxy.username === ''
				? ''
				: `Proxy-Authorization: ${basic(decodeURIComponent(proxy.username), decodeURIComponent(proxy.password))}\r\n`;
		const onAbort = () => socket.destroy(new NetError('timeout', `the proxy ${proxy.host} did not open a tunnel to ${authority} in time`));
		signal.addEventListener('abort', onAbort, {once: true});
		const finish = (error?: Error) => {
			signal.removeEventListener('abort', onAbort);
			socket.removeListener('data', onData);
			socket.removeListener('error', finish);
			if (error) {
				socket.destroy();
				reject(error);
			} else resolve();
		};
		const onData = (chunk: Buffer) => {
			head += chunk.toString('latin1');
			const end = head.indexOf('\r\n\r\n');
			if (end < 0) return;
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
			if (end + 4 < head.length) socket.unshift(Buffer.from(head.slice(end + 4), 'latin1'));
			if (status === 200) return finish();
			const line = head.split('\r\n')[0] ?? '';
			finish(
				new NetError(
					status === 407 || status === 403 ? 'forbidden' : status >= 500 ? 'server-error' : 'protocol',
					`the proxy ${proxy.host} refused the tunnel to ${authority}: ${line}`,
					status || null,
				),
			);
		};
		socket.on('data', onData);
		socket.once('error', finish);
		socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}User-Agent: Go-http-client/1.1\r\n\r\n`);
	});
}

function handshake(socket: net.Socket, servername: string, ca: string[] | undefined, signal: AbortSignal): Promise<tls.TLSSocket> {
	return new Promise((resolve, reject) => {
		const secure = tls.connect({
			socket,
			host: servername,
			servername: net.isIP(servername) ? undefined : servername,
			ALPNProtocols: ['http/1.1'],
			...(ca ? {ca} : {}),
		});
		const onAbort = () => secure.destroy(new NetError('timeout', `the TLS handshake with ${servername} did not finish in time`));
		signal.addEventListener('abort', onAbort, {once: true});
		secure.once('secureConnect', () => {
			signal.removeEventListener('abort', onAbort);
			secure.removeAllListeners('error');
			resolve(secure);
		});
		secure.once('error', error => {
			signal.removeEventListener('abort', onAbort);
			reject(error instanceof NetError ? error : classifySocketError(error as NodeJS.ErrnoException, servername));
		});
	});
}

const TLS_WORDS: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT:
		'the certificate is self-signed and not trusted (add its CA with SSL_CERT_FILE or SSL_CERT_DIR if you trust it)',
	SELF_SIGNED_CERT_IN_CHAIN:
		'the certificate chain ends in a self-signed root that is not trusted (a TLS-intercepting proxy? add its CA with SSL_CERT_FILE)',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by an unknown authority',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by an unknown authority (its issuer is not trusted here)',
	UNABLE_TO_GET_ISSUER_CERT: 'the certificate is signed by an unknown authority',
	CERT_HAS_EXPIRED: 'the certificate has expired',
	CERT_NOT_YET_VALID: 'the certificate is not valid yet (check the clock)',
	ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another host name',
	CERT_REVOKED: 'the certificate has been revoked',
	ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer TLS (is it plain http://?)',
};

/** Socket errors → the probe's failure classes, in words. */
export function classifySocketError(error: NodeJS.ErrnoException, label: string): NetError {
	const code = error.code ?? '';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA')
		return new NetError(
			'dns',
			`cannot resolve ${label.replace(/:\d+$/, '')} (${code === 'EAI_AGAIN' ? 'no answer from DNS' : 'no such host'})`,
		);
	if (code === 'ECONNREFUSED') return new NetError('refused', `${label} refused the connection`);
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
		return new NetError(
			'refused',
			`${label} is unreachable (${code === 'ENETUNREACH' ? 'no route to the network' : 'no route to the host'})`,
		);
	if (code === 'ETIMEDOUT') return new NetError('timeout', `no answer from ${label}`);
	const words =
		TLS_WORDS[code] ??
		(/SSL|TLS|CERT/.test(code) || /ssl|tls|certificate/i.test(error.message) ? `TLS failed: ${error.message}` : undefined);
	if (words) return new NetError('tls', `${label}: ${words}`);
	if (code === 'ECONNRESET' || code === 'EPIPE') return new NetError('protocol', `${label} closed the connection (${code})`);
	return new NetError('protocol', `${label}: ${error.message}`);
}
