import {readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {JournalFailure, JournalRefusal, openJournal, type Journal} from '../../source/core/journal/index.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

let sandbox: TestSandbox;
let journal: Journal;
let goenv: string;

beforeEach(async () => {
	sandbox = await makeSandbox();
	journal = openJournal(sandbox.runtime);
	goenv = sandbox.env['GOENV']!;
});
afterEach(async () => {
	await sandbox.cleanup();
});

const ORIGINAL = '# keep me\nGOPROXY=https://a.example\nlowercase=1\nGOPROXY=https://b.example\n\nGOBIN=/opt/bin';

async function goEnv(key: string): Promise<string> {
	const run = await sandbox.go.run(['env', key]);
	expect(run.exitCode).toBe(0);
	return run.stdout.trim();
}

describe('journal with real go', () => {
	it('apply then rollback restores the file byte for byte, and go sees each state', async () => {
		await writeFile(goenv, ORIGINAL);
		const set = await journal.apply(
			[
				{key: 'GOPROXY', value: 'https://c.example,direct'},
				{key: 'GOPRIVATE', value: '*.corp.example'},
			],
			'test',
		);
		expect(set?.entries.map(e => e.before)).toEqual([{present: true, value: 'https://b.example'}, {present: false}]);
		expect(await goEnv('GOPROXY')).toBe('https://c.example,direct');
		expect(await goEnv('GOPRIVATE')).toBe('*.corp.example');
		const result = await journal.rollback({kind: 'last'});
		expect(result.conflicts).toEqual([]);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
		expect(await goEnv('GOPROXY')).toBe('https://b.example');
		expect((await journal.changeSets())[0]?.status).toBe('rolled-back');
	});

	it('a key that was absent is removed again, never left as KEY=', async () => {
		await writeFile(goenv, 'GOBIN=/opt/bin\n');
		await journal.apply([{key: 'GOPRIVATE', value: 'x.example'}], 'test');
		await writeFile(goenv, `${await readFile(goenv, 'utf8')}GOFLAGS=-mod=mod\n`); // an unrelated edit since
		const result = await journal.rollback({kind: 'last'});
		expect(result.steps.map(s => s.action)).toEqual(['restore']);
		const text = await readFile(goenv, 'utf8');
		expect(text).not.toMatch(/GOPRIVATE/);
		expect(text).toBe('GOBIN=/opt/bin\nGOFLAGS=-mod=mod\n');
	});

	it('a file that did not exist is removed by rollback --all', async () => {
		await journal.apply([{key: 'GOPRIVATE', value: 'x.example'}], 'one');
		await journal.apply([{key: 'GOPROXY', value: 'https://p.example'}], 'two');
		await journal.rollback({kind: 'all'});
		await expect(stat(goenv)).rejects.toThrow(/ENOENT/);
	});

	it('reports a key someone changed since as a conflict and leaves it; --force restores it', async () => {
		await writeFile(goenv, ORIGINAL);
		await journal.apply(
			[
				{key: 'GOPROXY', value: 'https://mine.example'},
				{key: 'GOPRIVATE', value: 'p.example'},
			],
			'test',
		);
		const edited = (await readFile(goenv, 'utf8')).replace('https://mine.example', 'https://theirs.example');
		await writeFile(goenv, edited);
		const result = await journal.rollback({kind: 'last'});
		expect(result.conflicts.map(c => c.entry.target)).toEqual([{kind: 'goenv', key: 'GOPROXY'}]);
		expect(await goEnv('GOPROXY')).toBe('https://theirs.example');
		expect(await readFile(goenv, 'utf8')).not.toMatch(/GOPRIVATE/);
		expect((await journal.changeSets())[0]?.status).toBe('applied');
		const forced = await journal.rollback({kind: 'last'}, {force: true});
		expect(forced.rolledBack.map(e => e.id)).toEqual([forced.changeSets[0]!.entries[0]!.id]);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
	});

	it("refuses what Go refuses, with Go's own words, before writing", async () => {
		await writeFile(goenv, ORIGINAL);
		const cases: Array<[string, string, RegExp]> = [
			['GO111MODULE', 'sometimes', /GO111MODULE/],
			['GOPATH', 'relative/path', /GOPATH/],
			['GOFLAGS', '-notaflag', /every go command would fail.*unknown flag -notaflag/s],
			['GOROOT', '/nonexistent', /has no bin\/go/],
			['GOENV', '/x', /OS environment/],
			['GOVERSION', 'go1.2', /cannot be modified/],
			['GOPROXY', '', /empty value.*rollback/s],
			['GOPROXY', 'a\nGOFLAGS=-x', /line breaks/],
			['GOPROXY', 'a\0b', /NUL/],
		];
		for (const [key, value, message] of cases) {
			const error = await journal.apply([{key, value}], 'test').catch((e: unknown) => e);
			expect(error, `${key}=${JSON.stringify(value)}`).toBeInstanceOf(JournalRefusal);
			expect((error as Error).message).toMatch(message);
		}
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
		expect(await journal.changeSets()).toEqual([]);
	});

	it('journal state is private (0600)', async () => {
		await journal.apply([{key: 'GOPROXY', value: 'https://user:s3cret@p.example'}], 'test');
		expect((await stat(journal.journalFile)).mode & 0o777).toBe(0o600);
	});

	it('records a file an external program creates, and undoes it only while unchanged', async () => {
		const gomod = `${sandbox.dir}/proj/go.mod`;
		await import('node:fs/promises').then(fs => fs.mkdir(`${sandbox.dir}/proj`));
		const {changeSet} = await journal.applyExternal({kind: 'file', path: gomod}, 'wizard:module', () =>
			sandbox.go.run(['mod', 'init', 'example.com/proj'], {cwd: `${sandbox.dir}/proj`}),
		);
		expect(changeSet?.entries[0]?.before).toEqual({present: false});
		expect(changeSet?.entries[0]?.after).toMatchObject({present: true});
		await writeFile(gomod, `${await readFile(gomod, 'utf8')}\nrequire example.com/x v1.0.0\n`);
		expect((await journal.rollback({kind: 'last'})).conflicts).toHaveLength(1);
		expect(await readFile(gomod, 'utf8')).toMatch(/example.com\/x/);
		await writeFile(gomod, changeSet!.entries[0]!.after.present ? changeSet!.entries[0]!.after.value : '');
		expect((await journal.rollback({kind: 'last'})).conflicts).toHaveLength(0);
		await expect(stat(gomod)).rejects.toThrow(/ENOENT/);
	});

	it('several files one program changes are one change set; a file it left alone is no entry; rollback restores each', async () => {
		const dir = path.join(sandbox.dir, 'proj2');
		await import('node:fs/promises').then(fs => fs.mkdir(dir));
		const gomod = path.join(dir, 'go.mod');
		const gosum = path.join(dir, 'go.sum');
		const before = 'module example.com/two // comment go keeps\n\ngo   1.19\n';
		await writeFile(gomod, before);
		const targets = [gomod, gosum].map(file => ({kind: 'file' as const, path: file}));
		// go.mod only (the real go): go.sum stays absent, so its entry is dropped.
		const edit = await journal.applyExternal(targets, 'test', () =>
			sandbox.go.run(['mod', 'edit', '-require=example.com/x@v1.0.0'], {cwd: dir}),
		);
		expect(edit.changeSet?.entries.map(e => e.target)).toEqual([{kind: 'file', path: gomod}]);
		const edited = await readFile(gomod, 'utf8');
		// Both files (go get writes go.mod and go.sum): one set of two entries.
		const both = await journal.applyExternal(targets, 'test', async () => {
			await writeFile(gomod, `${edited}// and more\n`);
			await writeFile(gosum, 'example.com/x v1.0.0 h1:abc=\n');
		});
		expect(both.changeSet?.entries.map(e => e.target)).toEqual(targets);
		expect((await journal.rollback({kind: 'last'})).rolledBack).toHaveLength(2);
		expect(await readFile(gomod, 'utf8')).toBe(edited);
		await expect(stat(gosum)).rejects.toThrow(/ENOENT/);
		await journal.rollback({kind: 'last'});
		expect(await readFile(gomod, 'utf8')).toBe(before);
	});
});

describe('journal when the settings file cannot be written', () => {
	it('fails with a clear message, changes nothing, and leaves no interrupted change behind', async () => {
		if (process.getuid?.() === 0) {
			// root ignores directory permissions, so make the directory a file instead: the write then fails for real.
			const {rm} = await import('node:fs/promises');
			await rm(path.dirname(goenv), {recursive: true, force: true});
			await writeFile(path.dirname(goenv), 'not a directory');
		} else {
			const {chmod} = await import('node:fs/promises');
			await writeFile(goenv, ORIGINAL);
			await chmod(path.dirname(goenv), 0o500);
		}
		const error = await journal.apply([{key: 'GOPRIVATE', value: 'x.example'}], 'test').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(JournalFailure);
		expect((error as Error).message).toMatch(/^cannot write .*env \((ENOTDIR|EEXIST|EACCES)\); nothing was changed/);
		expect(await journal.changeSets()).toEqual([]);
		expect(await journal.interrupted()).toEqual([]);
	});
});
