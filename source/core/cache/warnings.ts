import path from 'node:path';
import type {FilesystemInfo} from './filesystems.js';
import {isNetworkFs} from './filesystems.js';
import type {CacheKind} from './kinds.js';

export type CacheWarning = {
	kind: 'network-fs' | 'tmpfs' | 'nearly-full' | 'synced-folder' | 'read-only';
	message: string;
};

/** Folder names of sync and backup clients: a cache inside one is uploaded file by file and may be evicted or locked. */
const SYNCED = [
	{pattern: /^dropbox( \(.+\))?$/i, name: 'Dropbox'},
	{pattern: /^onedrive( - .+)?$/i, name: 'OneDrive'},
	{pattern: /^(icloud ?drive|mobile documents)$/i, name: 'iCloud Drive'},
	{pattern: /^(google ?drive|my drive)$/i, name: 'Google Drive'},
	{pattern: /^nextcloud$/i, name: 'Nextcloud'},
	{pattern: /^owncloud$/i, name: 'ownCloud'},
	{pattern: /^(sync|resilio sync)$/i, name: 'a sync folder'},
] as const;

/** Free space below this share of the disk, or below 1 GB, counts as nearly full. */
const NEARLY_FULL_SHARE = 0.05;
const NEARLY_FULL_BYTES = 1e9;

export function syncedFolderOf(dir: string): string | undefined {
	for (const part of path.resolve(dir).split(path.sep)) {
		const match = SYNCED.find(entry => entry.pattern.test(part));
		if (match) return match.name;
	}
	return undefined;
}

export function isNearlyFull(fs: Pick<FilesystemInfo, 'freeBytes' | 'totalBytes'>): boolean {
	return fs.totalBytes > 0 && (fs.freeBytes < fs.totalBytes * NEARLY_FULL_SHARE || fs.freeBytes < NEARLY_FULL_BYTES);
}

/** The warnings that matter for a cache at DIR on FS (issue 10 "Inspect"). */
export function cacheWarnings(kind: CacheKind, dir: string, fs: FilesystemInfo | undefined): CacheWarning[] {
	const warnings: CacheWarning[] = [];
	const key = kind === 'gocache' ? 'GOCACHE' : 'GOMODCACHE';
	if (fs && kind === 'gocache' && isNetworkFs(fs.type)) {
		warnings.push({
			kind: 'network-fs',
			message: `${key} is on a network filesystem (${fs.type}); Go's build cache documentation says file locking there is unreliable and sharing it between machines is not safe: move it to a local disk`,
		});
	}
	if (fs?.type === 'tmpfs') {
		warnings.push({
			kind: 'tmpfs',
			message: `${key} is on tmpfs (${fs.mountPoint}), which is emptied at every reboot: the next build after a reboot starts cold`,
		});
	}
	if (fs && isNearlyFull(fs)) {
		warnings.push({
			kind: 'nearly-full',
			message: `the disk holding ${key} (${fs.mountPoint}) is nearly full: ${Math.round(fs.freeBytes / 1e6)} MB free of ${Math.round(fs.totalBytes / 1e6)} MB`,
		});
	}
	if (fs?.readOnly)
		warnings.push({kind: 'read-only', message: `${key} is on a read-only filesystem (${fs.mountPoint}): go cannot write to it`});
	const synced = syncedFolderOf(dir);
	if (synced) {
		warnings.push({
			kind: 'synced-folder',
			message: `${key} is inside ${synced}: every build uploads thousands of small files and the client may lock or evict them; move it out of the synced folder`,
		});
	}
	return warnings;
}
