import type {IncomingMessage} from 'node:http';
import {readBody, type BodyLimit} from './body.js';
import type {NetConfig} from './config.js';
import {Connection, type ConnectionOptions} from './connection.js';
import {nextHop, REDIRECT_STATUSES} from './redirect.js';

export type GetOptions = ConnectionOptions & {config: NetConfig; signal: AbortSignal};

export type Opened = {
	response: IncomingMessage;
	/** The URL that answered, after redirects (go.dev/dl/ answers 302 to dl.google.com). */
	url: URL;
};

/**
 * GET URL the way go would (proxy, tunnel, TLS, credentials: see connect.ts), following redirects by go's rules
 * (redirect.ts), up to the final answer's headers. Any status is returned; the body is the caller's to read (a
 * download streams it to disk with its own byte cap) and the connection closes when the body does.
 */
export async function openGet(url: URL, options: GetOptions): Promise<Opened> {
	let current = url;
	for (let hops = 0; ; hops++) {
		const connection = new Connection(options.config, current, options.signal, options);
		const {response} = await connection.request(current).catch((error: Error) => {
			connection.close();
			throw error;
		});
		response.once('close', () => connection.close());
		const location = response.headers.location;
		if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || typeof location !== 'string') return {response, url: current};
		response.destroy();
		current = nextHop(url, current, location, hops);
	}
}

/** GET URL with a bounded body (readBody): status, content type and the decoded body. */
export async function getBounded(
	url: URL,
	options: GetOptions & {limit: BodyLimit},
): Promise<{status: number; contentType: string; body: Buffer; url: URL}> {
	const {response, url: answered} = await openGet(url, {acceptGzip: true, ...options});
	const {body} = await readBody(response, options.limit, options.signal);
	return {status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body, url: answered};
}
