import {createHash} from 'node:crypto';
import {createWriteStream, existsSync} from 'node:fs';
import {mkdir, readFile, rm, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {createGzip, gzipSync} from 'node:zlib';
import {execa} from 'execa';

/** Debian's Go 1.23: the source of the real archive install tests download. */
export const SOURCE_GOROOT = '/usr/lib/go-1.23';

export type BuiltArchive = {file: string; filename: string; sha256: string; size: number; version: string};

const cacheDir = path.join(os.tmpdir(), `gotune-go-archive-${process.pid}`);
const building = new Map<string, Promise<BuiltArchive>>();

/**
 * A real Go binary archive, laid out like the official ones (top directory go/), built once per test process from
 * Debian's Go 1.23 (its src/, api/ ... are symlinks into /usr/share: tar -h stores the files). test/ and api/ are
 * left out to keep it smaller; go builds without them. Removed by removeGoArchive() (afterAll).
 */
export function buildGoArchive({slim = false}: {slim?: boolean} = {}): Promise<BuiltArchive> {
	const key = slim ? 'slim' : 'full';
	const existing = building.get(key);
	if (existing) return existing;
	const promise = (async () => {
		const version = (await readFile(path.join(SOURCE_GOROOT, 'VERSION'), 'utf8')).split('\n')[0]!.trim();
		const filename = `${version}.linux-amd64.tar.gz`;
		const file = path.join(cacheDir, key, filename);
		if (!existsSync(file)) {
			await mkdir(path.dirname(file), {recursive: true});
			// Slim: the real go and gofmt binaries in the official layout, without the standard library and tools.
			// `go version` and `go env` work from it; building does not. For tests about start-up files, not builds.
			const members = slim
				? ['VERSION', 'go.env', 'bin', 'pkg/include', '--no-recursion', 'pkg/tool'].map(name =>
						name.startsWith('--') ? name : `go-1.23/${name}`,
					)
				: ['VERSION', 'go.env', 'bin', 'pkg', 'src', 'misc'].map(name => `go-1.23/${name}`);
			// PAX format with GNU tar's per-file extended headers: the reader must handle what real archivers write.
			const tar = execa(
				'tar',
				[
					'-c',
					'-h',
					'--format=pax',
					'--owner=0',
					'--group=0',
					'--transform',
					's,^go-1\\.23,go,',
					'-C',
					path.dirname(SOURCE_GOROOT),
					...members,
				],
				{buffer: false, stdout: 'pipe', stderr: 'pipe'},
			);
			await Promise.all([pipeline(tar.stdout!, createGzip({level: 1}), createWriteStream(file)), tar]);
		}
		const data = await readFile(file);
		return {file, filename, sha256: createHash('sha256').update(data).digest('hex'), size: (await stat(file)).size, version};
	})();
	building.set(key, promise);
	return promise;
}

export async function removeGoArchive(): Promise<void> {
	building.clear();
	await rm(cacheDir, {recursive: true, force: true});
}

export type TarTestEntry = {
	name: string;
	type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo';
	body?: string;
	link?: string;
	mode?: number;
};

/** A tiny ustar writer for hand-crafted (hostile) archives that no real archiver would produce. */
export function craftTarGz(entries: TarTestEntry[]): Buffer {
	const blocks: Buffer[] = [];
	for (const entry of entries) {
		const body = Buffer.from(entry.body ?? '');
		const header = Buffer.alloc(512);
		// ustar: names over 100 bytes go as PREFIX/NAME, split at a slash.
		let name = entry.name;
		if (Buffer.byteLength(name) > 100) {
			const cut = name.lastIndexOf('/', name.length - 2);
			header.write(name.slice(0, cut), 345, 155, 'utf8');
			name = name.slice(cut + 1);
		}
		header.write(name, 0, 100, 'utf8');
		const type = entry.type ?? 'file';
		const size = type === 'file' ? body.length : 0;
		header.write(`${(entry.mode ?? (type === 'dir' ? 0o755 : 0o644)).toString(8).padStart(7, '0')}\0`, 100, 'ascii');
		header.write('0000000\0', 108, 'ascii');
		header.write('0000000\0', 116, 'ascii');
		header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
		header.write(
			`${Math.floor(Date.now() / 1000)
				.toString(8)
				.padStart(11, '0')}\0`,
			136,
			'ascii',
		);
		header.write({file: '0', dir: '5', symlink: '2', hardlink: '1', fifo: '6'}[type], 156, 'ascii');
		header.write(entry.link ?? '', 157, 100, 'utf8');
		header.write('ustar\u000000', 257, 'latin1');
		header.fill(0x20, 148, 156);
		let sum = 0;
		for (const byte of header) sum += byte;
		header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
		blocks.push(header);
		if (size > 0) blocks.push(body, Buffer.alloc((512 - (size % 512)) % 512));
	}
	blocks.push(Buffer.alloc(1024));
	return gzipSync(Buffer.concat(blocks));
}
