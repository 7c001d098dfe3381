import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {createReadStream} from 'node:fs';
import {Readable} from 'node:stream';

export type MirrorFile = {
	filename: string;
	file?: string;
	body?: Buffer;
	sha256: string;
	size: number;
	version: string;
	os?: string;
	arch?: string;
};

export type MirrorOptions = {
	/** Versions listed in the index besides the files' own (no downloadable archive for this platform). */
	extraReleases?: Array<{version: string; stable: boolean}>;
	/** Overrides the index body (non-JSON, wrong shape). */
	indexBody?: string;
	/** Sends only this many bytes of each file, then ends the response (a short body). */
	truncateAt?: number;
	/**
	 * Sends only this many bytes of each file, then keeps the connection open without sending more until the mirror
	 * is closed (Content-Length announces the whole file). A real slow server: the download is still under way
	 * whenever the test acts, however long the machine took to get there, with no timing in the test. gotune gives
	 * up on a body that sends nothing for 30 s (download.ts), so the test must act within that.
	 */
	stallAfter?: number;
};

/**
 * A Go download mirror on 127.0.0.1: /?mode=json&include=all answers the release index, /<filename> the archive.
 * `requests` logs every path asked for.
 */
export async function startGoMirror(files: MirrorFile[], options: MirrorOptions = {}) {
	const requests: string[] = [];
	const releases = new Map<string, {version: string; stable: boolean; files: unknown[]}>();
	for (const f of files) {
		const release = releases.get(f.version) ?? {version: f.version, stable: true, files: []};
		release.files.push({
			filename: f.filename,
			os: f.os ?? 'linux',
			arch: f.arch ?? 'amd64',
			version: f.version,
			sha256: f.sha256,
			size: f.size,
			kind: 'archive',
		});
		release.files.push({
			filename: `${f.version}.src.tar.gz`,
			os: '',
			arch: '',
			version: f.version,
			sha256: '0'.repeat(64),
			size: 1,
			kind: 'source',
		});
		releases.set(f.version, release);
	}
	for (const r of options.extraReleases ?? []) {
		if (!releases.has(r.version)) releases.set(r.version, {...r, files: []});
	}
	const index = JSON.stringify([...releases.values()]);
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://mirror');
		requests.push(req.url ?? '');
		if (url.pathname === '/' || url.pathname === '/dl/') {
			res.writeHead(200, {'content-type': 'application/json'}).end(options.indexBody ?? index);
			return;
		}
		const file = files.find(f => `/${f.filename}` === url.pathname || `/dl/${f.filename}` === url.pathname);
		if (file === undefined) {
			res.writeHead(404).end('not found');
			return;
		}
		const size = file.body?.length ?? file.size;
		const limit = options.truncateAt ?? options.stallAfter ?? size;
		// A short body announces the full length and then stops: what a dropped connection looks like to the client.
		res.writeHead(200, {
			'content-type': 'application/octet-stream',
			...(options.truncateAt === undefined ? {'content-length': String(size)} : {}),
		});
		const stream = file.body ? Readable.from([file.body.subarray(0, limit)]) : createReadStream(file.file!, {end: limit - 1});
		if (options.stallAfter === undefined) {
			stream.pipe(res);
			return;
		}
		// The first bytes go out, and the response is never ended: the client waits for the rest.
		stream.pipe(res, {end: false});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/dl/`,
		requests,
		close: () =>
			new Promise<void>(resolve => {
				// Destroys every socket, active ones included: a stalled download (stallAfter) ends here, so close()
				// does not wait for it.
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
