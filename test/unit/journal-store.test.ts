import {appendFile, mkdtemp, readFile, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import type {JournalEntry} from '../../source/core/journal/contract.js';
import {withLock} from '../../source/core/journal/lock.js';
import {foldRecords, type ChangeSetState} from '../../source/core/journal/model.js';
import {planRollbackSteps} from '../../source/core/journal/rollback-plan.js';
import {appendRecord, readRecords, type BeginRecord} from '../../source/core/journal/store.js';

async function tempDir(): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), 'gotune-journal-unit-'));
}

function begin(
	id: string,
	key: string,
	before: string | undefined,
	after: string,
	file: {before: string | null; after: string},
): BeginRecord {
	return {
		type: 'begin',
		changeSetId: id,
		time: `2026-11-24T10:0${id}:00Z`,
		origin: 'test',
		pid: 1,
		goenv: {file: '/g/env', ...file},
		entries: [
			{
				id: `${id}.1`,
				target: {kind: 'goenv', key},
				before: before === undefined ? {present: false} : {present: true, value: before},
				after: {present: true, value: after},
			},
		],
	};
}

describe('journal store', () => {
	it('skips a torn last line and starts the next record on a fresh line, so it survives', async () => {
		const file = path.join(await tempDir(), 'journal.jsonl');
		await appendRecord(file, {type: 'applied', changeSetId: '1', time: 't'});
		await appendFile(file, '{"type":"begin","changeSetId":"2","ti'); // a crash mid-append
		expect(await readRecords(file)).toHaveLength(1);
		await appendRecord(file, {type: 'applied', changeSetId: '3', time: 't'});
		expect((await readRecords(file)).map(r => (r as {changeSetId: string}).changeSetId)).toEqual(['1', '3']);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
	});

	it('a begin without its applied mark is interrupted, unless its process is still applying it', () => {
		const records = [
			begin('1', 'GOPROXY', undefined, 'a', {before: null, after: 'GOPROXY=a\n'}),
			{type: 'applied' as const, changeSetId: '1', time: 't'},
			begin('2', 'GOPRIVATE', undefined, 'b', {before: 'GOPROXY=a\n', after: 'GOPROXY=a\nGOPRIVATE=b\n'}),
		];
		expect(foldRecords(records, () => false).map(s => [s.id, s.status])).toEqual([
			['2', 'interrupted'],
			['1', 'applied'],
		]);
		expect(foldRecords(records, b => b.changeSetId === '2').map(s => s.id)).toEqual(['1']);
	});
});

describe('rollback planning', () => {
	const sets = (records: BeginRecord[]): ChangeSetState[] =>
		foldRecords([...records, ...records.map(r => ({type: 'applied' as const, changeSetId: r.changeSetId, time: 't'}))], () => false);

	it('unwinds two change sets of the same key newest first, byte for byte', () => {
		const one = begin('1', 'GOPROXY', 'orig', 'one', {before: '# c\nGOPROXY=orig', after: '# c\nGOPROXY=one'});
		const two = begin('2', 'GOPROXY', 'one', 'two', {before: '# c\nGOPROXY=one', after: '# c\nGOPROXY=two'});
		const {steps, files} = planRollbackSteps(sets([one, two]), new Map([['/g/env', '# c\nGOPROXY=two']]), false);
		expect(steps.map(s => [s.entry.id, s.action])).toEqual([
			['2.1', 'restore'],
			['1.1', 'restore'],
		]);
		expect(files.get('/g/env')).toBe('# c\nGOPROXY=orig');
	});

	it('after an external edit, works key by key: restores ours, keeps theirs as a conflict unless forced', () => {
		const one = begin('1', 'GOPROXY', 'orig', 'one', {before: 'GOPROXY=orig\n', after: 'GOPROXY=one\n'});
		const edited = new Map([['/g/env', 'GOPROXY=theirs\nGOBIN=/b\n']]);
		const kept = planRollbackSteps(sets([one]), edited, false);
		expect(kept.steps.map(s => s.action)).toEqual(['conflict']);
		expect(kept.files.get('/g/env')).toBe('GOPROXY=theirs\nGOBIN=/b\n');
		const forced = planRollbackSteps(sets([one]), edited, true);
		expect(forced.files.get('/g/env')).toBe('GOPROXY=orig\nGOBIN=/b\n');
	});

	it('an interrupted set whose file was never written is already rolled back', () => {
		const interrupted = foldRecords(
			[begin('1', 'GOPROXY', undefined, 'x', {before: 'GOBIN=/b', after: 'GOBIN=/b\nGOPROXY=x\n'})],
			() => false,
		);
		const {steps, files} = planRollbackSteps(interrupted, new Map([['/g/env', 'GOBIN=/b']]), false);
		expect(steps.map(s => s.action)).toEqual(['already']);
		expect(files.get('/g/env')).toBe('GOBIN=/b');
	});

	it('a file an external program created is removed only while it is unchanged', () => {
		const entry: BeginRecord = {
			type: 'begin',
			changeSetId: '1',
			time: 't',
			origin: 'wizard:module',
			pid: 1,
			entries: [{id: '1.1', target: {kind: 'file', path: '/p/go.mod'}, before: {present: false}}],
		};
		const applied = foldRecords(
			[entry, {type: 'applied', changeSetId: '1', time: 't', after: {'1.1': {present: true, value: 'module m\n'}}}],
			() => false,
		);
		expect(planRollbackSteps(applied, new Map([['/p/go.mod', 'module m\n']]), false).files.get('/p/go.mod')).toBeNull();
		const changed = planRollbackSteps(applied, new Map([['/p/go.mod', 'module m\nrequire x v1\n']]), false);
		expect(changed.steps.map(s => s.action)).toEqual(['conflict']);
		expect(changed.files.get('/p/go.mod')).toBe('module m\nrequire x v1\n');
		expect((applied[0]!.entries[0] as JournalEntry).afterUnknown).toBeUndefined();
	});
});

describe('lock', () => {
	it('serialises work in one process', async () => {
		const lock = path.join(await tempDir(), 'lock');
		const order: string[] = [];
		let releaseFirst!: () => void;
		const release = new Promise<void>(resolve => (releaseFirst = resolve));
		let firstStarted!: () => void;
		const started = new Promise<void>(resolve => (firstStarted = resolve));
		const first = withLock(lock, 1000, async () => {
			order.push('first start');
			firstStarted();
			await release;
			order.push('first end');
		});
		const second = withLock(lock, 1000, async () => {
			order.push('second');
		});
		await started;
		expect(order).toEqual(['first start']);
		releaseFirst();
		await Promise.all([first, second]);
		expect(order).toEqual(['first start', 'first end', 'second']);
	});

	it('takes over a lock whose process is dead, and refuses one held by a live process', async () => {
		const lock = path.join(await tempDir(), 'lock');
		const dead = Number((await execa(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])).stdout);
		await writeFile(lock, JSON.stringify({pid: dead, token: 'x', time: 't', command: ''}));
		expect(await withLock(lock, 0, async () => 'ran')).toBe('ran');
		await expect(readFile(lock)).rejects.toThrow(/ENOENT/);
		const live = execa(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
		await writeFile(lock, JSON.stringify({pid: live.pid, token: 'y', time: 't', command: 'apply team.json'}));
		await expect(withLock(lock, 0, async () => 'ran')).rejects.toThrow(
			new RegExp(`another gotune \\(pid ${live.pid}, "gotune apply team.json"`),
		);
		live.kill();
		await live.catch(() => undefined);
	});
});
