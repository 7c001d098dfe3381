import {describe, expect, it} from 'vitest';
import type {JournalEntry} from '../../source/core/journal/contract.js';
import {describeChange, describeUndo} from '../../source/core/journal/describe.js';
import {applyBlock, findBlock, startupBlockLines, startupBlockText, undoBlock} from '../../source/core/journal/startup-block.js';

describe('start-up block text', () => {
	it('is the marked lines', () => {
		expect(startupBlockLines('go-path', ['export A=1'])).toEqual(['# >>> gotune go-path >>>', 'export A=1', '# <<< gotune go-path <<<']);
		expect(startupBlockText('m', [])).toBe('# >>> gotune m >>>\n# <<< gotune m <<<\n');
	});

	it('finds a block with CRLF line ends and treats a block without its closing line as edited', () => {
		const crlf = 'a\r\n# >>> gotune m >>>\r\nx\r\n# <<< gotune m <<<\r\nb\r\n';
		expect(findBlock(crlf, 'm')?.text).toBe('# >>> gotune m >>>\r\nx\r\n# <<< gotune m <<<\r\n');
		expect(findBlock('# >>> gotune m >>>\nx\n', 'm')?.end).toBe(21);
		expect(findBlock('# >>> gotune other >>>\n', 'm')).toBeUndefined();
	});

	it('adds and removes exactly the block; an edited block is a conflict', () => {
		const after = {present: true, value: startupBlockText('m', ['x'])} as const;
		const added = applyBlock('keep\n', 'm', {present: false}, after);
		expect(added).toMatchObject({action: 'restore', next: 'keep\n# >>> gotune m >>>\nx\n# <<< gotune m <<<\n', addedNewline: false});
		const entry = {before: {present: false} as const, after, createdFile: false, addedNewline: false};
		expect(undoBlock(`top\n${added.next}bottom\n`, 'm', entry, false)).toEqual({action: 'restore', next: 'top\nkeep\nbottom\n'});
		expect(undoBlock(added.next!.replace('x', 'y'), 'm', entry, false).action).toBe('conflict');
		expect(undoBlock('keep\n', 'm', entry, false)).toEqual({action: 'already', next: 'keep\n'});
	});
});

describe('journal entries in words', () => {
	const base = {id: '3.1', changeSetId: '3', time: '2026-01-01T00:00:00Z', origin: 'test', status: 'applied'} as const;
	it('names start-up blocks and directory steps', () => {
		const block: JournalEntry = {
			...base,
			target: {kind: 'startup-block', path: '/home/ana/.bashrc', marker: 'go-path'},
			before: {present: false},
			after: {present: true, value: 'x'},
		};
		expect(describeChange(block, '/home/ana')).toBe('~/.bashrc: gotune block "go-path" added');
		const move: JournalEntry = {
			...base,
			target: {kind: 'directory', path: '/a'},
			before: {present: true, value: '/a'},
			after: {present: true, value: '/b'},
			detail: {kind: 'move-dir', from: '/a', to: '/b', keepSource: false, sameFs: true, toWasEmptyDir: false},
		};
		expect(describeChange(move)).toBe('directory /a → /b (moved)');
		expect(describeUndo({entry: move, action: 'restore', current: move.after}, false)).toBe('directory /b → /a (moved back)');
		expect(describeUndo({entry: block, action: 'conflict', current: block.after}, false, '/home/ana')).toMatch(/conflict.*left as is/);
		expect(
			describeChange({...base, target: {kind: 'goenv', key: 'GOPROXY'}, before: {present: false}, after: {present: false}}),
		).toBeUndefined();
	});
});
