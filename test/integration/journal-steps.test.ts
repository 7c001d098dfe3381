import {chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
	copyTree,
	JournalRefusal,
	openJournal,
	startupBlockText,
	type DirectoryCopier,
	type Journal,
	type StepProgress,
} from '../../source/core/journal/index.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {makeModuleTree, snapshotTree} from '../helpers/trees.js';

const makeTree = (root: string) => makeModuleTree(root, {readOnlyFile: true});
/** Never null here: the trees compared exist. */
const snapshot = async (root: string) => (await snapshotTree(root))!;

let sandbox: TestSandbox;
let journal: Journal;
let goenv: string;
let home: string;
let shm: string;

beforeEach(async () => {
	sandbox = await makeSandbox();
	journal = openJournal(sandbox.runtime);
	goenv = sandbox.env['GOENV']!;
	home = sandbox.env['HOME']!;
	// /dev/shm is a tmpfs here: a move from the sandbox (on /) to it is a real cross-filesystem move.
	shm = await mkdtemp('/dev/shm/gotune-steps-');
});
afterEach(async () => {
	await removeReadOnly(shm);
	await sandbox.cleanup();
});

async function removeReadOnly(dir: string) {
	const {execa} = await import('execa');
	await execa('chmod', ['-R', 'u+w', dir], {reject: false});
	await rm(dir, {recursive: true, force: true});
}

const exists = (p: string) =>
	stat(p).then(
		() => true,
		() => false,
	);

describe('start-up blocks', () => {
	it('adds one marked block and rollback leaves the rest byte-identical, even after the user edited other lines', async () => {
		const rc = path.join(home, '.bashrc');
		// Latin-1 bytes and no final newline: both must survive untouched.
		const original = Buffer.concat([Buffer.from('# my bashrc\nexport NAME=caf'), Buffer.from([0xe9]), Buffer.from('\nalias ll="ls -l"')]);
		await writeFile(rc, original, {mode: 0o640});
		await chmod(rc, 0o640);
		const set = await journal.applySteps(
			[{kind: 'startup-block', path: rc, marker: 'go-path', lines: ['export PATH="$HOME/go/bin:$PATH"']}],
			'test',
		);
		expect(set?.entries.map(e => e.target)).toEqual([{kind: 'startup-block', path: rc, marker: 'go-path'}]);
		const written = await readFile(rc);
		expect(
			written.equals(
				Buffer.concat([original, Buffer.from('\n'), Buffer.from(startupBlockText('go-path', ['export PATH="$HOME/go/bin:$PATH"']))]),
			),
		).toBe(true);
		expect((await stat(rc)).mode & 0o777).toBe(0o640);

		// The user edits other lines: a line before, one after the block.
		const edited = Buffer.concat([Buffer.from('# first\n'), written, Buffer.from('export EDITOR=vi\n')]);
		await writeFile(rc, edited);
		const result = await journal.rollback({kind: 'last'});
		expect(result.steps.map(s => s.action)).toEqual(['restore']);
		// Exactly the block's lines are gone; the newline gotune added stays because the user's line now follows it.
		expect((await readFile(rc)).equals(Buffer.concat([Buffer.from('# first\n'), original, Buffer.from('\nexport EDITOR=vi\n')]))).toBe(
			true,
		);
		expect((await stat(rc)).mode & 0o777).toBe(0o640);
	});

	it('without edits rollback restores the file byte for byte (the added final newline goes too)', async () => {
		const rc = path.join(home, '.profile');
		await writeFile(rc, 'PATH=/x\nlast line without newline');
		await journal.applySteps([{kind: 'startup-block', path: rc, marker: 'go', lines: ['a', 'b']}], 'test');
		await journal.rollback({kind: 'last'});
		expect(await readFile(rc, 'utf8')).toBe('PATH=/x\nlast line without newline');
	});

	it('creates a missing file (fish conf.d) and removes it again on rollback', async () => {
		const fish = path.join(home, '.config', 'fish', 'conf.d', 'gotune.fish');
		await journal.applySteps([{kind: 'startup-block', path: fish, marker: 'go-path', lines: ['fish_add_path $HOME/go/bin']}], 'test');
		expect(await readFile(fish, 'utf8')).toBe('# >>> gotune go-path >>>\nfish_add_path $HOME/go/bin\n# <<< gotune go-path <<<\n');
		await journal.rollback({kind: 'last'});
		expect(await exists(fish)).toBe(false);
	});

	it('rollback removes the directories the install created for the file (fish/conf.d), and only those', async () => {
		const config = path.join(home, '.config');
		await mkdir(config, {recursive: true});
		await writeFile(path.join(config, 'mine.txt'), 'the user');
		const before = await readdir(config);
		const fish = path.join(config, 'fish', 'conf.d', 'gotune.fish');
		const lines = ['fish_add_path $HOME/go/bin'];
		await journal.applySteps([{kind: 'startup-block', path: fish, marker: 'go-path', lines}], 'test');
		await journal.rollback({kind: 'last'});
		expect(await exists(path.join(config, 'fish'))).toBe(false);
		expect(await readdir(config)).toEqual(before);
		expect(before).toContain('mine.txt');

		// A file of the user's in a created directory keeps that directory (and its parents).
		await journal.applySteps([{kind: 'startup-block', path: fish, marker: 'go-path', lines}], 'test');
		await writeFile(path.join(config, 'fish', 'conf.d', 'user.fish'), 'set -x A 1\n');
		await journal.rollback({kind: 'last'});
		expect(await exists(fish)).toBe(false);
		expect(await readdir(path.join(config, 'fish', 'conf.d'))).toEqual(['user.fish']);
	});

	it('an edited block is a conflict, left alone; --force removes it', async () => {
		const rc = path.join(home, '.zshrc');
		await writeFile(rc, 'setopt autocd\n');
		await journal.applySteps([{kind: 'startup-block', path: rc, marker: 'go-path', lines: ['export A=1']}], 'test');
		const text = await readFile(rc, 'utf8');
		await writeFile(rc, text.replace('export A=1', 'export A=2'));
		const plan = await journal.planRollback({kind: 'last'});
		expect(plan.conflicts.map(s => s.entry.target.kind)).toEqual(['startup-block']);
		const kept = await journal.rollback({kind: 'last'});
		expect(kept.rolledBack).toEqual([]);
		expect(await readFile(rc, 'utf8')).toContain('export A=2');
		await journal.rollback({kind: 'last'}, {force: true});
		expect(await readFile(rc, 'utf8')).toBe('setopt autocd\n');
	});

	it('refuses a marker or line that would break the block, writing nothing', async () => {
		const rc = path.join(home, '.bashrc');
		await expect(journal.applySteps([{kind: 'startup-block', path: rc, marker: 'a b', lines: []}], 'test')).rejects.toBeInstanceOf(
			JournalRefusal,
		);
		await expect(journal.applySteps([{kind: 'startup-block', path: rc, marker: 'ok', lines: ['x\ny']}], 'test')).rejects.toThrow(
			/line breaks/,
		);
		expect(await exists(rc)).toBe(false);
		expect(await journal.changeSets()).toEqual([]);
	});
});

describe('GOENV steps', () => {
	it('sets and removes keys; removing an absent key is a no-op; rollback removes a key that was absent (never KEY=)', async () => {
		await writeFile(goenv, 'GOFLAGS=-mod=mod\nGOPRIVATE=old.example\n');
		const set = await journal.applySteps(
			[
				{kind: 'goenv', key: 'GOPROXY', value: 'https://proxy.example,direct'},
				{kind: 'goenv', key: 'GOPRIVATE', value: null},
				{kind: 'goenv', key: 'GONOSUMDB', value: null},
			],
			'test',
		);
		expect(set?.entries.map(e => (e.target as {key: string}).key)).toEqual(['GOPROXY', 'GOPRIVATE']);
		expect(await readFile(goenv, 'utf8')).toBe('GOFLAGS=-mod=mod\nGOPROXY=https://proxy.example,direct\n');
		expect((await sandbox.go.run(['env', 'GOPROXY'])).stdout.trim()).toBe('https://proxy.example,direct');
		await writeFile(goenv, `${await readFile(goenv, 'utf8')}GOBIN=/opt/bin\n`); // an unrelated edit since
		await journal.rollback({kind: 'last'});
		expect(await readFile(goenv, 'utf8')).toBe('GOFLAGS=-mod=mod\nGOBIN=/opt/bin\nGOPRIVATE=old.example\n');
	});

	it('a value go refuses is refused before anything is written', async () => {
		const rc = path.join(home, '.bashrc');
		await expect(
			journal.applySteps(
				[
					{kind: 'startup-block', path: rc, marker: 'go', lines: ['x']},
					{kind: 'goenv', key: 'GOFLAGS', value: '-notaflag'},
				],
				'test',
			),
		).rejects.toBeInstanceOf(JournalRefusal);
		expect(await exists(rc)).toBe(false);
		expect(await journal.changeSets()).toEqual([]);
	});
});

describe('directory steps', () => {
	it('moves a read-only tree on the same filesystem with one rename, and back', async () => {
		const from = path.join(sandbox.dir, 'modcache');
		const to = path.join(sandbox.dir, 'elsewhere', 'modcache');
		await makeTree(from);
		const before = await snapshot(from);
		const {ino} = await stat(path.join(from, 'cache'));
		const set = await journal.applySteps(
			[{kind: 'move-dir', from, to, copy: () => Promise.reject(new Error('no copy on one filesystem'))}],
			'test',
		);
		expect(set?.entries[0]?.detail).toMatchObject({kind: 'move-dir', sameFs: true});
		expect(await exists(from)).toBe(false);
		expect((await stat(path.join(to, 'cache'))).ino).toBe(ino);
		await journal.rollback({kind: 'last'});
		expect(await exists(to)).toBe(false);
		expect(await snapshot(from)).toEqual(before);
	});

	it('moves across filesystems with the copier, deletes the read-only source, and copies it back on rollback', async () => {
		const from = path.join(sandbox.dir, 'modcache');
		const to = path.join(shm, 'modcache');
		await makeTree(from);
		const before = await snapshot(from);
		const events: StepProgress[] = [];
		const set = await journal.applySteps([{kind: 'move-dir', from, to, copy: copyTree}], 'test', {emit: e => events.push(e)});
		expect(set?.entries[0]?.detail).toMatchObject({kind: 'move-dir', sameFs: false});
		expect(await exists(from)).toBe(false);
		expect(await snapshot(to)).toEqual(before);
		expect(events.some(e => e.copy?.phase === 'copy' && e.copy.files === 3 && e.copy.totalFiles === 3)).toBe(true);
		expect(events.some(e => e.copy?.phase === 'delete')).toBe(true);
		expect((await readdir(sandbox.dir)).filter(n => n.includes('.gotune-'))).toEqual([]);
		await journal.rollback({kind: 'last'});
		expect(await exists(to)).toBe(false);
		expect(await snapshot(from)).toEqual(before);
		expect((await readdir(sandbox.dir)).filter(n => n.includes('.gotune-'))).toEqual([]);
		expect(await readdir(shm)).toEqual([]);
	});

	it('with keepSource the source stays and rollback leaves the copy', async () => {
		const from = path.join(sandbox.dir, 'modcache');
		const to = path.join(shm, 'modcache');
		await makeTree(from);
		await journal.applySteps([{kind: 'move-dir', from, to, keepSource: true, copy: copyTree}], 'test');
		expect(await exists(from)).toBe(true);
		expect(await snapshot(to)).toEqual(await snapshot(from));
		const result = await journal.rollback({kind: 'last'});
		expect(result.steps.map(s => s.action)).toEqual(['restore']);
		expect(await exists(to)).toBe(true);
		expect(await exists(from)).toBe(true);
	});

	it('sets a tree aside and puts a staged one in place; rollback reverses both in order', async () => {
		const goroot = path.join(sandbox.dir, 'usr-local', 'go');
		const staged = path.join(sandbox.dir, 'usr-local', '.go-staged');
		await makeTree(goroot);
		await mkdir(staged);
		await writeFile(path.join(staged, 'VERSION'), 'go1.99\n');
		const before = await snapshot(goroot);
		const set = await journal.applySteps(
			[
				{kind: 'set-aside', path: goroot},
				{kind: 'put-dir', staged, to: goroot},
			],
			'test',
		);
		expect(await readFile(path.join(goroot, 'VERSION'), 'utf8')).toBe('go1.99\n');
		expect(await snapshot(`${goroot}.gotune-aside-${set!.id}`)).toEqual(before);
		await journal.rollback({kind: 'last'});
		expect(await snapshot(goroot)).toEqual(before);
		expect(await readdir(path.dirname(goroot))).toEqual(['go']);
	});

	it('refuses to move onto an existing non-empty directory', async () => {
		const from = path.join(sandbox.dir, 'a');
		const to = path.join(sandbox.dir, 'b');
		await mkdir(from);
		await mkdir(to);
		await writeFile(path.join(to, 'x'), '');
		await expect(journal.applySteps([{kind: 'move-dir', from, to, copy: copyTree}], 'test')).rejects.toThrow(/already exists/);
	});
});

describe('one change set of several kinds', () => {
	it('a directory move, a GOENV key and a start-up block are undone as one', async () => {
		const from = path.join(sandbox.dir, 'modcache');
		const to = path.join(shm, 'modcache');
		const rc = path.join(home, '.bashrc');
		await makeTree(from);
		await writeFile(rc, '# rc\n');
		await writeFile(goenv, 'GOFLAGS=-mod=mod\n');
		const tree = await snapshot(from);
		const set = await journal.applySteps(
			[
				{kind: 'move-dir', from, to, copy: copyTree},
				{kind: 'goenv', key: 'GOMODCACHE', value: to},
				{kind: 'startup-block', path: rc, marker: 'go-cache', lines: [`export GOMODCACHE=${to}`]},
			],
			'wizard:cache',
		);
		expect(set?.entries.map(e => e.target.kind)).toEqual(['directory', 'goenv', 'startup-block']);
		expect((await sandbox.go.run(['env', 'GOMODCACHE'], {env: {GOMODCACHE: undefined}})).stdout.trim()).toBe(to);
		const result = await journal.rollback({kind: 'last'});
		expect(result.conflicts).toEqual([]);
		expect(result.rolledBack).toHaveLength(3);
		expect(await snapshot(from)).toEqual(tree);
		expect(await exists(to)).toBe(false);
		expect(await readFile(goenv, 'utf8')).toBe('GOFLAGS=-mod=mod\n');
		expect(await readFile(rc, 'utf8')).toBe('# rc\n');
		expect((await journal.changeSets())[0]?.status).toBe('rolled-back');
	});

	it('a failing step undoes the steps before it and rethrows; nothing is left recorded', async () => {
		const from = path.join(sandbox.dir, 'modcache');
		const rc = path.join(home, '.bashrc');
		await makeTree(from);
		await writeFile(goenv, 'GOFLAGS=-mod=mod\n');
		const failing: DirectoryCopier = async (_from, to) => {
			await mkdir(to);
			await rm(to, {recursive: true});
			throw new Error('disk full (injected: a real ENOSPC on demand is not possible here)');
		};
		await expect(
			journal.applySteps(
				[
					{kind: 'goenv', key: 'GOPROXY', value: 'https://p.example'},
					{kind: 'startup-block', path: rc, marker: 'go', lines: ['x']},
					{kind: 'move-dir', from, to: path.join(shm, 'modcache'), copy: failing},
				],
				'test',
			),
		).rejects.toThrow(/disk full/);
		expect(await readFile(goenv, 'utf8')).toBe('GOFLAGS=-mod=mod\n');
		expect(await exists(rc)).toBe(false);
		expect(await exists(from)).toBe(true);
		expect(await readdir(shm)).toEqual([]);
		expect(await journal.changeSets()).toEqual([]);
	});

	it('an abort during the copy stops it, cleans the partial copy and undoes the earlier steps', async () => {
		const from = path.join(sandbox.dir, 'modcache');
		const rc = path.join(home, '.bashrc');
		await makeTree(from);
		const controller = new AbortController();
		// Abort from the copy's own progress: the copier must notice between files.
		const emit = (event: StepProgress) => {
			if (event.copy?.phase === 'copy') controller.abort();
		};
		await expect(
			journal.applySteps(
				[
					{kind: 'startup-block', path: rc, marker: 'go', lines: ['x']},
					{kind: 'move-dir', from, to: path.join(shm, 'modcache'), copy: copyTree},
				],
				'test',
				{emit, signal: controller.signal},
			),
		).rejects.toThrow(/cancelled/);
		expect(await exists(rc)).toBe(false);
		expect(await readdir(shm)).toEqual([]);
		expect(await exists(from)).toBe(true);
		expect(await journal.changeSets()).toEqual([]);
	});
});

describe('history and rollback describe the new kinds (built CLI)', () => {
	it('names the start-up block and the directory move in words', async () => {
		const from = path.join(sandbox.dir, 'cache');
		const to = path.join(sandbox.dir, 'fast', 'cache');
		await makeTree(from);
		await journal.applySteps(
			[
				{kind: 'move-dir', from, to, copy: copyTree},
				{kind: 'startup-block', path: path.join(home, '.bashrc'), marker: 'go-path', lines: ['export A=1']},
			],
			'wizard:cache',
		);
		const history = await sandbox.cli(['history']);
		expect(history.stdout).toContain('1.1   directory ' + from + ' → ' + to + ' (moved)');
		expect(history.stdout).toContain('1.2   ~/.bashrc: gotune block "go-path" added');
		const dry = await sandbox.cli(['rollback', '--dry-run']);
		expect(dry.stdout).toContain('~/.bashrc: gotune block "go-path" removed (the rest of the file is kept as it is)');
		expect(dry.stdout).toContain(`directory ${to} → ${from} (moved back)`);
		const json = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: Array<{target: {kind: string}}>};
		expect(json.entries.map(e => e.target.kind)).toEqual(['directory', 'startup-block']);
	});
});
