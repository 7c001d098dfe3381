import {createHash, generateKeyPairSync, sign, type KeyObject} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {hash1} from '../../source/core/cache/dirhash.js';
import {recordHash, TILE_HEIGHT} from '../../source/core/install/sumdb/tlog.js';
import {centralDirectoryNames} from './zip-names.js';

/**
 * A module proxy and a checksum database on 127.0.0.1, with a key made for the test (Ed25519): the real protocol of
 * proxy.golang.org and sum.golang.org (x/mod/sumdb: signed tree heads, /lookup records, tiles of height 8), so both
 * gotune and the real go verify against it. Modules are served at /<path>/@v/...; the database directly at /db/...
 * and, when `proxiesSumdb`, through the proxy at /sumdb/<name>/... (/sumdb/<name>/supported answers 200).
 *
 * Faults, chosen per test with `fault` (each injects what a real server cannot be made to do on purpose):
 * - 'tampered-zip': the proxy serves a zip whose content differs from the one the database recorded;
 * - 'wrong-h1': the database recorded a wrong h1: for the toolchain (a correctly signed, proven record);
 * - 'forged-head': /latest and the lookup's tree note are signed by another key with the same name and key hash;
 * - 'broken-proof': the lookup answers a record that is not the tree's leaf (the tiles are the true tree's);
 * - 'stall-zip': the toolchain zip's first half is sent, then nothing until the client goes (to interrupt a download).
 */
export type Fault = 'tampered-zip' | 'wrong-h1' | 'forged-head' | 'broken-proof' | 'stall-zip';

export type ServedModule = {path: string; version: string; zip: Buffer; mod: string};

export type SumdbServer = {
	url: string;
	/** GOSUMDB's value for this database reached directly: "name+hash+key url". */
	gosumdb: string;
	name: string;
	requests: string[];
	setFault: (fault: Fault | undefined) => void;
	close: () => Promise<void>;
};

export async function startSumdbProxy(
	modules: ServedModule[],
	{name = 'sum.gotune.test', proxiesSumdb = false, padRecords = 300}: {name?: string; proxiesSumdb?: boolean; padRecords?: number} = {},
): Promise<SumdbServer> {
	const {publicKey, privateKey} = generateKeyPairSync('ed25519');
	const forger = generateKeyPairSync('ed25519').privateKey;
	const raw = Buffer.concat([Buffer.from([1]), rawPublicKey(publicKey)]);
	const keyHash = createHash('sha256')
		.update(Buffer.concat([Buffer.from(`${name}\n`), raw]))
		.digest()
		.readUInt32BE(0);
	const vkey = `${name}+${keyHash.toString(16).padStart(8, '0')}+${raw.toString('base64')}`;

	// Records: padding records first (so the tree spans more than one tile and proofs climb levels), then the modules.
	const records: Buffer[] = [];
	for (let i = 0; i < padRecords; i++) records.push(Buffer.from(`example.com/pad${i} v1.0.0 h1:${'A'.repeat(43)}=\n`));
	const ids = new Map<string, number>();
	const recordText = (mod: ServedModule, wrong = false) => {
		const zipHash = wrong ? `h1:${Buffer.alloc(32, 7).toString('base64')}` : hash1(zipFiles(mod.zip));
		const modHash = hash1([{name: 'go.mod', sha256: createHash('sha256').update(mod.mod).digest('hex')}]);
		return Buffer.from(`${mod.path} ${mod.version} ${zipHash}\n${mod.path} ${mod.version}/go.mod ${modHash}\n`);
	};
	for (const mod of modules) {
		ids.set(`${mod.path}@${mod.version}`, records.length);
		records.push(recordText(mod));
	}
	// A second database state where the toolchain's record carries a wrong hash (fault 'wrong-h1').
	const wrongRecords = records.map((r, i) => {
		const mod = modules.find(m => ids.get(`${m.path}@${m.version}`) === i);
		return mod && mod.path === 'golang.org/toolchain' ? recordText(mod, true) : r;
	});
	const trees = {good: buildTree(records), wrong: buildTree(wrongRecords)};
	let fault: Fault | undefined;

	const signed = (text: string, key: KeyObject) =>
		`${text}\n\u2014 ${name} ${Buffer.concat([uint32(keyHash), sign(null, Buffer.from(text), key)]).toString('base64')}\n`;
	const treeNote = () => {
		const tree = fault === 'wrong-h1' ? trees.wrong : trees.good;
		return signed(
			`go.sum database tree\n${records.length}\n${tree.root.toString('base64')}\n`,
			fault === 'forged-head' ? forger : privateKey,
		);
	};
	const database = (rest: string): {status: number; body: Buffer | string} => {
		const tree = fault === 'wrong-h1' ? trees.wrong : trees.good;
		if (rest === 'latest') return {status: 200, body: treeNote()};
		const lookup = /^lookup\/(.+)@(.+)$/.exec(rest);
		if (lookup) {
			const id = ids.get(`${unescape(lookup[1]!)}@${unescape(lookup[2]!)}`);
			if (id === undefined) return {status: 404, body: 'not found'};
			// broken-proof: the wrong record is answered while the tiles and the signed head are the true tree's.
			const text = (fault === 'wrong-h1' || fault === 'broken-proof' ? wrongRecords : records)[id]!;
			return {status: 200, body: `${id}\n${text.toString()}\n${treeNote()}`};
		}
		const tile = /^tile\/8\/(\d+)\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d+))?$/.exec(rest);
		if (tile) {
			const level = Number(tile[1]) * TILE_HEIGHT;
			const index = Number(tile[2]!.replace(/x|\//g, ''));
			const width = tile[3] === undefined ? 256 : Number(tile[3]);
			const hashes = tree.levels[level] ?? [];
			if (index * 256 + width > hashes.length) return {status: 404, body: 'no such tile'};
			return {status: 200, body: Buffer.concat(hashes.slice(index * 256, index * 256 + width))};
		}
		return {status: 404, body: 'not found'};
	};

	const requests: string[] = [];
	const routes = new Map<string, Buffer | string>();
	for (const mod of modules) {
		const base = `/${escape(mod.path)}/@v`;
		routes.set(`${base}/list`, `${mod.version}\n`);
		routes.set(`${base}/${mod.version}.info`, JSON.stringify({Version: mod.version, Time: '2026-01-01T00:00:00Z'}));
		routes.set(`${base}/${mod.version}.mod`, mod.mod);
		routes.set(`${base}/${mod.version}.zip`, mod.zip);
	}
	const server = http.createServer((req, res) => {
		const url = decodeURIComponent(req.url ?? '');
		requests.push(url);
		const answer = (status: number, body: Buffer | string) => res.writeHead(status, {'Content-Type': 'text/plain'}).end(body);
		const direct = /^\/db\/(.*)$/.exec(url);
		const proxied = /^\/sumdb\/([^/]+)\/(.*)$/.exec(url);
		if (direct) {
			const {status, body} = database(direct[1]!);
			return answer(status, body);
		}
		if (proxied) {
			if (!proxiesSumdb || proxied[1] !== name) return answer(404, 'not found');
			if (proxied[2] === 'supported') return answer(200, '');
			const {status, body} = database(proxied[2]!);
			return answer(status, body);
		}
		let body = routes.get(url);
		if (body === undefined) return answer(404, 'not found');
		if (fault === 'tampered-zip' && url.endsWith('.zip') && url.includes('/golang.org/toolchain/')) body = tamper(body as Buffer);
		if (fault === 'stall-zip' && url.endsWith('.zip') && url.includes('/golang.org/toolchain/')) {
			const data = body as Buffer;
			res.writeHead(200, {'Content-Length': String(data.length)});
			res.write(data.subarray(0, data.length >> 1));
			return;
		}
		return answer(200, body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		gosumdb: `${vkey} ${url}/db`,
		name,
		requests,
		setFault: f => {
			fault = f;
		},
		close: () =>
			new Promise(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Every stored hash of the tree, level by level (level 0: record hashes), and its root (RFC 6962). */
function buildTree(records: Buffer[]): {levels: Buffer[][]; root: Buffer} {
	const levels: Buffer[][] = [records.map(r => recordHash(r))];
	while (levels.at(-1)!.length > 1) {
		const below = levels.at(-1)!;
		const next: Buffer[] = [];
		for (let i = 0; i + 1 < below.length; i += 2) next.push(node(below[i]!, below[i + 1]!));
		levels.push(next);
	}
	// The root of a tree whose size is not a power of two: the complete subtrees from the left, folded right to left.
	const parts: Buffer[] = [];
	let start = 0;
	for (let level = levels.length; level >= 0; level--) {
		if (start + 2 ** level > records.length) continue;
		parts.push(levels[level]![start / 2 ** level]!);
		start += 2 ** level;
	}
	let root = parts.pop()!;
	while (parts.length > 0) root = node(parts.pop()!, root);
	return {levels, root};
}

function node(left: Buffer, right: Buffer): Buffer {
	return createHash('sha256')
		.update(Buffer.from([1]))
		.update(left)
		.update(right)
		.digest();
}

function zipFiles(zip: Buffer): Array<{name: string; sha256: string}> {
	return centralDirectoryNames(zip).map(({name, data}) => ({name, sha256: createHash('sha256').update(data).digest('hex')}));
}

/** The same zip with one byte of the last file's data changed (its stored length and layout unchanged). */
function tamper(zip: Buffer): Buffer {
	const copy = Buffer.from(zip);
	const entries = centralDirectoryNames(copy);
	const last = entries.at(-1)!;
	copy[last.dataOffset] = copy[last.dataOffset]! ^ 0x20;
	return copy;
}

function rawPublicKey(key: KeyObject): Buffer {
	return Buffer.from(key.export({format: 'jwk'}).x!, 'base64url');
}

function uint32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(value);
	return buffer;
}

const escape = (text: string) => text.replace(/[A-Z]/g, c => `!${c.toLowerCase()}`);
const unescape = (text: string) => text.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
