import http from 'node:http';
import type net from 'node:net';
import {gunzipSync} from 'node:zlib';
import {authorizationFor, classifySocketError, NetError, openConnection, proxyFor, type ConnectTiming, type NetConfig} from './net.js';

export type Fetched = {
	status: number;
	contentType: string;
	body: Buffer;
	/** Bytes received (before gunzip). */
	bytes: number;
	firstByteMs: number;
	totalMs: number;
	/** The body was cut at the size cap or the soft deadline. */
	truncated: boolean;
	location?: string;
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

	/** GET TARGET (same origin). maxBytes/softDeadline cut a large body short (the zip); the answer is still a measurement. */
	get(target: URL, options: {maxBytes?: number; softDeadline?: number} = {}): Promise<Fetched> {
		const started = performance.now();
		const proxy = proxyFor(this.config, target);
		const viaHttpProxy = proxy !== undefined && target.protocol === 'http:';
		const headers: Record<string, string> = {
			Host: target.host,
			'User-Agent': 'Go-http-client/1.1',
			'Accept-Encoding': 'gzip',
		};
		const auth = authorizationFor(this.config, target);
		if (auth) headers['Authorization'] = auth;
		if (viaHttpProxy && proxy.username !== '')
			headers['Proxy-Authorization'] =
				`Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
		const requestPath = viaHttpProxy
			? `${target.protocol}//${target.host}${target.pathname}${target.search}`
			: `${target.pathname}${target.search}`;
		return new Promise((resolve, reject) => {
			let settled = false;
			const fail = (error: Error) => {
				if (settled) return;
				settled = true;
				reject(error);
			};
			const request = http.request({
				agent: this.agent,
				method: 'GET',
				path: requestPath,
				headers,
				setHost: false,
				host: target.hostname,
				port: target.port || undefined,
			});
			const onAbort = () => request.destroy(timeoutError(target));
			if (this.signal.aborted) onAbort();
			this.signal.addEventListener('abort', onAbort, {once: true});
			request.once('error', error => {
				this.signal.removeEventListener('abort', onAbort);
				fail(
					error instanceof NetError
						? error
						: this.signal.aborted
							? timeoutError(target)
							: classifySocketError(error as NodeJS.ErrnoException, target.host),
				);
			});
			request.once('response', response => {
				const firstByteMs = performance.now() - started;
				const chunks: Buffer[] = [];
				let bytes = 0;
				let truncated = false;
				let timer: NodeJS.Timeout | undefined;
				const done = () => {
					if (timer) clearTimeout(timer);
					this.signal.removeEventListener('abort', onAbort);
					if (settled) return;
					settled = true;
					const raw = Buffer.concat(chunks);
					let body = raw;
					if (!truncated && /gzip/i.test(String(response.headers['content-encoding'] ?? ''))) {
						try {
							body = gunzipSync(raw);
						} catch {
							body = raw;
						}
					}
					resolve({
						status: response.statusCode ?? 0,
						contentType: String(response.headers['content-type'] ?? ''),
						body,
						bytes,
						firstByteMs,
						totalMs: performance.now() - started,
						truncated,
						...(typeof response.headers.location === 'string' ? {location: response.headers.location} : {}),
					});
				};
				const cut = () => {
					truncated = true;
					done();
					// The connection is not reusable after an unfinished body; the agent then opens a new one if needed.
					response.destroy();
				};
				if (options.softDeadline !== undefined) timer = setTimeout(cut, Math.max(0, options.softDeadline - performance.now()));
				response.on('data', (chunk: Buffer) => {
					bytes += chunk.length;
					chunks.push(chunk);
					if (options.maxBytes !== undefined && bytes >= options.maxBytes) cut();
				});
				response.once('end', done);
				response.once('error', error => {
					if (timer) clearTimeout(timer);
					this.signal.removeEventListener('abort', onAbort);
					if (!truncated)
						fail(
							error instanceof NetError
								? error
								: this.signal.aborted
									? timeoutError(target)
									: classifySocketError(error as NodeJS.ErrnoException, target.host),
						);
				});
			});
			request.end();
		});
	}

	close(): void {
		this.agent.destroy();
	}
}

function timeoutError(target: URL): NetError {
	return new NetError('timeout', `no complete answer for ${target.pathname.split('/').slice(-2).join('/')} in time`);
}
