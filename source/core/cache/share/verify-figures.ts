import type {GoAdapter} from '../../go-adapter.js';
import type {BenchResult} from '../../verify/bench.js';
import {parseCacheProg} from './goprog.js';
import {checkServer} from './server-check.js';
import {shareState} from './state.js';

/**
 * The shared build cache as Verify shows it beside its measurement: what GOCACHEPROG points at, whether its client and
 * server are there, and what the measured cold builds got from it. With GOCACHEPROG set, go does every cache lookup
 * through the client, so a "cold" build (an empty GOCACHE) is served by the shared cache: its hits (go's action graph)
 * are the builds the shared cache served.
 */
export type SharedFigures = {
	/** GOCACHEPROG, tokens and URL credentials masked. */
	shown: string;
	server: string | null;
	/** The server's answer to go-tool-cache's protocol now: round trip in ms, or the problem in plain words. */
	serverState: {ok: true; ms: number} | {ok: false; message: string} | null;
	clientMissing: boolean;
	/** The measured cold builds (median run): actions go found in a cache, of all. */
	cold: {hits: number; actions: number} | null;
};

export async function sharedFigures(go: GoAdapter, result: BenchResult): Promise<SharedFigures | undefined> {
	const {values} = await go.envJson({timeoutMs: 30_000}, ['GOCACHEPROG']);
	const value = values?.['GOCACHEPROG'] ?? '';
	const state = await shareState(go, value);
	if (!state.configured) return undefined;
	const prog = parseCacheProg(value);
	const check = prog?.server ? await checkServer(prog.server, go.env, prog.token) : undefined;
	const cold = result.sides.at(-1)?.kinds.find(kind => kind.kind === 'cold');
	return {
		shown: state.shown,
		server: state.server ?? null,
		serverState: check === undefined ? null : check.ok ? {ok: true, ms: check.ms} : {ok: false, message: check.message},
		clientMissing: !state.binaryExists,
		cold: cold && cold.hits !== null && cold.actions !== null ? {hits: cold.hits, actions: cold.actions} : null,
	};
}
