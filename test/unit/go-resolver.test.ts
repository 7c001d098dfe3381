// The one go resolver: every part of gotune finds the go it runs the same way, so the go that checks a value, the
// one that writes it and the one that measures a build cannot differ.
import {mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveGo} from '../../source/core/go-resolver.js';
import {discoverToolchains} from '../../source/core/toolchain.js';
import {REPO_ROOT} from '../helpers/sandbox.js';
import {testGo} from '../helpers/toolchains.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-resolver-'));
});
afterAll(async () => rm(dir, {recursive: true, force: true}));

/** A directory whose go is a real toolchain (a link to it, as Debian's /usr/bin/go is). */
async function goIn(name: string): Promise<string> {
	const bin = path.join(dir, name);
	await mkdir(bin, {recursive: true});
	await symlink(testGo(), path.join(bin, 'go'));
	return bin;
}

describe('resolveGo', () => {
	it('is the first executable go on PATH, skipping entries without one and a go that is not executable', async () => {
		const none = path.join(dir, 'empty');
		await mkdir(none, {recursive: true});
		const notExecutable = path.join(dir, 'noexec');
		await mkdir(notExecutable, {recursive: true});
		await writeFile(path.join(notExecutable, 'go'), '');
		const first = await goIn('first');
		const second = await goIn('second');
		const env = {PATH: [none, notExecutable, first, second].join(':')};
		expect(await resolveGo(env)).toBe(path.join(first, 'go'));
		expect(await resolveGo({PATH: none})).toBeUndefined();
	});

	it('names the same go as toolchain discovery names the winner', async () => {
		const env = {PATH: [await goIn('a'), await goIn('b'), '/usr/bin', '/bin'].join(':'), HOME: dir};
		const discovery = await discoverToolchains(env);
		expect(discovery.winner?.path).toBe(await resolveGo(env));
	});

	it('is the only place in source/ that looks go up on PATH', async () => {
		const files = (await readdir(path.join(REPO_ROOT, 'source'), {recursive: true})).map(String).filter(f => /\.tsx?$/.test(f));
		const offenders: string[] = [];
		for (const file of files) {
			const text = await readFile(path.join(REPO_ROOT, 'source', file), 'utf8');
			if (
				/\bwhich(All)?\(\s*['"]go['"]/.test(text) &&
				!file.endsWith('go-resolver.ts') &&
				!file.endsWith(path.join('core', 'toolchain.ts'))
			)
				offenders.push(file);
		}
		expect(offenders).toEqual([]);
	});
});
