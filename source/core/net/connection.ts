import http from 'node:http';
import type net from 'node:net';
import {readBody, type BodyLimit} from './body.js';
import type {NetConfig} from './config.js';
import {openConnection, type ConnectTiming} from './connect.js';
import {classifySocketError, NetError} from './errors.js';
import {authorizationFor, basicFromUrl} from './netrc.js';
import {proxyFor} from './no-proxy.js';

export type Fetched = {
	status: number;
	contentType: string;
	/** Decoded (gunzipped) body. */
	body: Buffer;
	/** Bytes received (before gunzip). */
	bytes: number;
	firstByteMs: number;
	totalMs: number;
	/** The body was cut at the size cap or the soft deadline (a throughput sample). */
	truncated: boolean;
	location?: string;
};

/** An answer whose body is still to be read (the caller streams it, or passes it to readBody). */
export type Answer = {response: http.IncomingMessage; firstByteMs: number; started: number};

export type ConnectionOptions = {
	/** go's own User-Agent by default, so a proxy treats gotune as it treats go. */
	userAgent?: string;
	/** Ask for gzip (go's transport does; readBody decodes it). Off for archive downloads streamed to disk. */
	acceptGzip?: boolean;
};

/**
 * One origin's HTTP/1.1 connection, kept alive across requests as go keeps it alive: the connection (and its connect
 * and TLS times) is made once, each request then times first byte and total. Requests run one after another.
 */
export class Connection {
	private readonly agent: http.Agent;
	firstConnect?: ConnectTiming;
	connections = 0;

	constructor(
		private readonly config: NetConfig,
		private readonly origin: URL,
		private readonly signal: AbortSignal,
		private readonly options: ConnectionOptions = {},
	) {
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		// The agent asks for a socket when it has none free: gotune opens it the way go would (proxy, tunnel, TLS).
		(agent as unknown as {createConnection: (o: unknown, cb: (e: Error | null, s?: net.Socket) => void) => undefined}).createConnection = (
			_options,
			callback,
		) => {
			openConnection(this.config, this.origin, this.signal, timing => {
				this.connections++;
				this.firstConnect ??= timing;
			}).then(
				socket => callback(null, socket),
				(error: Error) => callback(error),
			);
			return undefined;
		};
		this.agent = agent;
	}

	/** GET TARGET (same origin) with a bounded body; LIMIT's cut/soft deadline make a large body a sample (the zip). */
	async get(target: URL, limit: BodyLimit): Promise<Fetched> {
		const {response, firstByteMs, started} = await this.request(target);
		const {body, bytes, truncated} = await readBody(response, limit, this.signal).catch((error: Error) => {
			throw this.failure(error, target);
		});
		return {
			status: response.statusCode ?? 0,
			contentType: String(response.headers['content-type'] ?? ''),
			body,
			bytes,
			firstByteMs,
			totalMs: performance.now() - started,
			truncated,
			...(typeof response.headers.location === 'string' ? {location: response.headers.location} : {}),
		};
	}

	/**
	 * GET TARGET (same origin) up to the response headers; the body is the caller's to read. SEND makes it another
	 * method with extra headers and a small body (the shared build cache's protocol check: one PUT, then a GET).
	 */
	request(target: URL, send: {method?: 'GET' | 'PUT'; headers?: Record<string, string>; body?: Buffer} = {}): Promise<Answer> {
		const started = performance.now();
		const proxy = proxyFor(this.config, target);
		const viaHttpProxy = proxy !== undefined && target.protocol === 'http:';
		const headers: Record<string, string> = {Host: target.host, 'User-Agent': this.options.userAgent ?? 'Go-http-client/1.1'};
		if (this.options.acceptGzip ?? true) headers['Accept-Encoding'] = 'gzip';
		const auth = authorizationFor(this.config, target);
		if (auth) headers['Authorization'] = auth;
		const proxyAuth = viaHttpProxy ? basicFromUrl(proxy) : undefined;
		if (proxyAuth) headers['Proxy-Authorization'] = proxyAuth;
		Object.assign(headers, send.headers ?? {});
		if (send.body !== undefined) headers['Content-Length'] = String(send.body.length);
		const requestPath = viaHttpProxy
			? `${target.protocol}//${target.host}${target.pathname}${target.search}`
			: `${target.pathname}${target.search}`;
		return new Promise((resolve, reject) => {
			const request = http.request({
				agent: this.agent,
				method: send.method ?? 'GET',
				path: requestPath,
				headers,
				setHost: false,
				host: target.hostname,
				port: target.port || undefined,
			});
			const onAbort = () => request.destroy(timeoutError(target));
			const settle = () => this.signal.removeEventListener('abort', onAbort);
			if (this.signal.aborted) onAbort();
			else this.signal.addEventListener('abort', onAbort, {once: true});
			request.once('error', error => {
				settle();
				reject(this.failure(error, target));
			});
			request.once('response', response => {
				settle();
				resolve({response, firstByteMs: performance.now() - started, started});
			});
			request.end(send.body);
		});
	}

	private failure(error: Error, target: URL): NetError {
		if (error instanceof NetError) return error.kind === 'timeout' && this.signal.aborted ? timeoutError(target) : error;
		if (this.signal.aborted) return timeoutError(target);
		return classifySocketError(error as NodeJS.ErrnoException, target.host);
	}

	close(): void {
		this.agent.destroy();
	}
}

function timeoutError(target: URL): NetError {
	return new NetError('timeout', `no complete answer for ${target.pathname.split('/').slice(-2).join('/')} in time`);
}
