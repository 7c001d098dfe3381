import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';

/**
 * go says only "go: downloading go1.27.3 (linux/amd64)" and then nothing until the toolchain (tens of MB) is in. It
 * writes the zip to MODCACHE/cache/download/golang.org/toolchain/@v/<version>.zip<random>.tmp and renames it when
 * complete (cmd/go/internal/modfetch tempFile): the size of those files is how far the download is. Polls every
 * INTERVALMS and calls ONBYTES when the total grew; the returned function stops it.
 */
export function watchToolchainDownload(modcache: string, onBytes: (bytes: number) => void, intervalMs = 500): () => void {
	const dir = path.join(modcache, 'cache', 'download', 'golang.org', 'toolchain', '@v');
	let last = 0;
	let stopped = false;
	const poll = async () => {
		const names = await readdir(dir).catch(() => [] as string[]);
		const sizes = await Promise.all(
			names
				.filter(name => /\.zip\d+\.tmp$/.test(name))
				.map(name =>
					stat(path.join(dir, name)).then(
						s => s.size,
						() => 0,
					),
				),
		);
		const bytes = sizes.reduce((sum, size) => sum + size, 0);
		if (!stopped && bytes > last) onBytes(bytes);
		last = Math.max(last, bytes);
	};
	const timer = setInterval(() => void poll(), intervalMs);
	return () => {
		stopped = true;
		clearInterval(timer);
	};
}
