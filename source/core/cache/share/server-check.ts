import {createHash} from 'node:crypto';
import type {Env} from '../../env.js';
import {maskUrl} from '../../mask.js';
import {Connection, netConfigFrom, NetError, readBody} from '../../net/index.js';

export type ServerCheck =
	| {ok: true; server: string; ms: number}
	| {ok: false; server: string; reason: 'unreachable' | 'timeout' | 'unauthorized' | 'protocol'; message: string};

/** How long the whole check may take: a cache server that answers slower than this makes every build slower. */
const CHECK_TIMEOUT_MS = 5_000;

/** One fixed, tiny entry: checking again overwrites it instead of adding one (a cache keeps what it is given). */
const PROBE_BODY = Buffer.from('gotune cache share: protocol check\n');
const PROBE_OUTPUT = createHash('sha256').update(PROBE_BODY).digest('hex');
const PROBE_ACTION = createHash('sha256').update('gotune-cache-share-probe-action').digest('hex');

/**
 * Is SERVER a cache server go-cacher can use? One round trip of the protocol it speaks (go-tool-cache's gocached and
 * go-cacher-server): PUT /ACTION/OUTPUT with a small body, then GET /action/ACTION with `Want-Object: 1` must answer
 * 200, application/octet-stream, the same Go-Output-Id and body. Nothing of the protocol is re-implemented beyond
 * these two requests; the build itself always goes through the real client.
 */
export async function checkServer(server: string, env: Env, token?: string): Promise<ServerCheck> {
	const started = performance.now();
	const shown = maskUrl(server);
	const fail = (reason: Exclude<ServerCheck, {ok: true}>['reason'], message: string): ServerCheck => ({
		ok: false,
		server: shown,
		reason,
		message,
	});
	// A --cache-server typed by hand into GOCACHEPROG is checked here too (cache share, bench --shared, Verify): a value
	// that is no http(s) URL is said as such, never as URL's own "Invalid URL".
	const base = URL.canParse(server) ? new URL(server) : undefined;
	if (base === undefined || (base.protocol !== 'http:' && base.protocol !== 'https:'))
		return fail(
			'protocol',
			`"${shown}" is not an http:// or https:// address, so go-cacher cannot reach it: give GOCACHEPROG's --cache-server as http://HOST:PORT (gotune cache share --server URL writes it)`,
		);
	const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
	const connection = new Connection(await netConfigFrom(env), base, signal, {acceptGzip: false});
	const auth: Record<string, string> = token ? {Authorization: `Bearer ${token}`} : {};
	try {
		const put = await connection.request(new URL(`/${PROBE_ACTION}/${PROBE_OUTPUT}`, base), {
			method: 'PUT',
			headers: {...auth, 'Content-Type': 'application/octet-stream'},
			body: PROBE_BODY,
		});
		const putBody = await readBody(put.response, {maxBytes: 64 * 1024}, signal);
		const putStatus = put.response.statusCode ?? 0;
		if (putStatus === 401 || putStatus === 403)
			return fail('unauthorized', `${shown} refused to store (${putStatus}): it needs an access token`);
		if (putStatus !== 204 && putStatus !== 200)
			return fail('protocol', `${shown} does not speak go-tool-cache's protocol: PUT answered ${putStatus} ${firstLine(putBody.body)}`);
		const get = await connection.request(new URL(`/action/${PROBE_ACTION}`, base), {headers: {...auth, 'Want-Object': '1'}});
		const got = await readBody(get.response, {maxBytes: 64 * 1024}, signal);
		const status = get.response.statusCode ?? 0;
		if (status === 401 || status === 403) return fail('unauthorized', `${shown} refused to answer (${status}): it needs an access token`);
		const outputId = String(get.response.headers['go-output-id'] ?? '');
		const type = String(get.response.headers['content-type'] ?? '');
		if (status !== 200 || type !== 'application/octet-stream' || outputId !== PROBE_OUTPUT || !got.body.equals(PROBE_BODY))
			return fail(
				'protocol',
				`${shown} stored the check entry but did not give it back as go-tool-cache's client expects (GET /action answered ${status}, ${type || 'no content type'}${outputId ? '' : ', no Go-Output-Id'})`,
			);
		return {ok: true, server: shown, ms: Math.round(performance.now() - started)};
	} catch (error) {
		if (error instanceof NetError && error.kind === 'timeout')
			return fail('timeout', `${shown} did not answer within ${CHECK_TIMEOUT_MS / 1000} s`);
		if (error instanceof NetError && (error.kind === 'refused' || error.kind === 'dns'))
			return fail('unreachable', `${shown} cannot be reached: ${error.message}`);
		return fail('unreachable', `${shown}: ${(error as Error).message}`);
	} finally {
		connection.close();
	}
}

function firstLine(body: Buffer): string {
	return body.toString('utf8').split('\n')[0]!.slice(0, 120);
}
