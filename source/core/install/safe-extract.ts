import {createReadStream} from 'node:fs';
import {link, mkdir, open, stat, symlink} from 'node:fs/promises';
import path from 'node:path';
import {createGunzip} from 'node:zlib';
import {throwIfCancelled, type TaskContext} from '../task.js';
import {InstallFailure} from './errors.js';
import type {InstallEvent} from './events.js';
import {ByteReader, readTar, TarFormatError, type TarEntry} from './tar-reader.js';

export type ExtractResult = {files: number; bytes: number};

/**
 * Extracts ARCHIVE (.tar.gz) into DEST, an empty directory gotune created. Every entry must stay inside DEST:
 * absolute names, `..` segments, links pointing outside, entries written through a link, devices and duplicates
 * are refused (the caller then removes DEST; nothing outside it was touched).
 */
export async function extractTarGz(archive: string, dest: string, {emit, signal}: TaskContext<InstallEvent>): Promise<ExtractResult> {
	const total = (await stat(archive)).size;
	const input = createReadStream(archive, {highWaterMark: 1024 * 1024});
	const gunzip = createGunzip({chunkSize: 256 * 1024});
	input.on('error', error => gunzip.destroy(error));
	input.pipe(gunzip);
	const root = path.resolve(dest);
	/** Links extracted so far: path relative to ROOT -> the link's text. */
	const links = new Map<string, string>();
	const regular = new Set<string>();
	const made = new Set<string>([root]);
	let files = 0;
	let bytes = 0;
	const ensureDir = async (dir: string) => {
		if (made.has(dir)) return;
		await mkdir(dir, {recursive: true, mode: 0o755});
		for (let d = dir; d.length > root.length && !made.has(d); d = path.dirname(d)) made.add(d);
	};
	try {
		for await (const {entry, body} of readTar(new ByteReader(gunzip[Symbol.asyncIterator]()))) {
			throwIfCancelled(signal, 'extracting the archive');
			const target = insidePath(root, entry.path, entry);
			if (target === undefined) continue;
			const rel = path.relative(root, target);
			for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) {
				if (links.has(d)) throw refuse(entry, `it would be written through the link ${d}`);
			}
			switch (entry.type) {
				case 'directory':
					await ensureDir(target);
					break;
				case 'file': {
					await ensureDir(path.dirname(target));
					const handle = await open(target, 'wx', 0o600).catch(error => {
						throw (error as {code?: string}).code === 'EEXIST' ? refuse(entry, 'the archive lists it twice') : error;
					});
					try {
						for await (const chunk of body()) {
							throwIfCancelled(signal, 'extracting the archive');
							await handle.write(chunk);
							bytes += chunk.length;
						}
						await handle.chmod(entry.mode & 0o777);
						if (entry.mtime > 0) await handle.utimes(entry.mtime, entry.mtime);
					} finally {
						await handle.close();
					}
					regular.add(rel);
					break;
				}
				case 'symlink': {
					if (path.isAbsolute(entry.linkPath)) throw refuse(entry, `it links to the absolute path ${entry.linkPath}`);
					// The link's own directories are real ones (nothing is written through a link): made first, so that
					// a ".." out of them resolves.
					await ensureDir(path.dirname(target));
					const dirParts = path.dirname(rel) === '.' ? [] : path.dirname(rel).split(path.sep);
					const resolved = resolveInTree(dirParts, entry.linkPath, links, dir => made.has(path.join(root, ...dir)));
					if (resolved === 'outside') throw refuse(entry, `it links to ${entry.linkPath}, outside the archive's tree`);
					if (resolved === 'unmade')
						throw refuse(
							entry,
							`it links to ${entry.linkPath}, which climbs with ".." out of a directory the archive has not made before it`,
						);
					await symlink(entry.linkPath, target);
					links.set(rel, entry.linkPath);
					break;
				}
				case 'hardlink': {
					const source = insidePath(root, entry.linkPath, entry);
					if (source === undefined || !regular.has(path.relative(root, source)))
						throw refuse(entry, `it is a hard link to ${entry.linkPath}, which is not a file extracted before it`);
					await ensureDir(path.dirname(target));
					await link(source, target);
					break;
				}
				default:
					throw refuse(entry, `entries of type "${entry.typeFlag}" (devices, FIFOs, sparse files) do not belong in a Go archive`);
			}
			files++;
			// Progress in archive bytes read: the unpacked size is not known until the end.
			emit({kind: 'extract', files, bytes, read: Math.min(input.bytesRead, total), total});
		}
	} catch (error) {
		if (error instanceof TarFormatError) throw new InstallFailure(`cannot extract ${path.basename(archive)}: ${error.message}`);
		if ((error as {code?: string}).code === 'Z_BUF_ERROR' || (error as {code?: string}).code === 'Z_DATA_ERROR') {
			throw new InstallFailure(`cannot extract ${path.basename(archive)}: the gzip data is damaged (${(error as Error).message})`);
		}
		throw error;
	} finally {
		input.destroy();
		gunzip.destroy();
	}
	return {files, bytes};
}

/**
 * Where a link in DIR (parts relative to the root) with text LINK points, resolved like the kernel does: every
 * component that is a link extracted before is followed (`go/a -> .` makes `a/..` the parent of go/, not go/).
 * 'outside' when it climbs above the root. A ".." out of a component that is not yet a real directory is 'unmade':
 * a later entry could make that name a link and move where the ".." lands, so it is refused too (Go's archives
 * have no such links).
 */
export function resolveInTree(
	dir: string[],
	link: string,
	links: ReadonlyMap<string, string>,
	isMadeDir: (parts: string[]) => boolean,
	hops = 0,
): string[] | 'outside' | 'unmade' {
	if (hops > 40) return 'outside';
	let stack = [...dir];
	for (const part of link.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (stack.length === 0) return 'outside';
			if (!isMadeDir(stack)) return 'unmade';
			stack.pop();
			continue;
		}
		const next = links.get([...stack, part].join(path.sep));
		if (next === undefined) {
			stack.push(part);
			continue;
		}
		const followed = resolveInTree(stack, next, links, isMadeDir, hops + 1);
		if (typeof followed === 'string') return followed;
		stack = followed;
	}
	return stack;
}

/** ENTRY's name as a path inside ROOT; undefined for the archive's root itself ("./"). */
function insidePath(root: string, name: string, entry: TarEntry): string | undefined {
	if (name.includes('\0')) throw refuse(entry, 'its name contains a NUL byte');
	if (name.startsWith('/')) throw refuse(entry, 'its name is an absolute path');
	const parts = name.split('/').filter(part => part !== '' && part !== '.');
	if (parts.includes('..')) throw refuse(entry, 'its name climbs out with ".."');
	if (parts.length === 0) return undefined;
	return path.join(root, ...parts);
}

function refuse(entry: TarEntry, why: string): InstallFailure {
	return new InstallFailure(`the archive's entry "${entry.path}" was refused: ${why}. Nothing was installed`);
}
