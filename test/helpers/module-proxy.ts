import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import {crc32, gzipSync} from 'node:zlib';

export type ProxyModule = {path: string; version: string; files: Record<string, string>};

/**
 * A real GOPROXY on 127.0.0.1 serving hand-built modules (list, .info, .mod, .zip), so tests exercise go's
 * downloads end to end without leaving the machine. `requests` logs every path go asked for.
 */
export type ProxyServerOptions = {
	/** Delay before every answer (injected latency, ms). */
	latencyMs?: number;
	/** Serve HTTPS with this key and certificate (PEM). */
	tls?: {key: string; cert: string};
	/** Answer /sumdb/NAME/supported with 200 for these names. */
	sumdbs?: string[];
};

/**
 * Faults are chosen by the first path element, like cmd/go's own test proxy: /sNNN/... answers status NNN; /html/
 * answers an HTML page (a captive portal); /badlist/ a malformed version list; /badinfo/ a .info that is not JSON;
 * /slowbody/ sends the headers and the first byte of every body, then stalls; /ok/ (or no prefix) serves the modules.
 * Hostile servers (issue 18): /gzipbomb/ answers @v/list with a gzip body of 256 KB that inflates to 256 MB of zeros;
 * /endlesslist/, /endlessinfo/, /endlessmod/ answer that file with a 200 body that never ends; /tofile/ redirects
 * @v/list to file:///etc/passwd; /htmltype/ serves the correct files labelled Content-Type: text/html.
 */
export async function startModuleProxy(
	modules: ProxyModule[],
	options: ProxyServerOptions = {},
): Promise<{url: string; port: number; requests: string[]; authorizations: string[]; close: () => Promise<void>}> {
	const requests: string[] = [];
	const authorizations: string[] = [];
	const routes = new Map<string, Buffer | string>();
	for (const mod of modules) {
		// Paths on the wire are case-encoded (example.com/!upper/!lib), as go requests them; zip entries keep the case.
		const base = `/${mod.path.replace(/[A-Z]/g, c => `!${c.toLowerCase()}`)}/@v`;
		routes.set(`${base}/list`, `${mod.version}\n`);
		routes.set(`${base}/${mod.version}.info`, JSON.stringify({Version: mod.version, Time: '2026-01-01T00:00:00Z'}));
		routes.set(`${base}/${mod.version}.mod`, mod.files['go.mod'] ?? `module ${mod.path}\n`);
		routes.set(
			`${base}/${mod.version}.zip`,
			storedZip(Object.entries(mod.files).map(([name, text]) => [`${mod.path}@${mod.version}/${name}`, text])),
		);
	}
	for (const name of options.sumdbs ?? []) routes.set(`/sumdb/${name}/supported`, '');
	const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
		// go percent-encodes "!" (%21); compare decoded paths.
		const url = decodeURIComponent(req.url ?? '');
		requests.push(url);
		if (req.headers.authorization) authorizations.push(req.headers.authorization);
		const answer = () => {
			const fault = /^\/(s\d{3}|html|badlist|badinfo|slowbody|gzipbomb|endless(?:list|info|mod)|tofile|htmltype|ok)(\/.*)$/.exec(url);
			const kind = fault?.[1];
			const rest = fault?.[2] ?? url;
			if (kind !== undefined && /^s\d{3}$/.test(kind)) {
				res.writeHead(Number(kind.slice(1)), {'Content-Type': 'text/plain'}).end(`status ${kind.slice(1)} from test server`);
				return;
			}
			if (kind === 'html') {
				res
					.writeHead(200, {'Content-Type': 'text/html'})
					.end('<!DOCTYPE html><html><head><title>Hotel WiFi login</title></head><body>Please log in</body></html>');
				return;
			}
			const body = routes.get(rest);
			if (body === undefined) {
				res.writeHead(404, {'Content-Type': 'text/plain'}).end('not found');
				return;
			}
			if (kind === 'badlist' && rest.endsWith('/@v/list')) {
				res.writeHead(200).end('v1.0.0\nthis is not a version\n');
				return;
			}
			if (kind === 'badinfo' && rest.endsWith('.info')) {
				res.writeHead(200).end('{"Version": v1.0.0');
				return;
			}
			if (kind === 'gzipbomb' && rest.endsWith('/@v/list')) {
				res.writeHead(200, {'Content-Type': 'text/plain', 'Content-Encoding': 'gzip'}).end(gzipBomb());
				return;
			}
			if (kind?.startsWith('endless') && rest.endsWith(kind === 'endlesslist' ? '/@v/list' : `.${kind.slice('endless'.length)}`)) {
				endlessBody(res);
				return;
			}
			if (kind === 'tofile' && rest.endsWith('/@v/list')) {
				res.writeHead(302, {Location: 'file:///etc/passwd'}).end();
				return;
			}
			if (kind === 'htmltype') {
				res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'}).end(body);
				return;
			}
			if (kind === 'slowbody') {
				const data = Buffer.from(body);
				res.writeHead(200, {'Content-Length': String(data.length)});
				res.write(data.subarray(0, 1));
				// Never finishes: the client's bound must end it (socket destroyed when the server closes).
				return;
			}
			res.writeHead(200).end(body);
		};
		if (options.latencyMs) setTimeout(answer, options.latencyMs);
		else answer();
	};
	const server = options.tls ? https.createServer({key: options.tls.key, cert: options.tls.cert}, handler) : http.createServer(handler);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		port,
		requests,
		authorizations,
		close: () =>
			new Promise(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

let bomb: Buffer | undefined;

/** 16 gzip members of 16 MB of zeros each (a multi-member stream is one valid gzip body): 256 KB on the wire, 256 MB inflated. */
function gzipBomb(): Buffer {
	if (bomb === undefined) {
		const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
		bomb = Buffer.concat(Array.from({length: 16}, () => member));
	}
	return bomb;
}

/** A 200 body that never ends: 64 KB of version-like lines every millisecond (at most ~64 MB/s) until the client goes. */
function endlessBody(res: http.ServerResponse): void {
	const chunk = Buffer.from('v1.0.0\n'.repeat((64 * 1024) / 7));
	res.writeHead(200, {'Content-Type': 'text/plain'});
	const timer = setInterval(() => {
		if (res.destroyed || res.writableEnded) clearInterval(timer);
		else res.write(chunk);
	}, 1);
	res.once('close', () => clearInterval(timer));
}

/** A 127.0.0.1 port nothing listens on (bound, then released): connections to it are refused. */
export async function refusedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

/** Module versions with files of a given size, for throughput (incompressible bytes so gzip cannot shrink them). */
export function bulkyModule(path: string, version: string, bytes: number): ProxyModule {
	let text = '';
	let seed = 1;
	while (text.length < bytes) {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		text += seed.toString(36);
	}
	return {
		path,
		version,
		files: {
			'go.mod': `module ${path}\n`,
			'data.go': `package ${path
				.split('/')
				.pop()!
				.replace(/[^a-z]/g, '')}\n\nconst Data = "${text.slice(0, bytes)}"\n`,
		},
	};
}

/** A zip with stored (uncompressed) entries: all a module zip needs. */
/** A zip of ENTRIES, stored (no compression), as module zips may be. */
export function storedZip(entries: Array<[string, string | Buffer]>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, text] of entries) {
		const nameBuf = Buffer.from(name);
		const data = Buffer.from(text);
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBuf.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBuf.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBuf, data);
		centrals.push(central, nameBuf);
		offset += 30 + nameBuf.length + data.length;
	}
	const centralSize = centrals.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(centralSize, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, ...centrals, end]);
}
