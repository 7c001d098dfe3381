import {describe, expect, it} from 'vitest';
import {wrap} from '../../source/text/wrap.js';

describe('wrap', () => {
	it('wraps words and indents continuation lines', () => {
		expect(wrap('one two three four', 12, '  ')).toEqual(['  one two', '  three four']);
	});

	it('splits a word longer than the line', () => {
		expect(wrap('abcdefghij', 6, '  ')).toEqual(['  abcd', '  efgh', '  ij']);
	});

	// Issue 7: width <= indent never ended (the wizard spun at full CPU at 17 columns, doctor died at 6).
	it.each([
		[4, '    '],
		[3, '    '],
		[1, '  '],
		[0, ''],
		[-5, '  '],
	])('ends and fits at width %i with indent %j', (width, indent) => {
		const lines = wrap('https://proxy.example.com/go,direct and more words', width, indent);
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(Math.max(1, width));
		expect(lines.join('').replace(/ /g, '')).toBe('https://proxy.example.com/go,directandmorewords');
	});
});
