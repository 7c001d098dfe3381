import type {IncomingMessage} from 'node:http';
import type {Env} from '../env.js';
import {maskSecrets} from '../mask.js';
import {netConfigFrom, type NetConfig} from '../net/config.js';
import {NetError} from '../net/errors.js';
import {openGet} from '../net/get.js';
import {proxyFor} from '../net/no-proxy.js';
import {TaskCancelled} from '../task.js';
import {HttpStatusFailure, InstallFailure} from './errors.js';

export type GetOptions = {
	env: Env;
	signal?: AbortSignal;
	/** Until the response headers arrive (connect, proxy tunnel, TLS, redirects included). */
	headersTimeoutMs: number;
};

export type GetResponse = {
	response: IncomingMessage;
	/** The URL that answered, after redirects (go.dev/dl/ answers 302 to dl.google.com). */
	url: string;
};

/**
 * GET for install-go (the release index and the archive) through gotune's network layer (core/net: go's proxy
 * variables, SSL_CERT_FILE/DIR, ~/.netrc, go's redirect rules), up to the response headers within
 * headersTimeoutMs; the caller streams the body with its own byte cap. Non-2xx answers are failures.
 */
export async function httpGet(url: string, options: GetOptions): Promise<GetResponse> {
	const deadline = AbortSignal.timeout(options.headersTimeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
	const target = new URL(url);
	const config = await netConfigFrom(options.env);
	const {response, url: answered} = await openGet(target, {config, signal, userAgent: 'gotune', acceptGzip: false}).catch(error => {
		if (options.signal?.aborted) throw new TaskCancelled('the download');
		if (deadline.aborted)
			throw new InstallFailure(`${describeTarget(target, config)} did not answer within ${seconds(options.headersTimeoutMs)} s`);
		if (error instanceof NetError && error.code === undefined) throw new InstallFailure(maskSecrets(`${url}: ${error.message}`));
		throw new InstallFailure(`cannot reach ${describeTarget(target, config)}: ${networkMessage(error)}`);
	});
	const status = response.statusCode ?? 0;
	if (status < 200 || status >= 300) {
		response.destroy();
		throw new HttpStatusFailure(
			maskSecrets(`${answered.href} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`),
			status,
		);
	}
	return {response, url: answered.href};
}

function describeTarget(target: URL, config: NetConfig): string {
	const proxy = proxyFor(config, target);
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
			return maskSecrets(message);
	}
}

/** 1500 → "1.5", 15000 → "15". */
export function seconds(ms: number): string {
	return String(Math.round(ms / 100) / 10);
}
