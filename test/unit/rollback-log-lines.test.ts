import {describe, expect, it} from 'vitest';
import type {ChangeSet, JournalEntry, TargetState} from '../../source/core/journal/contract.js';
import {rollbackLogLines, undoScope} from '../../source/ui/panels/rollback-log-lines.js';
import {themeFor} from '../../source/ui/theme.js';

const entry = (
	target: JournalEntry['target'],
	before: TargetState,
	after: TargetState,
	status: JournalEntry['status'] = 'applied',
): JournalEntry => ({
	id: '1',
	changeSetId: '1',
	time: '2026-11-24T10:15:00.000Z',
	origin: 'wizard:module',
	target,
	before,
	after,
	status,
});
const set = (entries: JournalEntry[]): ChangeSet => ({
	id: '1',
	time: entries[0]!.time,
	origin: 'wizard:module',
	status: entries[0]!.status,
	entries,
});

describe('rollback log lines (issue 19: grouped by change set, the selected one whole)', () => {
	const lines = (e: JournalEntry, {width = 60, selected = -1} = {}) =>
		rollbackLogLines([set([e])], {width, height: 8, selected, theme: themeFor(false)}).map(l => l.text);

	it('a header row per change set (number, origin, time, status), its entries indented under it', () => {
		const gomod = {kind: 'file', path: '/home/me/app/go.mod'} as const;
		const texts = lines(entry(gomod, {present: false}, {present: true, value: 'module x\n'}));
		expect(texts[0]).toBe('  #1 wizard:module 10:15 applied');
		// Files by what happened to them, not their contents.
		expect(texts[1]).toMatch(/^ {4}app\/go\.mod none → created$/);
		expect(lines(entry(gomod, {present: true, value: 'a'}, {present: true, value: 'b'}))[1]).toContain('existing → edited');
		// A narrow box gives up the origin, then the time, in the header.
		expect(lines(entry(gomod, {present: false}, {present: true, value: 'x'}), {width: 22})[0]).toBe('  #1 10:15 applied');
		expect(lines(entry(gomod, {present: false}, {present: true, value: 'x'}), {width: 14})[0]).toBe('  #1 applied');
	});

	it('files and directories keep the end of their path when cut, so go.mod and go.sum stay apart', () => {
		const project = '/home/me/src/filetop';
		const texts = rollbackLogLines(
			[
				set([
					entry({kind: 'file', path: `${project}/go.mod`}, {present: true, value: 'a'}, {present: true, value: 'b'}),
					entry({kind: 'file', path: `${project}/go.sum`}, {present: false}, {present: true, value: 'h1'}),
					entry(
						{kind: 'directory', path: '/home/me/.cache/go-build'},
						{present: true, value: '/home/me/.cache/go-build'},
						{present: true, value: '/dev/shm/gotune/go-build'},
					),
				]),
			],
			{width: 40, height: 5, selected: -1, theme: themeFor(false)},
		).map(l => l.text);
		expect(texts[1]).toMatch(/^ {4}…\S*\/go\.mod existing → edited/);
		expect(texts[2]).toMatch(/^ {4}…\S*\/go\.sum none → created/);
		// A move keeps the last part and changes the start: the values show where the tree was and went.
		expect(texts[3]).toMatch(/^ {4}…\S*go-build +\/home\/me\/\S* → \/dev\/shm\//);
		for (const text of texts) expect(text.length).toBeLessThanOrEqual(40);
	});

	it('masks GOENV values and shows unset for absent keys, cut or whole', () => {
		const value = 'https://me:canary@proxy.example.com/some/long/path/to/the/module/mirror';
		const e = entry({kind: 'goenv', key: 'GOPROXY'}, {present: false}, {present: true, value});
		const cut = lines(e, {width: 40});
		expect(cut[1]).toMatch(/^ {4}GOPROXY unset → https:\/\/\*\*\*@proxy\.\S*…$/);
		// Selected: old → new whole, wrapped at the box's width, never cut.
		const whole = lines(e, {width: 40, selected: 0});
		expect(whole[0]).toBe('❯ #1 wizard:module 10:15 applied');
		expect(whole.slice(1).join('').replace(/\s+/g, '')).toBe(
			'GOPROXY:unset→https://***@proxy.example.com/some/long/path/to/the/module/mirror',
		);
		for (const text of [...cut, ...whole]) {
			expect(text.length).toBeLessThanOrEqual(40);
			expect(text).not.toContain('canary');
		}
	});

	it('fits a 30-column box', () => {
		const e = entry(
			{kind: 'goenv', key: 'GONOSUMDB'},
			{present: true, value: 'a-very-long-value.example.com'},
			{present: true, value: 'another-long-value.example.com'},
		);
		for (const text of [...lines(e, {width: 30}), ...lines(e, {width: 30, selected: 0})]) expect(text.length).toBeLessThanOrEqual(30);
	});

	it('keeps the selected change set in view, its header first', () => {
		const many = Array.from({length: 6}, (_, i) => ({
			...set([entry({kind: 'goenv', key: `K${i}`}, {present: false}, {present: true, value: 'v'})]),
			id: String(6 - i),
		}));
		const shown = rollbackLogLines(many, {width: 40, height: 4, selected: 4, theme: themeFor(false)});
		expect(shown.some(line => line.header && line.selected && line.text.startsWith('❯ #2'))).toBe(true);
		expect(shown.filter(line => line.selected)).toHaveLength(2);
	});

	it('says what an undo will touch and what each target returns to', () => {
		const theme = themeFor(false);
		const s = set([
			entry({kind: 'goenv', key: 'GOPROXY'}, {present: true, value: 'https://old.example'}, {present: true, value: 'https://new.example'}),
			entry({kind: 'file', path: '/p/go.mod'}, {present: false}, {present: true, value: 'module x\n'}),
			entry({kind: 'directory', path: '/c/go-build'}, {present: true, value: '/c/go-build'}, {present: true, value: '/shm/go-build'}),
		]);
		expect(undoScope([s], theme)).toEqual([
			'#1 GOPROXY (GOENV file) → https://old.example',
			'#1 /p/go.mod → removed',
			'#1 /c/go-build → back at /c/go-build',
		]);
	});
});
