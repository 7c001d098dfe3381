import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {crc32} from 'node:zlib';

export type ProxyModule = {path: string; version: string; files: Record<string, string>};

/**
 * A real GOPROXY on 127.0.0.1 serving hand-built modules (list, .info, .mod, .zip), so tests exercise go's
 * downloads end to end without leaving the machine. `requests` logs every path go asked for.
 */
export async function startModuleProxy(modules: ProxyModule[]): Promise<{url: string; requests: string[]; close: () => Promise<void>}> {
	const requests: string[] = [];
	const routes = new Map<string, Buffer | string>();
	for (const mod of modules) {
		const base = `/${mod.path}/@v`;
		routes.set(`${base}/list`, `${mod.version}\n`);
		routes.set(`${base}/${mod.version}.info`, JSON.stringify({Version: mod.version, Time: '2026-01-01T00:00:00Z'}));
		routes.set(`${base}/${mod.version}.mod`, mod.files['go.mod'] ?? `module ${mod.path}\n`);
		routes.set(`${base}/${mod.version}.zip`, storedZip(Object.entries(mod.files).map(([name, text]) => [`${mod.path}@${mod.version}/${name}`, text])));
	}
	const server = http.createServer((req, res) => {
		const url = req.url ?? '';
		requests.push(url);
		const body = routes.get(url);
		if (body === undefined) {
			res.writeHead(404).end('not found');
			return;
		}
		res.writeHead(200).end(body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {url: `http://127.0.0.1:${port}`, requests, close: () => new Promise(resolve => server.close(() => resolve()))};
}

/** A zip with stored (uncompressed) entries: all a module zip needs. */
function storedZip(entries: Array<[string, string]>): Buffer {
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
