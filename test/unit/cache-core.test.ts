import {createHash} from 'node:crypto';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hash1, hashZip} from '../../source/core/cache/dirhash.js';
import {isNetworkFs, mountFor, parseMounts} from '../../source/core/cache/filesystems.js';
import {rateAndEta} from '../../source/core/cache/format.js';
import {moduleHoldings, unescapeModulePath} from '../../source/core/cache/modules.js';
import {mkdir} from 'node:fs/promises';
import {cacheWarnings, syncedFolderOf} from '../../source/core/cache/warnings.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-cache-unit-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('dirhash Hash1', () => {
	it('matches the value go recorded for example.com/hello@v1.0.0 (module-cache-layout.md §2)', () => {
		const lines = [
			['e8f4e600f2cc3c42e3e7ed09f711271f5a6245c5585f0956b72df6a804f1b175', 'example.com/hello@v1.0.0/LICENSE'],
			['9530e7e08ec1b860e37152428ac3654a1d72bd4930948938d08e4269b3014b31', 'example.com/hello@v1.0.0/go.mod'],
			['b5f6ea9f0d6b8a4c74e0cd1169d603ee9ff9457da16f6253a1e5704d9df8bf7c', 'example.com/hello@v1.0.0/hello.go'],
			['681e0080c8b805a37a2684c37ae9bf07ae0db8f56d0c346722b22b8610330741', 'example.com/hello@v1.0.0/sub/sub.go'],
		] as const;
		// Given in zip order (go.mod, hello.go, sub.go, LICENSE): Hash1 sorts bytewise, so LICENSE comes first.
		const files = [lines[1], lines[2], lines[3], lines[0]].map(([hash, name]) => ({name, sha256: hash}));
		expect(hash1(files)).toBe('h1:VO5PzIPLnxyK+KeQU2n1cXii0gdp9AhIqZRzAmNNOYs=');
	});

	it('hashes the go.mod line like go: a single file named go.mod', () => {
		expect(hash1([{name: 'go.mod', sha256: sha('module example.com/hello\n\ngo 1.18\n')}])).toBe(
			'h1:650DmeZPfQJ/Go7ryOmtlUer5d3q3P8j9nWVoWgO2VM=',
		);
	});

	it('refuses names with newlines, as go does', () => {
		expect(() => hash1([{name: 'a\nb', sha256: sha('')}])).toThrow(/newlines/);
	});

	it('hashZip reads deflated and stored entries (zip written by Python zipfile, independent of gotune)', async () => {
		const zip = path.join(dir, 'm.zip');
		const files = {
			'example.com/m@v1.0.0/go.mod': 'module example.com/m\n',
			'example.com/m@v1.0.0/Big.go': 'package m\n'.repeat(500),
			'example.com/m@v1.0.0/a/b.go': 'package b\n',
		};
		const script = `import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1], 'w')\nfor i, (n, t) in enumerate(json.loads(sys.argv[2]).items()):\n    z.writestr(n, t, zipfile.ZIP_DEFLATED if i % 2 == 0 else zipfile.ZIP_STORED)\nz.close()\n`;
		await execa('python3', ['-c', script, zip, JSON.stringify(files)]);
		const expected = hash1(Object.entries(files).map(([name, text]) => ({name, sha256: sha(text)})));
		expect(await hashZip(zip)).toBe(expected);
	});

	it('hashZip rejects a file that is not a zip', async () => {
		const file = path.join(dir, 'not.zip');
		await writeFile(file, 'hello');
		await expect(hashZip(file)).rejects.toThrow(/not a valid zip/);
	});
});

describe('filesystems and warnings', () => {
	const mounts = parseMounts(
		[
			'/dev/vda / ext4 rw,relatime 0 0',
			'tmpfs /dev/shm tmpfs rw,relatime 0 0',
			'server:/export /mnt/my\\040share nfs4 rw,relatime 0 0',
			'/dev/vdb /data xfs ro,relatime 0 0',
		].join('\n'),
	);

	it('parses /proc/mounts with octal escapes and finds the longest mount point', () => {
		expect(mounts[2]!.mountPoint).toBe('/mnt/my share');
		expect(mountFor(mounts, '/mnt/my share/go-build')?.type).toBe('nfs4');
		expect(mountFor(mounts, '/mnt/my sharex')?.type).toBe('ext4');
		expect(mountFor(mounts, '/dev/shm')?.type).toBe('tmpfs');
		expect(mountFor(mounts, '/data/x')?.options).toContain('ro');
	});

	it('knows network filesystems', () => {
		expect(['nfs', 'nfs4', 'cifs', 'smb3', 'fuse.sshfs', '9p'].every(isNetworkFs)).toBe(true);
		expect(['ext4', 'xfs', 'btrfs', 'tmpfs', 'fuse.overlayfs'].some(isNetworkFs)).toBe(false);
	});

	it('warns about network fs (GOCACHE only), tmpfs, a nearly full disk and synced folders', () => {
		const fs = {type: 'nfs4', mountPoint: '/mnt/share', readOnly: false, freeBytes: 50e9, totalBytes: 100e9};
		expect(cacheWarnings('gocache', '/mnt/share/go-build', fs).map(w => w.kind)).toEqual(['network-fs']);
		expect(cacheWarnings('gomodcache', '/mnt/share/mod', fs)).toEqual([]);
		expect(cacheWarnings('gocache', '/dev/shm/c', {...fs, type: 'tmpfs', mountPoint: '/dev/shm'}).map(w => w.kind)).toEqual(['tmpfs']);
		expect(cacheWarnings('gocache', '/x', {...fs, type: 'ext4', freeBytes: 0.5e9}).map(w => w.kind)).toEqual(['nearly-full']);
		expect(cacheWarnings('gomodcache', '/home/a/Dropbox/go/pkg/mod', {...fs, type: 'ext4'}).map(w => w.message)).toEqual([
			expect.stringContaining('Dropbox'),
		]);
	});

	it('recognises the sync clients by folder name, not by substring', () => {
		expect(syncedFolderOf('/Users/a/Library/Mobile Documents/com~apple~CloudDocs/go')).toBe('iCloud Drive');
		expect(syncedFolderOf('/home/a/OneDrive - Contoso/go')).toBe('OneDrive');
		expect(syncedFolderOf('/home/a/Google Drive/go')).toBe('Google Drive');
		expect(syncedFolderOf('/home/a/Nextcloud/cache')).toBe('Nextcloud');
		expect(syncedFolderOf('/home/a/dropboxtools/cache')).toBeUndefined();
	});
});

describe('moduleHoldings', () => {
	it('counts modules and versions from the download cache, lists toolchains (zip, extracted or not), skips sumdb', async () => {
		const root = path.join(dir, 'modcache');
		const dl = path.join(root, 'cache', 'download');
		const files: Array<[string, string]> = [
			['example.com/!upper/lib/@v/v1.0.0.zip', ''],
			['example.com/!upper/lib/@v/v1.1.0.zip', ''],
			['example.com/!upper/lib/@v/list', ''],
			['example.com/graph/only/@v/v1.0.0.mod', ''],
			['golang.org/x/text/@v/v0.14.0.zip', ''],
			['golang.org/toolchain/@v/v0.0.1-go1.22.5.linux-amd64.zip', ''],
			['golang.org/toolchain/@v/v0.0.1-go1.21.0.linux-arm64.zip', ''],
			['sumdb/sum.golang.org/lookup/golang.org/x/text@v0.14.0', ''],
		];
		for (const [rel] of files) {
			await mkdir(path.dirname(path.join(dl, rel)), {recursive: true});
			await writeFile(path.join(dl, rel), '');
		}
		await mkdir(path.join(root, 'golang.org', 'toolchain@v0.0.1-go1.22.5.linux-amd64'), {recursive: true});
		expect(await moduleHoldings(root)).toEqual({
			modules: 2,
			versions: 3,
			toolchains: [
				{version: 'go1.21.0', platform: 'linux-arm64', dir: null},
				{version: 'go1.22.5', platform: 'linux-amd64', dir: path.join(root, 'golang.org', 'toolchain@v0.0.1-go1.22.5.linux-amd64')},
			],
		});
	});
});

describe('small helpers', () => {
	it('unescapes module paths', () => {
		expect(unescapeModulePath('example.com/!upper/!lib')).toBe('example.com/Upper/Lib');
	});
	it('rate and ETA are null until something was copied', () => {
		expect(rateAndEta(0, 100, 1000)).toEqual({bytesPerSecond: null, etaMs: null});
		expect(rateAndEta(50, 100, 1000)).toEqual({bytesPerSecond: 50, etaMs: 1000});
	});
});
