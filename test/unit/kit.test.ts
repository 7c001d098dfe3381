import {describe, expect, it} from 'vitest';
import {hintLine, keyFor, matchBinding, splitKeys, type KeyBinding} from '../../source/ui/kit/index.js';
import {editText} from '../../source/ui/kit/text-edit.js';
import {progressLine} from '../../source/ui/kit/progress.js';
import {moveSelection, selectWindow} from '../../source/ui/kit/select.js';
import {fitCell} from '../../source/ui/kit/table-row.js';
import {themeFor} from '../../source/ui/theme.js';

const plain = keyFor('a').key;
const names = (input: string, text = false) =>
	splitKeys(input, plain, {text}).map(({input: i, key}) =>
		key.return ? 'Enter' : key.tab ? 'Tab' : key.delete ? 'DEL' : key.backspace ? 'BS' : key.escape ? 'Esc' : key.ctrl ? `^${i}` : i,
	);

describe('splitKeys', () => {
	it('splits characters that arrived in one read into single keys, in order', () => {
		expect(names('yy')).toEqual(['y', 'y']);
		expect(names('jjk')).toEqual(['j', 'j', 'k']);
		expect(names('\t\t')).toEqual(['Tab', 'Tab']);
		expect(names('\r\r')).toEqual(['Enter', 'Enter']);
		expect(names('\u007F\u007F\u007F')).toEqual(['DEL', 'DEL', 'DEL']);
		expect(names('q\u0003')).toEqual(['q', '^c']);
	});

	it("leaves a single key (and Ink's own split escape sequences) untouched", () => {
		const down = {...plain, downArrow: true};
		expect(splitKeys('', down)).toEqual([{input: '', key: down}]);
		expect(splitKeys('y', plain)).toEqual([{input: 'y', key: plain}]);
	});

	it('text fields: pasted text stays whole, control keys between it are split out', () => {
		expect(names('example.com/app', true)).toEqual(['example.com/app']);
		expect(names('workxyz\u007F\u007F\u007F', true)).toEqual(['workxyz', 'DEL', 'DEL', 'DEL']);
		expect(names('ab\rcd', true)).toEqual(['ab', 'Enter', 'cd']);
		expect(names('a\r\nb', true)).toEqual(['a', 'Enter', 'b']);
	});

	it('maps single characters the way Ink does', () => {
		expect(keyFor('Y').key.shift).toBe(true);
		expect(keyFor('\u001B').key.escape).toBe(true);
		expect(keyFor('\u0003')).toMatchObject({input: 'c', key: {ctrl: true}});
	});
});

type Action = {type: string; by?: number};
const bindings: Array<KeyBinding<Action>> = [
	{keys: ['up', 'k'], action: {type: 'move', by: -1}, hint: 'choose'},
	{keys: ['down', 'j'], action: {type: 'move', by: 1}, hint: 'choose'},
	{keys: ['return'], action: {type: 'select'}, hint: 'select'},
	{keys: ['y', 'Y'], action: {type: 'yes'}, hint: 'create go.mod'},
	{keys: ['ctrl-l'], action: {type: 'redraw'}},
];

describe('key bindings as data', () => {
	it('one list gives the handler its action and the footer its hints, arrows from the theme', () => {
		expect(hintLine(bindings, themeFor(false))).toBe('↑/↓ choose · Enter select · y create go.mod');
		expect(hintLine(bindings, themeFor(true))).toBe('^/v choose - Enter select - y create go.mod');
		expect(hintLine(bindings, themeFor(true))).not.toMatch(/[↑↓]/);
	});

	it('matches named keys, characters and ctrl keys', () => {
		expect(matchBinding(bindings, '', {...plain, downArrow: true})?.action).toEqual({type: 'move', by: 1});
		expect(matchBinding(bindings, 'k', plain)?.action).toEqual({type: 'move', by: -1});
		expect(matchBinding(bindings, 'Y', keyFor('Y').key)?.action).toEqual({type: 'yes'});
		expect(matchBinding(bindings, 'l', {...plain, ctrl: true})?.action).toEqual({type: 'redraw'});
		expect(matchBinding(bindings, 'x', plain)).toBeUndefined();
		// A ctrl key never matches the plain letter.
		expect(matchBinding(bindings, 'y', {...plain, ctrl: true})).toBeUndefined();
	});
});

describe('editText', () => {
	const apply = (value: string, input: string) =>
		splitKeys(input, plain, {text: true}).reduce((state, press) => editText(state, press.input, press.key) ?? state, {
			value,
			cursor: value.length,
		});

	it('Backspaces arriving together delete that many characters and never insert DEL', () => {
		expect(apply('work', 'xyz\u007F\u007F\u007F')).toEqual({value: 'work', cursor: 4});
		const thirty = 'abcdefghijklmnopqrstuvwxyz0123456789';
		expect(apply(thirty, '\u007F'.repeat(30)).value).toBe('abcdef');
		expect(apply('ab', '\u007F'.repeat(5))).toEqual({value: '', cursor: 0});
	});

	it('inserts at the cursor, moves it, and leaves Enter/Esc/Tab to the step', () => {
		const left = {...plain, leftArrow: true};
		expect(editText({value: 'ac', cursor: 2}, '', left)).toEqual({value: 'ac', cursor: 1});
		expect(editText({value: 'ac', cursor: 1}, 'b', plain)).toEqual({value: 'abc', cursor: 2});
		expect(editText({value: 'a', cursor: 1}, '', {...plain, return: true})).toBeUndefined();
		expect(editText({value: 'a', cursor: 1}, '', {...plain, tab: true})).toBeUndefined();
		expect(editText({value: 'a', cursor: 1}, '\u0007', plain)).toBeUndefined();
	});
});

describe('progressLine', () => {
	const base = {unit: 'count' as const, startedAt: 0, now: 4000, theme: themeFor(false)};
	it('count: bar, percent, counts, rate and ETA', () => {
		const line = progressLine({...base, done: 8, total: 20, width: 60});
		expect(line).toHaveLength(60);
		expect(line).toBe(`[${'█'.repeat(13)}${'░'.repeat(19)}]  40%  8/20  2.0/s  ETA 6s`);
	});

	it('bytes, ASCII under --ascii', () => {
		const line = progressLine({...base, unit: 'bytes', done: 35_000_000, total: 70_000_000, width: 60, theme: themeFor(true)});
		expect(line).toMatch(/^\[#+\.+\] {2}50% {2}35 MB\/70 MB {2}8\.8 MB\/s {2}ETA 4s$/);
	});

	it('never wider than the width, down to nothing', () => {
		for (let width = 0; width <= 50; width++) {
			expect(progressLine({...base, done: 8, total: 20, width}).length).toBeLessThanOrEqual(width);
		}
	});

	it('unknown total: no bar, no ETA', () => {
		expect(progressLine({...base, unit: 'bytes', done: 1500, width: 40})).toBe('1.5 kB  375 B/s');
	});
});

describe('selection', () => {
	it('moves and clamps without wrapping', () => {
		expect(moveSelection(0, -1, 3)).toBe(0);
		expect(moveSelection(2, 1, 3)).toBe(2);
		expect(moveSelection(1, 1, 3)).toBe(2);
	});

	it('the selected item is always inside the window, which never exceeds the height', () => {
		for (const count of [1, 3, 4, 10]) {
			for (const height of [1, 2, 3, 5, 12]) {
				for (let selected = 0; selected < count; selected++) {
					const w = selectWindow(count, selected, height);
					expect(selected).toBeGreaterThanOrEqual(w.start);
					expect(selected).toBeLessThan(w.end);
					expect(w.end - w.start + (w.above > 0 ? 1 : 0) + (w.below > 0 ? 1 : 0)).toBeLessThanOrEqual(Math.max(height, 1));
				}
			}
		}
	});
});

describe('selection window over items of several rows', () => {
	it('keeps the selected label in view; shown rows, cut rows and the "more" rows never exceed the height', () => {
		const lists = [[3, 1, 4, 1, 5], [1, 1, 1], [7], [2, 2, 2, 2, 2, 2], [1, 6, 1]];
		for (const sizes of lists) {
			const total = sizes.reduce((a, b) => a + b, 0);
			for (const height of [1, 2, 3, 4, 6, 9, 30]) {
				for (let selected = 0; selected < sizes.length; selected++) {
					const w = selectWindow(sizes, selected, height);
					expect(selected).toBeGreaterThanOrEqual(w.start);
					expect(selected).toBeLessThan(w.end);
					const shown = sizes.slice(w.start, w.end).reduce((a, b) => a + b, 0) - (w.cut === undefined ? 0 : sizes[selected]! - w.cut);
					expect(shown + (w.above > 0 ? 1 : 0) + (w.below > 0 ? 1 : 0)).toBeLessThanOrEqual(height);
					// Every row is shown or counted (once there is room for the counts).
					if (height >= 3) expect(w.above + shown + w.below).toBe(total);
				}
			}
		}
	});

	it('one-row items window as before: centred, the "more" rows given back at either end', () => {
		expect(selectWindow(10, 5, 6)).toEqual({start: 3, end: 7, above: 3, below: 3});
		expect(selectWindow(10, 0, 3)).toEqual({start: 0, end: 2, above: 0, below: 8});
		expect(selectWindow(10, 9, 3)).toEqual({start: 8, end: 10, above: 8, below: 0});
		expect(selectWindow([1, 1, 1, 1], 3, 2)).toEqual({start: 2, end: 4, above: 0, below: 0});
	});

	it('an item taller than the window shows its first rows and counts the rest', () => {
		expect(selectWindow([2, 6, 2], 1, 5)).toEqual({start: 1, end: 2, above: 2, below: 5, cut: 3});
	});
});

describe('fitCell', () => {
	it('pads or cuts with the ellipsis', () => {
		expect(fitCell('abc', 5, '…')).toBe('abc  ');
		expect(fitCell('abcdef', 4, '…')).toBe('abc…');
		expect(fitCell('abcdef', 5, '...')).toBe('ab...');
		expect(fitCell('7', 3, '…', 'right')).toBe('  7');
		expect(fitCell('abc', 0, '…')).toBe('');
	});

	it('cut in the middle keeps both ends: two mirrors on one host stay apart by their ports', () => {
		const [a, b] = ['http://127.0.0.1:38661', 'http://127.0.0.1:38697'].map(url => fitCell(url, 16, '…', 'left', 'middle'));
		expect([a, b]).toEqual(['http://1…1:38661', 'http://1…1:38697']);
		expect(fitCell('abcdefgh', 5, '…', 'left', 'middle')).toBe('ab…gh');
		expect(fitCell('abc', 5, '…', 'left', 'middle')).toBe('abc  ');
	});
});
