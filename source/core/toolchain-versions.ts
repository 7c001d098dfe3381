import {mkdir, readFile, rename, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';

/**
 * What each go binary answered to `go version`, kept in gotune's state dir so that doctor and the wizard do not start
 * every toolchain on the machine on every run (each start costs 10-20 ms of CPU). An entry holds only while the binary
 * is the same file: same size, mtime, ctime and inode; a replaced or rebuilt binary is asked again. Losing the file
 * costs one round of `go version`, nothing else.
 */
export const TOOLCHAIN_VERSIONS_FILE = 'toolchain-versions.json';

type Identity = {size: number; mtimeMs: number; ctimeMs: number; ino: number};
type Entry = Identity & {output: string};

export type VersionCache = {
	/** The cached `go version` output of REAL_PATH, when the file is still the one that gave it. */
	lookup(realPath: string): Promise<string | undefined>;
	/** Remembers an answer (only successful ones are worth keeping: a failing go is asked again next time). */
	remember(realPath: string, output: string): Promise<void>;
	/** Writes the file when something changed; never fails the command. */
	save(): Promise<void>;
};

export function openVersionCache(gotuneHome: string): VersionCache {
	const file = path.join(gotuneHome, TOOLCHAIN_VERSIONS_FILE);
	let entries: Promise<Record<string, Entry>> | undefined;
	let changed = false;
	const load = () =>
		(entries ??= readFile(file, 'utf8')
			.then(text => JSON.parse(text) as unknown)
			.then((data): Record<string, Entry> => (isEntries(data) ? data : {}))
			.catch((): Record<string, Entry> => ({})));
	return {
		async lookup(realPath) {
			const [all, identity] = await Promise.all([load(), identify(realPath)]);
			const entry = all[realPath];
			return entry !== undefined && identity !== undefined && sameFile(entry, identity) ? entry.output : undefined;
		},
		async remember(realPath, output) {
			const [all, identity] = await Promise.all([load(), identify(realPath)]);
			if (identity === undefined) return;
			all[realPath] = {...identity, output};
			changed = true;
		},
		async save() {
			if (!changed) return;
			changed = false;
			const all = await load();
			// A temporary file renamed over the old one: a second gotune reading at the same moment sees one or the other.
			const temporary = `${file}.${process.pid}.tmp`;
			try {
				await mkdir(gotuneHome, {recursive: true});
				await writeFile(temporary, `${JSON.stringify(all)}\n`, {mode: 0o600});
				await rename(temporary, file);
			} catch {
				// A read-only state dir only means asking again next time.
			}
		},
	};
}

async function identify(file: string): Promise<Identity | undefined> {
	const info = await stat(file).catch(() => undefined);
	return info === undefined ? undefined : {size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino};
}

function sameFile(a: Identity, b: Identity): boolean {
	return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

function isEntries(data: unknown): data is Record<string, Entry> {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
	return Object.values(data).every(
		entry =>
			typeof entry === 'object' &&
			entry !== null &&
			typeof (entry as Entry).output === 'string' &&
			['size', 'mtimeMs', 'ctimeMs', 'ino'].every(key => typeof (entry as Record<string, unknown>)[key] === 'number'),
	);
}
