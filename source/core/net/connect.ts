import net from 'node:net';
import tls from 'node:tls';
import type {NetConfig} from './config.js';
import {classifySocketError, NetError} from './errors.js';
import {basicFromUrl} from './netrc.js';
import {hostOf, proxyFor} from './no-proxy.js';

/** Connection set-up times, from socket events. */
export type ConnectTiming = {connectMs: number | null; tlsMs: number | null; viaProxy?: string};

/** The CONNECT answer's head is a status line and a few headers; more is not a proxy. */
const MAX_CONNECT_HEAD = 64 * 1024;

/**
 * Opens the connection go would open for TARGET (direct, CONNECT tunnel through HTTPS_PROXY, or to HTTP_PROXY), TLS
 * included, and times it: connect = until TCP (and the tunnel) is up, DNS included; tls = the handshake alone. Every
 * wait settles on the signal's abort and on the peer closing, so no caller can wait forever.
 */
export async function openConnection(
	config: NetConfig,
	target: URL,
	signal: AbortSignal,
	timing: (t: ConnectTiming) => void,
): Promise<net.Socket> {
	if (target.protocol !== 'http:' && target.protocol !== 'https:')
		throw new NetError('protocol', `Get "${target.href}": unsupported protocol scheme "${target.protocol.replace(/:$/, '')}"`);
	const started = performance.now();
	const proxy = proxyFor(config, target);
	const targetHost = hostOf(target);
	const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
	const authority = `${targetHost.includes(':') ? `[${targetHost}]` : targetHost}:${targetPort}`;
	let socket: net.Socket;
	if (proxy) {
		const from = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
		if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')
			throw new NetError(
				'protocol',
				`${from} is a ${proxy.protocol.replace(/:$/, '')} proxy (${proxy.host}): gotune reaches proxies over http and https only`,
			);
		const proxyHost = hostOf(proxy);
		const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
		socket = await tcp(proxyHost, proxyPort, signal, `the proxy ${proxy.host} (from ${from})`);
		// An https:// proxy is itself reached over TLS, as net/http does.
		if (proxy.protocol === 'https:') socket = await handshake(socket, proxyHost, config.ca, signal);
		if (target.protocol === 'https:') await tunnel(socket, authority, proxy, signal);
	} else {
		socket = await tcp(targetHost, targetPort, signal, target.host);
	}
	const connected = performance.now();
	const via = proxy ? {viaProxy: proxy.host} : {};
	if (target.protocol !== 'https:') {
		timing({connectMs: connected - started, tlsMs: null, ...via});
		return socket;
	}
	const secure = await handshake(
		socket,
		targetHost,
		config.ca,
		signal,
		proxy ? `the proxy ${proxy.host} closed the tunnel to ${authority} during the TLS handshake with ${target.host}` : undefined,
	);
	timing({connectMs: connected - started, tlsMs: performance.now() - connected, ...via});
	return secure;
}

/** Settles a socket wait once: on success, on error, on abort, or on the peer closing first. */
function waitFor<T>(
	socket: net.Socket,
	signal: AbortSignal,
	onTimeout: () => NetError,
	onClose: () => NetError,
	setUp: (done: (error?: Error, value?: T) => void) => () => void,
): Promise<T> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const done = (error?: Error, value?: T) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			socket.removeListener('end', onEnd);
			socket.removeListener('close', onEnd);
			tearDown();
			if (error) {
				// The socket may still report its own error after this failure was settled: nobody is listening then.
				socket.on('error', () => undefined);
				socket.destroy();
				reject(error);
			} else resolve(value as T);
		};
		const onAbort = () => done(onTimeout());
		const onEnd = () => done(onClose());
		const tearDown = setUp(done);
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, {once: true});
		socket.once('end', onEnd);
		socket.once('close', onEnd);
	});
}

function tcp(host: string, port: number, signal: AbortSignal, label: string): Promise<net.Socket> {
	const socket = net.connect({host, port});
	return waitFor<net.Socket>(
		socket,
		signal,
		() => new NetError('timeout', `no connection to ${label}`),
		() => new NetError('protocol', `${label} closed the connection`),
		done => {
			const onConnect = () => done(undefined, socket);
			const onError = (error: Error) => done(classifySocketError(error as NodeJS.ErrnoException, label));
			socket.once('connect', onConnect);
			socket.once('error', onError);
			return () => {
				socket.removeListener('connect', onConnect);
				socket.removeListener('error', onError);
			};
		},
	);
}

function tunnel(socket: net.Socket, authority: string, proxy: URL, signal: AbortSignal): Promise<void> {
	const auth = basicFromUrl(proxy);
	return waitFor<void>(
		socket,
		signal,
		() => new NetError('timeout', `the proxy ${proxy.host} did not open a tunnel to ${authority} in time`),
		// Issue 18 (4): a proxy that accepts CONNECT and closes the connection fails this candidate at once.
		() => new NetError('protocol', `the proxy ${proxy.host} closed the tunnel to ${authority} before answering CONNECT`),
		done => {
			let head = Buffer.alloc(0);
			const onData = (chunk: Buffer) => {
				head = Buffer.concat([head, chunk]);
				const end = head.indexOf('\r\n\r\n');
				if (end < 0) {
					if (head.length > MAX_CONNECT_HEAD)
						done(new NetError('protocol', `the proxy ${proxy.host} answered CONNECT with more than 64 KB of headers`));
					return;
				}
				const text = head.subarray(0, end).toString('latin1');
				const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
				if (end + 4 < head.length) socket.unshift(head.subarray(end + 4));
				if (status === 200) return done();
				const line = text.split('\r\n')[0] ?? '';
				done(
					new NetError(
						status === 407 || status === 403 ? 'forbidden' : status >= 500 ? 'server-error' : 'protocol',
						`the proxy ${proxy.host} refused the tunnel to ${authority}: ${line}`,
						status || null,
					),
				);
			};
			const onError = (error: Error) => done(classifySocketError(error as NodeJS.ErrnoException, `the proxy ${proxy.host}`));
			socket.on('data', onData);
			socket.once('error', onError);
			socket.write(
				`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}User-Agent: Go-http-client/1.1\r\n\r\n`,
			);
			return () => {
				socket.removeListener('data', onData);
				socket.removeListener('error', onError);
			};
		},
	);
}

function handshake(
	socket: net.Socket,
	servername: string,
	ca: string[] | undefined,
	signal: AbortSignal,
	closedMessage?: string,
): Promise<tls.TLSSocket> {
	const secure = tls.connect({
		socket,
		host: servername,
		servername: net.isIP(servername) ? undefined : servername,
		ALPNProtocols: ['http/1.1'],
		...(ca ? {ca} : {}),
	});
	// Errors of the tunnel's socket under a failed handshake are the handshake's; keep them from going unhandled.
	socket.on('error', () => undefined);
	return waitFor<tls.TLSSocket>(
		secure,
		signal,
		() => new NetError('timeout', `the TLS handshake with ${servername} did not finish in time`),
		() => new NetError('protocol', closedMessage ?? `${servername} closed the connection during the TLS handshake`),
		done => {
			const onSecure = () => done(undefined, secure);
			// The peer (or the tunnel) closing mid-handshake is reported as that, not as a TLS fault.
			const onError = (error: Error) => {
				const code = (error as NodeJS.ErrnoException).code;
				done(
					closedMessage && (code === 'ECONNRESET' || code === 'EPIPE')
						? new NetError('protocol', closedMessage, null, code)
						: classifySocketError(error as NodeJS.ErrnoException, servername),
				);
			};
			secure.once('secureConnect', onSecure);
			secure.once('error', onError);
			return () => {
				secure.removeListener('secureConnect', onSecure);
				secure.removeListener('error', onError);
			};
		},
	);
}
