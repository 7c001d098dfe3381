import {describe, expect, it} from 'vitest';
import type {ChangeSet, JournalEntry, TargetState} from '../../source/core/journal/contract.js';
import {rollbackLogLines} from '../../source/ui/panels/rollback-log-lines.js';
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

describe('rollback log lines', () => {
	const lines = (e: JournalEntry, width = 60) =>
		rollbackLogLines([set([e])], {width, height: 5, selected: 0, theme: themeFor(false)}).map(l => l.text);

	it('says what happened to a file instead of printing its contents', () => {
		const gomod = {kind: 'file', path: '/home/me/app/go.mod'} as const;
		expect(lines(entry(gomod, {present: false}, {present: true, value: 'module x\n'}))[0]).toMatch(
			/app\/go\.mod none → created 10:15 applied/,
		);
		expect(lines(entry(gomod, {present: true, value: 'a'}, {present: true, value: 'b'}))[0]).toContain('existing → edited');
		expect(lines(entry(gomod, {present: false}, {present: true, value: 'x'}, 'rolled-back'))[0]).toContain('undone');
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
						{
							present: true,
							value: '/dev/shm/gotune/go-build',
						},
					),
				]),
			],
			{width: 40, height: 5, selected: 0, theme: themeFor(false)},
		).map(l => l.text);
		expect(texts[0]).toMatch(/^. …\S*\/go\.mod existing → edited/);
		expect(texts[1]).toMatch(/^. …\S*\/go\.sum none → created/);
		// A move keeps the last part and changes the start: the values show where the tree was and went.
		expect(texts[2]).toMatch(/^. …\S*go-build +\/home\/me\/\S* → \/dev\/shm\//);
		for (const text of texts) expect(text.length).toBeLessThanOrEqual(40);
	});

	it('masks GOENV values and shows unset for absent keys', () => {
		const line = lines(
			entry({kind: 'goenv', key: 'GOPROXY'}, {present: false}, {present: true, value: 'https://me:canary@p.example'}),
			80,
		)[0]!;
		expect(line).toContain('GOPROXY unset → https://***@p.example');
		expect(line).not.toContain('canary');
	});

	it('fits a 30-column box', () => {
		for (const text of lines(
			entry(
				{kind: 'goenv', key: 'GONOSUMDB'},
				{present: true, value: 'a-very-long-value.example.com'},
				{present: true, value: 'another-long-value.example.com'},
			),
			30,
		)) {
			expect(text.length).toBeLessThanOrEqual(30);
		}
	});
});
