import {describe, expect, it} from 'vitest';
import type {ChangeSet, JournalEntry, TargetState} from '../../source/core/journal/contract.js';
import type {SelectItem} from '../../source/ui/kit/select-list.js';
import {rollbackLogItems, undoScope} from '../../source/ui/panels/rollback-log-lines.js';
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

/** The rows as the list draws them after its cursor column: each set's header, then its entries. */
const texts = (items: SelectItem[]) => items.flatMap(item => [item.label, ...(item.rows ?? []).map(row => row.text)]);

describe('rollback log rows (issue 19: grouped by change set, the selected one whole)', () => {
	const lines = (e: JournalEntry, {room = 58, selected = -1} = {}) =>
		texts(rollbackLogItems([set([e])], {room, selected, theme: themeFor(false)}));

	it('a header row per change set (number, origin, time, status), its entries indented under it', () => {
		const gomod = {kind: 'file', path: '/home/me/app/go.mod'} as const;
		const rows = lines(entry(gomod, {present: false}, {present: true, value: 'module x\n'}));
		expect(rows[0]).toBe('#1 wizard:module 10:15 applied');
		// Files by what happened to them, not their contents.
		expect(rows[1]).toMatch(/^ {2}app\/go\.mod none → created$/);
		expect(lines(entry(gomod, {present: true, value: 'a'}, {present: true, value: 'b'}))[1]).toContain('existing → edited');
		// A narrow box gives up the origin, then the time, in the header.
		expect(lines(entry(gomod, {present: false}, {present: true, value: 'x'}), {room: 20})[0]).toBe('#1 10:15 applied');
		expect(lines(entry(gomod, {present: false}, {present: true, value: 'x'}), {room: 12})[0]).toBe('#1 applied');
	});

	it('files and directories keep the end of their path when cut, so go.mod and go.sum stay apart', () => {
		const project = '/home/me/src/filetop';
		const rows = texts(
			rollbackLogItems(
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
				{room: 38, selected: -1, theme: themeFor(false)},
			),
		);
		expect(rows[1]).toMatch(/^ {2}…\S*\/go\.mod existing → edited/);
		expect(rows[2]).toMatch(/^ {2}…\S*\/go\.sum none → created/);
		// A move keeps the last part and changes the start: the values show where the tree was and went.
		expect(rows[3]).toMatch(/^ {2}…\S*go-build +\/home\/me\/\S* → \/dev\/shm\//);
		for (const text of rows) expect(text.length).toBeLessThanOrEqual(38);
	});

	it('masks GOENV values and shows unset for absent keys, cut or whole', () => {
		const value = 'https://me:canary@proxy.example.com/some/long/path/to/the/module/mirror';
		const e = entry({kind: 'goenv', key: 'GOPROXY'}, {present: false}, {present: true, value});
		const cut = lines(e, {room: 38});
		expect(cut[1]).toMatch(/^ {2}GOPROXY unset → https:\/\/\*\*\*@proxy\.\S*…$/);
		// Selected: old → new whole, wrapped at the box's width, never cut.
		const whole = lines(e, {room: 38, selected: 0});
		expect(whole[0]).toBe('#1 wizard:module 10:15 applied');
		expect(whole.slice(1).join('').replace(/\s+/g, '')).toBe(
			'GOPROXY:unset→https://***@proxy.example.com/some/long/path/to/the/module/mirror',
		);
		for (const text of [...cut, ...whole]) {
			expect(text.length).toBeLessThanOrEqual(38);
			expect(text).not.toContain('canary');
		}
	});

	it('fits a 30-column box (28 after the cursor column)', () => {
		const e = entry(
			{kind: 'goenv', key: 'GONOSUMDB'},
			{present: true, value: 'a-very-long-value.example.com'},
			{present: true, value: 'another-long-value.example.com'},
		);
		for (const text of [...lines(e, {room: 28}), ...lines(e, {room: 28, selected: 0})]) expect(text.length).toBeLessThanOrEqual(28);
	});

	it('an undone set is dim and an interrupted one yellow, header and entries alike', () => {
		const e = entry({kind: 'goenv', key: 'GOPRIVATE'}, {present: false}, {present: true, value: 'x.example'});
		const [undone, interrupted] = rollbackLogItems(
			[
				{...set([e]), status: 'rolled-back'},
				{...set([e]), id: '2', status: 'interrupted'},
			],
			{room: 40, selected: 0, theme: themeFor(false)},
		);
		expect(undone).toMatchObject({label: '#1 wizard:module 10:15 undone', dim: true});
		expect(undone!.rows!.every(row => row.dim)).toBe(true);
		expect(interrupted).toMatchObject({color: 'yellow'});
		expect(interrupted!.rows!.every(row => row.color === 'yellow')).toBe(true);
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
