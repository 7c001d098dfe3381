import type {IncomingMessage} from 'node:http';
import {createGunzip, type Gunzip} from 'node:zlib';
import {NetError} from './errors.js';

/** Every body gotune reads has a cap; these fit the largest real answer of each kind many times over. */
export const BODY_LIMITS = {
	/** @v/list, .info, .mod, /supported: a few KB from real proxies. */
	moduleMetadata: 16 * 1024 * 1024,
	/** go.dev/dl/?mode=json (without include=all): tens of KB. */
	releaseFeed: 8 * 1024 * 1024,
	/** go.dev/dl/?mode=json&include=all: a few MB. */
	releaseIndex: 64 * 1024 * 1024,
} as const;

export type BodyLimit = {
	/** Most bytes taken off the wire. */
	maxBytes: number;
	/** Most bytes after gzip decoding (default: maxBytes). */
	maxDecodedBytes?: number;
	/** A body reaching maxBytes is cut and returned as `truncated` (a throughput sample) instead of failing. */
	cutAtMaxBytes?: boolean;
	/** performance.now() time at which the body is cut and returned as `truncated`. */
	softDeadline?: number;
};

export type Body = {body: Buffer; bytes: number; truncated: boolean};

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Reads RESPONSE's body within LIMIT, decoding gzip as a stream (Content-Encoding: gzip, as net/http's transport
 * does for the Accept-Encoding it adds): the decoded size is counted as it grows, so a gzip bomb stops at the cap
 * instead of inflating whole (issue 18 (2)), and an endless body stops at maxBytes (issue 18 (3)). SIGNAL ends it.
 */
export function readBody(response: IncomingMessage, limit: BodyLimit, signal: AbortSignal): Promise<Body> {
	const maxDecoded = limit.maxDecodedBytes ?? limit.maxBytes;
	const gzip = /\bgzip\b/i.test(String(response.headers['content-encoding'] ?? ''));
	const decoder: Gunzip | undefined = gzip ? createGunzip() : undefined;
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let bytes = 0;
		let decoded = 0;
		let settled = false;
		let timer: NodeJS.Timeout | undefined;
		const finish = (error?: Error, truncated = false) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			decoder?.destroy();
			// Unfinished bodies leave the connection unusable: destroy it (the agent opens a new one if needed).
			if (error || truncated) response.destroy();
			if (error) reject(error);
			else resolve({body: Buffer.concat(chunks), bytes, truncated});
		};
		const take = (chunk: Buffer) => {
			if (settled) return;
			if (decoded + chunk.length > maxDecoded) {
				finish(
					new NetError(
						'protocol',
						gzip
							? `the answer inflates to more than ${mb(maxDecoded)} (from ${bytes} bytes of gzip): a gzip bomb, not a real answer`
							: `the answer is larger than ${mb(maxDecoded)}: gotune stops reading there`,
					),
				);
				return;
			}
			decoded += chunk.length;
			chunks.push(chunk);
		};
		const onAbort = () => finish(new NetError('timeout', 'the answer did not arrive in time'));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, {once: true});
		if (limit.softDeadline !== undefined)
			timer = setTimeout(() => finish(undefined, true), Math.max(0, limit.softDeadline - performance.now()));
		response.on('data', (chunk: Buffer) => {
			if (settled) return;
			if (bytes + chunk.length > limit.maxBytes && !limit.cutAtMaxBytes) {
				finish(new NetError('protocol', `the answer is larger than ${mb(limit.maxBytes)}: gotune stops reading there`));
				return;
			}
			bytes += chunk.length;
			if (decoder) decoder.write(chunk);
			else take(chunk);
			if (limit.cutAtMaxBytes && bytes >= limit.maxBytes) finish(undefined, true);
		});
		response.once('end', () => (decoder ? decoder.end() : finish()));
		response.once('error', error => finish(error));
		// A connection that closes before the body's end, without an error of its own (Node ≥ 20 reports 'aborted').
		response.once('close', () => {
			if (!response.complete) finish(new NetError('protocol', 'the connection closed before the answer was complete', null, 'ECONNRESET'));
		});
		decoder?.on('data', take);
		decoder?.once('end', () => finish());
		decoder?.once('error', error => finish(new NetError('protocol', `the gzip-compressed answer is corrupt (${error.message})`)));
	});
}
