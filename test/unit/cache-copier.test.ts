import {createHash} from 'node:crypto';
import {chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, rmdir, stat, utimes, writeFile} from 'node:fs/promises';
import {rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {CopyProgress} from '../../source/core/journal/contract.js';
import {createCacheCopier} from '../../source/core/cache/copier.js';
import {hash1} from '../../source/core/cache/dirhash.js';
import {removeTree} from '../../source/core/cache/remove.js';
import {verifyCopy} from '../../source/core/cache/verify.js';
import {scanTree} from '../../source/core/cache/walk.js';
import {TaskCancelled} from '../../source/core/task.js';

let work: string;
let shm: string | undefined;
beforeEach(async () => {
	work = await mkdtemp(path.join(os.tmpdir(), 'gotune-copier-'));
	shm = undefined;
});
afterEach(async () => {
	await removeTree(work);
	if (shm) await removeTree(shm);
});

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * A module cache as go leaves it (module-cache-layout.md §1): download cache files 0644 with a zip and its .ziphash
 * (computed from the file contents, independently of the zip reader under test), an extracted tree with 0555
 * directories and 0444 files; plus a build-cache-like part. Old mtimes, as a cache has.
 */
async function makeModuleCache(root: string, {extraFiles = 0} = {}): Promise<void> {
	const files = {
		'example.com/hello@v1.0.0/go.mod': 'module example.com/hello\n',
		'example.com/hello@v1.0.0/hello.go': 'package hello\n'.repeat(200),
	};
	const dl = path.join(root, 'cache', 'download', 'example.com', 'hello', '@v');
	await mkdir(dl, {recursive: true});
	const script =
		'import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)\nfor n, t in json.loads(sys.argv[2]).items(): z.writestr(n, t)\nz.close()\n';
	await execa('python3', ['-c', script, path.join(dl, 'v1.0.0.zip'), JSON.stringify(files)]);
	await writeFile(path.join(dl, 'v1.0.0.ziphash'), hash1(Object.entries(files).map(([name, text]) => ({name, sha256: sha(text)}))));
	await writeFile(path.join(dl, 'v1.0.0.mod'), 'module example.com/hello\n');
	await writeFile(path.join(dl, 'v1.0.0.lock'), '');
	await writeFile(path.join(dl, 'list'), 'v1.0.0\n');
	const extracted = path.join(root, 'example.com', 'hello@v1.0.0');
	await mkdir(path.join(extracted, 'sub'), {recursive: true});
	for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text, {mode: 0o444});
	await writeFile(path.join(extracted, 'sub', 'x.go'), 'package sub\n', {mode: 0o444});
	const old = new Date('2026-01-02T03:04:05Z');
	const buckets = Math.min(256, extraFiles);
	await Promise.all(
		Array.from({length: buckets}, (_, b) => mkdir(path.join(root, 'build', b.toString(16).padStart(2, '0')), {recursive: true})),
	);
	for (let start = 0; start < extraFiles; start += 200) {
		await Promise.all(
			Array.from({length: Math.min(200, extraFiles - start)}, async (_, offset) => {
				const i = start + offset;
				const file = path.join(root, 'build', (i % 256).toString(16).padStart(2, '0'), `${sha(String(i))}-d`);
				await writeFile(file, Buffer.alloc(1000 + (i % 7) * 3000, i % 251));
				await utimes(file, old, old);
			}),
		);
	}
	await utimes(path.join(dl, 'v1.0.0.zip'), old, old);
	for (const dir of [path.join(extracted, 'sub'), extracted]) await chmod(dir, 0o555);
}

async function snapshot(root: string): Promise<Map<string, string>> {
	const {entries} = await scanTree(root);
	const out = new Map<string, string>();
	for (const entry of entries) {
		if (entry.kind === 'file')
			out.set(
				entry.rel,
				`${entry.mode.toString(8)} ${entry.size} ${Math.floor(entry.mtimeMs)} ${sha(await readFile(path.join(root, entry.rel)))}`,
			);
		else if (entry.kind === 'dir') out.set(entry.rel, `dir ${entry.mode.toString(8)}`);
	}
	return out;
}

const context = (emit: (p: CopyProgress) => void = () => undefined, signal = new AbortController().signal) => ({emit, signal});

// Real files on a shared 2-core machine: creating a few thousand of them takes seconds.
describe('the cache copier (DirectoryCopier)', {timeout: 60_000}, () => {
	it('copies every path with modes, read-only module dirs and mtimes, verifies, and reports progress up to the totals', async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from, {extraFiles: 300});
		const before = await snapshot(from);
		const events: CopyProgress[] = [];
		const to = path.join(work, 'new', 'place', 'mod');
		await createCacheCopier({progressEveryMs: 0})(
			from,
			to,
			context(p => events.push({...p})),
		);
		expect(await snapshot(to)).toEqual(before);
		expect(await snapshot(from)).toEqual(before);
		expect((await stat(path.join(to, 'example.com', 'hello@v1.0.0'))).mode & 0o777).toBe(0o555);
		expect((await stat(path.join(to, 'example.com', 'hello@v1.0.0', 'go.mod'))).mode & 0o777).toBe(0o444);
		const copies = events.filter(e => e.phase === 'copy');
		const last = copies.at(-1)!;
		expect(last.files).toBe(last.totalFiles);
		expect(last.totalFiles).toBe(308);
		expect(last.bytes).toBe(last.totalBytes);
		expect(copies.every((e, i) => i === 0 || e.files >= copies[i - 1]!.files)).toBe(true);
		expect(events.some(e => e.phase === 'verify')).toBe(true);
	});

	// The copier creates each file with its final mode and skips fchmod when the umask left it whole: modes the umask
	// strips (0666, 0777 under 022), set-id bits and an empty or 1 MiB (one whole read buffer) file must still copy exactly.
	it('copies modes the umask strips, set-id bits, an empty file and one of exactly the read buffer size', async () => {
		const from = path.join(work, 'odd');
		await mkdir(from);
		const modes = {'rw-all': 0o666, 'rwx-all': 0o777, private: 0o600, 'read-only': 0o444, setuid: 0o4755, sticky: 0o1644};
		for (const [name, mode] of Object.entries(modes)) {
			await writeFile(path.join(from, name), name);
			await chmod(path.join(from, name), mode);
		}
		await writeFile(path.join(from, 'empty'), '');
		await writeFile(path.join(from, 'one-buffer'), Buffer.alloc(1 << 20, 7));
		await writeFile(path.join(from, 'buffer-and-a-byte'), Buffer.alloc((1 << 20) + 1, 9));
		const mask = process.umask(0o022);
		try {
			await createCacheCopier()(from, path.join(work, 'odd-copy'), context());
		} finally {
			process.umask(mask);
		}
		expect(await snapshot(path.join(work, 'odd-copy'))).toEqual(await snapshot(from));
		for (const [name, mode] of Object.entries(modes))
			expect((await stat(path.join(work, 'odd-copy', name))).mode & 0o7777, name).toBe(mode);
	});

	it('copies across filesystems (to /dev/shm, a tmpfs here)', async () => {
		const shmOk = await stat('/dev/shm').then(
			s => s.isDirectory(),
			() => false,
		);
		if (!shmOk) return expect.soft(shmOk, 'no /dev/shm on this machine').toBe(true);
		shm = await mkdtemp('/dev/shm/gotune-copier-');
		const from = path.join(work, 'mod');
		await makeModuleCache(from, {extraFiles: 50});
		const to = path.join(shm, 'mod');
		await createCacheCopier()(from, to, context());
		expect(await snapshot(to)).toEqual(await snapshot(from));
		expect((await stat(to)).dev).not.toBe((await stat(from)).dev);
	});

	it('never writes into an existing target and leaves it as it was', async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from);
		const to = path.join(work, 'taken');
		await mkdir(to);
		await writeFile(path.join(to, 'mine.txt'), 'keep');
		await expect(createCacheCopier()(from, to, context())).rejects.toMatchObject({code: 'EEXIST'});
		expect(await readdir(to)).toEqual(['mine.txt']);
	});

	it('abort mid-copy rejects with TaskCancelled, removes the partial copy (read-only dirs too) and keeps the source', async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from, {extraFiles: 2000});
		const before = await snapshot(from);
		const controller = new AbortController();
		const to = path.join(work, 'parent-made-by-copy', 'mod');
		let seen = 0;
		const copy = createCacheCopier({progressEveryMs: 0})(
			from,
			to,
			context(p => {
				if (p.phase === 'copy' && p.files > 0 && ++seen === 5) controller.abort();
			}, controller.signal),
		);
		await expect(copy).rejects.toBeInstanceOf(TaskCancelled);
		expect(seen).toBeGreaterThanOrEqual(5);
		await expect(lstat(to)).rejects.toMatchObject({code: 'ENOENT'});
		await expect(lstat(path.dirname(to))).rejects.toMatchObject({code: 'ENOENT'});
		expect(await snapshot(from)).toEqual(before);
	});

	it('a source file vanishing mid-copy fails the copy, removes the partial copy, and loses nothing else', async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from, {extraFiles: 2000});
		// The directory the walk lists last: the last thread's last share, still to be copied when the files go.
		const listed = (await scanTree(from)).entries.filter(e => e.kind === 'file');
		const lastDir = listed.at(-1)!.rel.split('/').slice(0, -1).join('/');
		const victims = listed.filter(e => e.rel.startsWith(`${lastDir}/`));
		const to = path.join(work, 'copy');
		let removed = false;
		const copy = createCacheCopier({progressEveryMs: 0})(
			from,
			to,
			context(p => {
				if (!removed && p.phase === 'copy' && p.files > 10) {
					removed = true;
					// Another process (go's trim, a user's rm) deletes files the walk already listed.
					for (const victim of victims) rmSync(path.join(from, victim.rel));
					rmdir(path.join(from, lastDir)).catch(() => undefined);
				}
			}),
		);
		await expect(copy).rejects.toMatchObject({code: 'ENOENT'});
		await expect(lstat(to)).rejects.toMatchObject({code: 'ENOENT'});
		const left = (await scanTree(from)).entries.filter(e => e.kind === 'file').length;
		expect(left).toBe(2000 + 8 - victims.length);
	});

	it('checks the copy as it writes it: a file put into the copy by someone else fails the copy, which is removed', async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from, {extraFiles: 600});
		const to = path.join(work, 'copy');
		let planted = false;
		const copy = createCacheCopier({progressEveryMs: 0})(
			from,
			to,
			context(p => {
				if (!planted && p.phase === 'copy' && p.files > 10) {
					planted = true;
					writeFileSync(path.join(to, 'build', '00', 'stranger'), 'not from the source');
				}
			}),
		);
		await expect(copy).rejects.toMatchObject({
			name: 'CopyVerificationError',
			problems: ['build/00/stranger is in the copy but not in the source'],
		});
		await expect(lstat(to)).rejects.toMatchObject({code: 'ENOENT'});
	});

	it('no space left on the target (a real 1 MB tmpfs) fails cleanly: partial copy removed, source intact', async () => {
		const mountPoint = path.join(work, 'tiny');
		await mkdir(mountPoint);
		const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], {reject: false});
		if (mounted.exitCode !== 0) {
			// Without the privilege to mount, ENOSPC cannot be produced for real; say so instead of faking it.
			console.warn(`skipped: cannot mount a tiny tmpfs here (${mounted.stderr.trim()})`);
			return;
		}
		try {
			const from = path.join(work, 'mod');
			await makeModuleCache(from, {extraFiles: 400});
			const before = await snapshot(from);
			await expect(createCacheCopier()(from, path.join(mountPoint, 'mod'), context())).rejects.toMatchObject({code: 'ENOSPC'});
			expect(await readdir(mountPoint)).toEqual([]);
			expect(await snapshot(from)).toEqual(before);
		} finally {
			await execa('umount', [mountPoint], {reject: false});
		}
	});

	it("starts from the planning walk's listing while it still describes the source, and walks again once it does not", async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from, {extraFiles: 20});
		const {entries: listing} = await scanTree(from, {sync: 'auto'});
		// Unchanged: the copy is the listed tree (a listing is all the copier reads: a listed name is copied).
		const same = path.join(work, 'same');
		await createCacheCopier()(from, same, {...context(), listing});
		expect(await snapshot(same)).toEqual(await snapshot(from));
		// A name added and one removed since the listing: those directories' ctimes moved, so the tree is walked again
		// and the copy is the tree as it is now (the stale listing would miss the new file and fail on the gone one).
		const bucket = path.join(from, 'build', '00');
		const [gone] = await readdir(bucket);
		await rm(path.join(bucket, gone!));
		await writeFile(path.join(from, 'build', '01', 'new-d'), 'written after the plan');
		const now = path.join(work, 'now');
		await createCacheCopier()(from, now, {...context(), listing});
		expect(await snapshot(now)).toEqual(await snapshot(from));
		expect(await readFile(path.join(now, 'build', '01', 'new-d'), 'utf8')).toBe('written after the plan');
	});
});

describe('verifyCopy', {timeout: 60_000}, () => {
	it('finds a changed size, a changed mode, a missing and an extra file, and a zip that no longer matches its .ziphash', async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from, {extraFiles: 3});
		const to = path.join(work, 'copy');
		await createCacheCopier()(from, to, context());
		const {entries} = await scanTree(from);
		expect(await verifyCopy(from, to, entries, context())).toEqual([]);

		// A zip with other contents under the same names: only the .ziphash check can tell.
		const zip = path.join(to, 'cache/download/example.com/hello/@v/v1.0.0.zip');
		const script =
			'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED)\nz.writestr("example.com/hello@v1.0.0/go.mod", "module example.com/evil\\n")\nz.close()\n';
		await execa('python3', ['-c', script, zip]);
		const build = entries.find(e => e.kind === 'file' && e.rel.startsWith('build/'))!;
		await writeFile(path.join(to, build.rel), 'short');
		await chmod(path.join(to, 'cache/download/example.com/hello/@v/list'), 0o600);
		await rm(path.join(to, 'cache/download/example.com/hello/@v/v1.0.0.lock'));
		await writeFile(path.join(to, 'extra'), '');
		const problems = await verifyCopy(from, to, entries, context());
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(new RegExp(`^${build.rel} has 5 bytes`)),
				expect.stringMatching(/list has mode 600, the source 644/),
				expect.stringMatching(/v1\.0\.0\.lock is missing/),
				expect.stringMatching(/^extra is in the copy but not in the source/),
				expect.stringMatching(/v1\.0\.0\.zip hashes to .*its \.ziphash says h1:/),
			]),
		);
	});

	it('a zip that already disagreed with its .ziphash in the source is not a copy fault', async () => {
		const from = path.join(work, 'mod');
		await makeModuleCache(from);
		await writeFile(
			path.join(from, 'cache/download/example.com/hello/@v/v1.0.0.ziphash'),
			'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
		);
		const to = path.join(work, 'copy');
		await createCacheCopier()(from, to, context());
		expect(await snapshot(to)).toEqual(await snapshot(from));
	});
});
