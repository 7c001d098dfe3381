import {readFile, realpath, stat, statfs} from 'node:fs/promises';
import path from 'node:path';

export type Mount = {device: string; mountPoint: string; type: string; options: string[]};

export type FilesystemInfo = {
	/** Type as /proc/mounts names it (ext4, tmpfs, nfs4, fuse.sshfs ...). */
	type: string;
	mountPoint: string;
	readOnly: boolean;
	freeBytes: number;
	totalBytes: number;
};

/** Filesystems whose locking Go's cache documentation calls unreliable (cache.Open: "NOT safe ... network file system"). */
const NETWORK_TYPES =
	/^(nfs4?|cifs|smb3?|smbfs|ncpfs|afs|9p|ceph|glusterfs|lustre|gfs2|ocfs2|beegfs|gpfs|fuse\.(sshfs|rclone|gcsfuse|s3fs|davfs|glusterfs|ceph|juicefs|goofys|blobfuse2?|mountpoint-s3))$/;

/** Kernel and pseudo filesystems that are never a place for a cache. */
const PSEUDO_TYPES = new Set([
	'proc',
	'sysfs',
	'devtmpfs',
	'devpts',
	'cgroup',
	'cgroup2',
	'securityfs',
	'debugfs',
	'tracefs',
	'pstore',
	'bpf',
	'autofs',
	'mqueue',
	'hugetlbfs',
	'configfs',
	'fusectl',
	'binfmt_misc',
	'nsfs',
	'rpc_pipefs',
	'efivarfs',
	'squashfs',
	'iso9660',
	'ramfs',
	'selinuxfs',
	'overlay.ro',
]);

export function isNetworkFs(type: string): boolean {
	return NETWORK_TYPES.test(type);
}

export function isPseudoFs(type: string): boolean {
	return PSEUDO_TYPES.has(type);
}

/** /proc/mounts escapes space, tab, newline and backslash as octal (\040). */
function unescapeMountField(field: string): string {
	return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseMounts(text: string): Mount[] {
	const mounts: Mount[] = [];
	for (const line of text.split('\n')) {
		const [device, mountPoint, type, options] = line.split(' ');
		if (!device || !mountPoint || !type) continue;
		mounts.push({
			device: unescapeMountField(device),
			mountPoint: unescapeMountField(mountPoint),
			type,
			options: (options ?? '').split(','),
		});
	}
	return mounts;
}

/** Mounted filesystems (Linux /proc/mounts); empty where there is none (macOS: gotune reports no filesystem type). */
export async function readMounts(file = '/proc/mounts'): Promise<Mount[]> {
	const text = await readFile(file, 'utf8').catch(() => '');
	return parseMounts(text);
}

/** The mount holding PATH: the longest mount point that is a prefix; a later mount over the same point wins. */
export function mountFor(mounts: Mount[], target: string): Mount | undefined {
	let best: Mount | undefined;
	for (const mount of mounts) {
		const point = mount.mountPoint;
		const inside = point === '/' || target === point || target.startsWith(point.endsWith('/') ? point : `${point}/`);
		if (inside && (best === undefined || point.length >= best.mountPoint.length)) best = mount;
	}
	return best;
}

/** PATH itself if it exists, else its nearest existing ancestor (where a directory created at PATH would live). */
export async function nearestExisting(target: string): Promise<string> {
	let current = path.resolve(target);
	for (;;) {
		const found = await stat(current).then(
			() => true,
			() => false,
		);
		if (found) return current;
		const parent = path.dirname(current);
		if (parent === current) return current;
		current = parent;
	}
}

/** Filesystem facts for PATH (or where it would be created): type and mount point from /proc/mounts, sizes from statfs. */
export async function filesystemOf(target: string, mounts?: Mount[]): Promise<FilesystemInfo | undefined> {
	const existing = await nearestExisting(target);
	const real = await realpath(existing).catch(() => existing);
	const list = mounts ?? (await readMounts());
	const mount = mountFor(list, real);
	const stats = await statfs(real).catch(() => undefined);
	if (stats === undefined) return undefined;
	return {
		type: mount?.type ?? 'unknown',
		mountPoint: mount?.mountPoint ?? '/',
		readOnly: mount?.options.includes('ro') ?? false,
		freeBytes: stats.bavail * stats.bsize,
		totalBytes: stats.blocks * stats.bsize,
	};
}

/** Device id of PATH or of its nearest existing ancestor: equal ids mean a rename can move between them. */
export async function deviceOf(target: string): Promise<number> {
	return (await stat(await nearestExisting(target))).dev;
}
