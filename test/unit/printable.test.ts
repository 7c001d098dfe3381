import {describe, expect, it} from 'vitest';
import {printable} from '../../source/text/printable.js';

// What headless commands may send to a terminal (text/printable.ts): the integration test shows it on a real probe.
describe('printable', () => {
	it('keeps words, newlines, tabs, colours and the progress line erase', () => {
		const kept = 'a\tb\nc \u001B[31mred\u001B[0m \u001B[1;2mdim\u001B[m\r\u001B[Kprogress ünïcödé ✓';
		expect(printable(kept)).toBe(kept);
	});

	it.each([
		['OSC title ended by BEL', 'x\u001B]0;PWNED\u0007y', 'xy'],
		['OSC clipboard ended by ST', 'x\u001B]52;c;cHduZWQ=\u001B\\y', 'xy'],
		['OSC never ended', 'x\u001B]0;PWNED', 'x'],
		['cursor moves and screen clear', 'x\u001B[2J\u001B[1A\u001B[10;10Hy', 'xy'],
		['a colour with a private marker', 'x\u001B[?25ly', 'xy'],
		['C1 CSI', 'x\u009B31my', 'x31my'],
		['a lone ESC', 'x\u001B', 'x'],
		['two-character escape', 'x\u001Bcy', 'xy'],
		['carriage return, backspace, bell, DEL', 'x\ry\bz\u0007w\u007F', 'xyzw'],
		['a CRLF line end', 'line\r\nnext', 'line\nnext'],
	])('drops %s', (_name, text, expected) => {
		expect(printable(text)).toBe(expected);
	});
});
