import http from 'node:http';
import https from 'node:https';
import type {IncomingMessage} from 'node:http';
import {connect as tlsConnect} from 'node:tls';
import {nonEmpty, type Env} from '../env.js';
import {TaskCancelled} from '../task.js';
import {InstallFailure} from './errors.js';

export type GetOptions = {
	env: Env;
	signal?: AbortSignal;
	/** Until the response headers arrive (connect, proxy tunnel, TLS, redirects included). */
	headersTimeoutMs: number;
	/** Longest silence while the body streams; the caller applies it through idle(). */
	maxRedirects?: number;
};

export type GetResponse = {
	response: IncomingMessage;
	/** The URL that answered, after redirects (go.dev/dl/ answers 302 to dl.google.com). */
	url: string;
};

/**
 * GET with the proxy rules go uses (golang.org/x/net/http/httpproxy): HTTPS_PROXY (or https_proxy) for https URLs
 * through a CONNECT tunnel, HTTP_PROXY for http URLs in absolute-URI form, NO_PROXY (comma list of hosts, .domain
 * suffixes, host:port, *) to bypass, and never for localhost or loopback addresses. Node 20's fetch ignores these
 * variables, hence node:http. Follows redirects; rejects non-2xx answers.
 */
export async function httpGet(url: string, options: GetOptions): Promise<GetResponse> {
	const deadline = AbortSignal.timeout(options.headersTimeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
	let current = new URL(url);
	for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
		const response = await requestOnce(current, options.env, signal).catch(error => {
			if (error instanceof InstallFailure) throw error;
			if (options.signal?.aborted) throw new TaskCancelled('the download');
			if (deadline.aborted)
				throw new InstallFailure(`${describeTarget(current, options.env)} did not answer within ${seconds(options.headersTimeoutMs)} s`);
			throw new InstallFailure(`cannot reach ${describeTarget(current, options.env)}: ${networkMessage(error)}`);
		});
		const status = response.statusCode ?? 0;
		if (status >= 300 && status < 400 && response.headers.location) {
			response.resume();
			current = new URL(response.headers.location, current);
			continue;
		}
		if (status < 200 || status >= 300) {
			response.resume();
			throw new InstallFailure(`${current.href} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
		}
		return {response, url: current.href};
	}
	throw new InstallFailure(`${url}: more than ${options.maxRedirects ?? 5} redirects`);
}

/** The proxy URL that applies to TARGET, or undefined for a direct connection. */
export function proxyFor(target: URL, env: Env): URL | undefined {
	const https = target.protocol === 'https:';
	const raw = https
		? (nonEmpty(env, 'HTTPS_PROXY') ?? nonEmpty(env, 'https_proxy'))
		: (nonEmpty(env, 'HTTP_PROXY') ?? nonEmpty(env, 'http_proxy'));
	if (raw === undefined || loopback(target) || bypassed(target, nonEmpty(env, 'NO_PROXY') ?? nonEmpty(env, 'no_proxy') ?? ''))
		return undefined;
	try {
		return new URL(raw.includes('://') ? raw : `http://${raw}`);
	} catch {
		throw new InstallFailure(`${https ? 'HTTPS_PROXY' : 'HTTP_PROXY'}=${raw} is not a URL: fix or unset it`);
	}
}

function loopback(target: URL): boolean {
	const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

function bypassed(target: URL, noProxy: string): boolean {
	const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = target.port || (target.protocol === 'https:' ? '443' : '80');
	for (let entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
		entry = entry.toLowerCase();
		if (entry === '*') return true;
		let entryPort: string | undefined;
		const withPort = /^(.*):(\d+)$/.exec(entry);
		if (withPort && !entry.includes('::')) [, entry, entryPort] = withPort as unknown as [string, string, string];
		if (entryPort !== undefined && entryPort !== port) continue;
		const domain = entry.replace(/^\*?\./, '');
		if (host === domain || host.endsWith(`.${domain}`)) return true;
	}
	return false;
}

function describeTarget(target: URL, env: Env): string {
	const proxy = proxyFor(target, env);
	return proxy ? `${target.host} (through the proxy ${proxy.host})` : target.host;
}

function networkMessage(error: unknown): string {
	const code = (error as {code?: string}).code;
	const message = error instanceof Error ? error.message : String(error);
	switch (code) {
		case 'ECONNREFUSED':
			return 'connection refused (nothing listens on that port)';
		case 'ENOTFOUND':
			return 'host name not found (DNS)';
		case 'ECONNRESET':
			return 'connection reset';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return 'network unreachable';
		default:
			return message;
	}
}

function requestOnce(target: URL, env: Env, signal: AbortSignal): Promise<IncomingMessage> {
	if (target.protocol !== 'http:' && target.protocol !== 'https:') {
		return Promise.reject(new InstallFailure(`${target.href}: only http and https URLs can be downloaded`));
	}
	const proxy = proxyFor(target, env);
	const headers = {'user-agent': 'gotune', accept: '*/*', ...(proxy ? proxyAuth(proxy) : {})};
	if (proxy && target.protocol === 'http:') {
		// Plain http through a proxy: the request line carries the absolute URL.
		return send(
			http.request({host: proxy.hostname, port: proxy.port || 80, path: target.href, headers: {...headers, host: target.host}, signal}),
		);
	}
	if (proxy)
		return tunnel(proxy, target, signal).then(socket =>
			send(https.request(target, {headers: {'user-agent': 'gotune', accept: '*/*'}, signal, createConnection: () => socket})),
		);
	return send((target.protocol === 'https:' ? https : http).request(target, {headers, signal}));
}

function send(request: http.ClientRequest): Promise<IncomingMessage> {
	return new Promise((resolve, reject) => {
		request.once('response', resolve);
		request.once('error', reject);
		request.end();
	});
}

function proxyAuth(proxy: URL): Record<string, string> {
	if (!proxy.username) return {};
	const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
	return {'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}`};
}

/** Opens a CONNECT tunnel through PROXY to TARGET and wraps it in TLS. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<import('node:tls').TLSSocket> {
	const authority = `${target.hostname}:${target.port || 443}`;
	return new Promise((resolve, reject) => {
		const request = http.request({
			host: proxy.hostname,
			port: proxy.port || 80,
			method: 'CONNECT',
			path: authority,
			headers: {host: authority, ...proxyAuth(proxy)},
			signal,
		});
		request.once('connect', (response, socket) => {
			if (response.statusCode !== 200) {
				socket.destroy();
				reject(new InstallFailure(`the proxy ${proxy.host} refused the tunnel to ${authority}: HTTP ${response.statusCode}`));
				return;
			}
			resolve(tlsConnect({socket, servername: target.hostname}));
		});
		request.once('error', reject);
		request.end();
	});
}

/** 1500 → "1.5", 15000 → "15". */
export function seconds(ms: number): string {
	return String(Math.round(ms / 100) / 10);
}
