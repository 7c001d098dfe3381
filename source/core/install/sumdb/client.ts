import type {Env} from '../../env.js';
import {BODY_LIMITS, getBounded, netConfigFrom, type NetConfig} from '../../net/index.js';
import {escapeModulePath} from '../../proxy/escape.js';
import type {GoproxyEntry} from '../../proxy/goproxy-list.js';
import {noteVerifier, openNote, parseTree, SumdbError, type TreeHead} from './note.js';
import {proveRecord} from './tlog.js';

/** The checksum database to ask, from GOSUMDB (parseGosumdb's verdict). */
export type SumdbTarget = {name: string; key: string; url?: string};

export type SumdbLookup = {
	/** The go.sum lines of the record, proven in the signed tree. */
	lines: string[];
	/** Where the database was reached: through a proxy's /sumdb/NAME/ or directly. */
	base: string;
	tree: TreeHead;
};

/** Each request to the database (or to a proxy's /sumdb/) is bounded: a silent server must not hang the install. */
const REQUEST_TIMEOUT_MS = 30_000;
const bounded = (signal: AbortSignal) => AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);

/** A checksum-database answer is small: a tree head, a record, a tile of 8 KB. */
const SUMDB_LIMIT = {maxBytes: 1024 * 1024};

/**
 * What go's sumdb client does for one module version (x/mod/sumdb/client.go Lookup + checkRecord, modfetch/sumdb.go
 * initBase): choose the base (the first proxy of the GOPROXY list answering /sumdb/NAME/supported with 200, else
 * the database itself), fetch and verify the signed tree head (/latest), fetch /lookup/PATH@VERSION, verify the
 * record's tree note, and prove the record is in the signed trees with tiles. Any failure throws SumdbError.
 */
export async function sumdbLookup(
	target: SumdbTarget,
	proxies: GoproxyEntry[],
	modulePath: string,
	version: string,
	{env, signal}: {env: Env; signal: AbortSignal},
): Promise<SumdbLookup> {
	const config = await netConfigFrom(env);
	const verifier = noteVerifier(target.key);
	const base = await chooseBase(target, proxies, config, signal);
	const get = async (path: string): Promise<{status: number; body: Buffer}> => {
		const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
		const once = () => getBounded(url, {config, signal: bounded(signal), limit: SUMDB_LIMIT});
		// A connection the server or a middlebox reset (seen here on a tile, mid-install): these GETs are idempotent, so
		// one more try before the install is called off.
		const {status, body} = await once()
			.catch(async (error: Error & {code?: string}) => {
				if (signal.aborted || (error.code !== 'ECONNRESET' && error.code !== 'EPIPE')) throw error;
				return once();
			})
			.catch((error: Error) => {
				if (signal.aborted) throw error;
				throw new Error(
					`${url.href}: ${error.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : error.message}`,
				);
			});
		return {status, body};
	};
	const must = async (path: string): Promise<Buffer> => {
		const {status, body} = await get(path);
		if (status !== 200) throw new SumdbError('protocol', `${base}/${path} answered HTTP ${status}`);
		return body;
	};
	const lookupPath = `lookup/${escapeModulePath(modulePath)}@${escapeModulePath(version)}`;
	// Independent requests go out together (on a proxy 0.8 s away, each round trip counts).
	const [latestBody, record] = await Promise.all([must('latest'), must(lookupPath)]);
	const latestText = openNote(latestBody.toString('utf8'), verifier, `the tree head of ${target.name} (/latest)`);
	const latest = parseTree(latestText, `the tree head of ${target.name}`);
	const parsed = parseRecord(record, lookupPath);
	const recordTree = parseTree(openNote(parsed.note, verifier, `the tree note of /${lookupPath}`), `the tree note of /${lookupPath}`);
	const fetchOne = async (path: string, fullPath: string | undefined): Promise<Buffer> => {
		const answer = await get(path);
		if (answer.status === 200) return answer.body;
		// tileReader: a partial tile the server no longer keeps is the prefix of the full one.
		if (fullPath !== undefined && (answer.status === 404 || answer.status === 410)) return must(fullPath);
		throw new SumdbError('protocol', `${base}/${path} answered HTTP ${answer.status}`);
	};
	// A tile is fetched once for both proofs (the two trees share most of theirs), as go's tile cache does.
	const tiles = new Map<string, Promise<Buffer>>();
	const fetchTile = (path: string, fullPath: string | undefined): Promise<Buffer> => {
		let tile = tiles.get(path);
		if (tile === undefined) tiles.set(path, (tile = fetchOne(path, fullPath)));
		return tile;
	};
	// checkRecord proves the record in the newest tree the client knows; proving it in both signed trees also
	// catches a lookup answered from a tree other than the one /latest signs. Both at once.
	await Promise.all([recordTree, latest].map(async tree => proveRecord(tree, parsed.id, parsed.text, fetchTile)));
	const lines = parsed.text.toString('utf8').split('\n').filter(Boolean);
	return {lines, base, tree: latest.size >= recordTree.size ? latest : recordTree};
}

/** tlog.ParseRecord: "<id>\n<text>\n\n<signed tree note>". */
function parseRecord(data: Buffer, what: string): {id: number; text: Buffer; note: string} {
	const newline = data.indexOf('\n');
	const id = Number(data.subarray(0, Math.max(newline, 0)).toString());
	const rest = data.subarray(newline + 1);
	const end = rest.indexOf('\n\n');
	if (newline < 0 || !Number.isSafeInteger(id) || id < 0 || end < 0)
		throw new SumdbError('record', `/${what} is not a checksum database record`);
	return {id, text: rest.subarray(0, end + 1), note: rest.subarray(end + 2).toString('utf8')};
}

/** initBase: proxies in GOPROXY order; 200 on /sumdb/NAME/supported → that proxy, 404/410 (or any error after "|") → the next. */
async function chooseBase(target: SumdbTarget, proxies: GoproxyEntry[], config: NetConfig, signal: AbortSignal): Promise<string> {
	const direct = target.url
		? /^[a-z][a-z0-9+.-]*:\/\//i.test(target.url)
			? target.url
			: `https://${target.url}`
		: `https://${target.name}`;
	for (const proxy of proxies) {
		if (proxy.url === 'direct' || proxy.url === 'off') break;
		const proxied = `${proxy.url.replace(/\/+$/, '')}/sumdb/${target.name}`;
		let status: number;
		try {
			({status} = await getBounded(new URL(`${proxied}/supported`), {
				config,
				signal: bounded(signal),
				limit: {maxBytes: BODY_LIMITS.moduleMetadata},
			}));
		} catch (error) {
			if (signal.aborted || proxy.then !== '|') throw error;
			continue;
		}
		if (status === 200) return proxied;
		if (status === 404 || status === 410 || proxy.then === '|') continue;
		throw new SumdbError(
			'protocol',
			`${proxied}/supported answered HTTP ${status}: the checksum database is unavailable through this proxy`,
		);
	}
	return direct.replace(/\/+$/, '');
}
