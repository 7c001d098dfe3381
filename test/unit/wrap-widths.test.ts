import {describe, expect, it} from 'vitest';
import {formatChecks, styleFor} from '../../source/commands/output.js';
import {wrap} from '../../source/text/wrap.js';

const TEXT = 'GOPROXY=https://proxy.golang.org,direct is set in /home/someone/.config/go/env\nsecond paragraph  with  double spaces';
const letters = (text: string) => text.replace(/\s+/g, '');

// Issue 7: a width not larger than the indent never ended ("Invalid array length" in a 6-column tty).
describe('wrap at every width from 1 to 20', () => {
	for (const indent of ['', '  ', '    ', '      ']) {
		for (let width = 1; width <= 20; width++) {
			it(`width ${width}, indent ${indent.length}: ends, fits, keeps every character`, () => {
				const lines = wrap(TEXT, width, indent);
				expect(lines.length).toBeGreaterThanOrEqual(2);
				expect(lines.length).toBeLessThanOrEqual(TEXT.length + 2);
				for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
				expect(letters(lines.join(''))).toBe(letters(TEXT));
			});
		}
	}
});

describe('headless output in a narrow terminal', () => {
	it('wraps at 20 columns at the least: a 6-column tty lets the terminal fold lines', () => {
		expect(styleFor({isTTY: true, columns: 6}, {}).width).toBe(20);
		expect(styleFor({isTTY: true, columns: 1}, {}).width).toBe(20);
		expect(styleFor({isTTY: true, columns: 300}, {}).width).toBe(100);
		expect(styleFor({}, {}).width).toBe(80);
	});

	it('formatChecks keeps the whole message at the narrowest style', () => {
		const style = styleFor({isTTY: true, columns: 1}, {TERM: 'dumb'});
		const message = 'GOENV points at /tmp/some/very/long/path/that/does/not/fit';
		const text = formatChecks([{id: 'x', status: 'warn', message, fix: 'go env -u GOPROXY', group: 'environment'}], style);
		expect(letters(text)).toBe(letters(`[!] ${message} go env -u GOPROXY`));
	});
});
