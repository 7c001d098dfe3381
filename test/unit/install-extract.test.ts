import {lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {InstallFailure} from '../../source/core/install/errors.js';
import {extractTarGz} from '../../source/core/install/safe-extract.js';
import {quietContext, TaskCancelled} from '../../source/core/task.js';
import {craftTarGz, type TarTestEntry} from '../helpers/go-archive.js';

describe('extractTarGz', () => {
	let dir: string;
	let dest: string;
	beforeEach(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-extract-'));
		dest = path.join(dir, 'tree');
		await mkdir(dest);
	});
	afterEach(async () => rm(dir, {recursive: true, force: true}));

	const extract = async (entries: TarTestEntry[], signal?: AbortSignal) => {
		const archive = path.join(dir, 'a.tar.gz');
		await writeFile(archive, craftTarGz(entries));
		return extractTarGz(archive, dest, quietContext(signal));
	};

	it('extracts files, directories, modes, links inside the tree and names longer than 100 bytes (ustar prefix)', async () => {
		const long = `go/${'d'.repeat(90)}/${'f'.repeat(90)}.go`;
		const result = await extract([
			{name: 'go/', type: 'dir'},
			{name: 'go/bin/go', body: '#!/bin/sh\necho hi\n', mode: 0o755},
			{name: 'go/VERSION', body: 'go1.23.5\n'},
			{name: 'go/lib/alias', type: 'symlink', link: '../VERSION'},
			{name: 'go/VERSION2', type: 'hardlink', link: 'go/VERSION'},
			{name: long, body: 'package x\n'},
		]);
		expect(result.files).toBe(6);
		expect((await lstat(path.join(dest, 'go/bin/go'))).mode & 0o777).toBe(0o755);
		expect(await readFile(path.join(dest, 'go/lib/alias'), 'utf8')).toBe('go1.23.5\n');
		expect(await readlink(path.join(dest, 'go/lib/alias'))).toBe('../VERSION');
		expect((await lstat(path.join(dest, 'go/VERSION2'))).nlink).toBe(2);
		expect(await readFile(path.join(dest, long), 'utf8')).toBe('package x\n');
	});

	it('follows earlier links when checking a link: one that stays inside through them is kept', async () => {
		await extract([
			{name: 'go/VERSION', body: 'go1.23.5\n'},
			{name: 'go/a', type: 'symlink', link: '.'},
			{name: 'go/lib/', type: 'dir'},
			{name: 'go/lib/v', type: 'symlink', link: '../a/a/VERSION'},
		]);
		expect(await readFile(path.join(dest, 'go/lib/v'), 'utf8')).toBe('go1.23.5\n');
	});

	const refusals: Array<[string, TarTestEntry[], RegExp]> = [
		['a name climbing out with ..', [{name: 'go/../../escaped', body: 'x'}], /climbs out/],
		['an absolute name', [{name: '/tmp/escaped', body: 'x'}], /absolute path/],
		['a symlink to an absolute path', [{name: 'go/etc', type: 'symlink', link: '/etc'}], /absolute path \/etc/],
		['a symlink climbing out of the tree', [{name: 'go/up', type: 'symlink', link: '../../outside'}], /outside the archive's tree/],
		[
			'a file written through a symlink',
			[
				{name: 'go/up', type: 'symlink', link: '.'},
				{name: 'go/up/file', body: 'x'},
			],
			/written through the link go\/up/,
		],
		[
			'a symlink that climbs out through an earlier link (go/a -> . makes a/../.. two levels above go/)',
			[
				{name: 'go/a', type: 'symlink', link: '.'},
				{name: 'go/b', type: 'symlink', link: 'a/../..'},
			],
			/"go\/b" was refused: it links to a\/\.\.\/\.\., outside the archive's tree/,
		],
		[
			'a symlink whose ".." leaves a name a later link takes (go/x -> . after go/b -> x/../..)',
			[
				{name: 'go/b', type: 'symlink', link: 'x/../..'},
				{name: 'go/x', type: 'symlink', link: '.'},
			],
			/"go\/b" was refused: it links to x\/\.\.\/\.\., which climbs with "\.\." out of a directory the archive has not made/,
		],
		['a hard link to something not extracted', [{name: 'go/pw', type: 'hardlink', link: 'etc/passwd'}], /hard link to etc\/passwd/],
		['a device or FIFO', [{name: 'go/fifo', type: 'fifo'}], /type "6"/],
		[
			'a duplicate file',
			[
				{name: 'go/a', body: '1'},
				{name: 'go/a', body: '2'},
			],
			/lists it twice/,
		],
	];
	it.each(refusals)('refuses %s, writing nothing outside the tree', async (_, entries, message) => {
		const error = await extract(entries).catch(e => e as Error);
		expect(error).toBeInstanceOf(InstallFailure);
		expect((error as Error).message).toMatch(message);
		expect(await readFile(path.join(dir, 'escaped'), 'utf8').catch(() => 'absent')).toBe('absent');
		expect(await readFile(path.join(dir, 'outside'), 'utf8').catch(() => 'absent')).toBe('absent');
	});

	it('refuses a truncated archive and a file that is not gzip', async () => {
		const archive = path.join(dir, 'a.tar.gz');
		const whole = craftTarGz([{name: 'go/a', body: 'x'.repeat(5000)}]);
		await writeFile(archive, whole.subarray(0, whole.length - 20));
		await expect(extractTarGz(archive, dest, quietContext())).rejects.toThrow(InstallFailure);
		await writeFile(archive, 'not gzip at all');
		await expect(extractTarGz(archive, dest, quietContext())).rejects.toThrow(/gzip data is damaged|cannot extract/);
	});

	it('stops when the signal aborts', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(extract([{name: 'go/a', body: 'x'}], controller.signal)).rejects.toBeInstanceOf(TaskCancelled);
	});
});
