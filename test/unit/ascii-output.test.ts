import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {asciiOnly, asciiStream} from '../../source/ui/ascii-output.js';

describe('--ascii output', () => {
	it("turns every non-ASCII character into ASCII of the same width, so Ink's layout still fits", () => {
		for (const text of [
			'Probing 3 candidates (1/3 done, each ≤ 5 s) · Esc cancels',
			'counting… 12 files',
			'████··· 42%',
			'GOPATH=/home/café/go',
			'↑/↓ choose',
			'プロキシ',
			'✓ ok ✗ no ❯ here',
		]) {
			const out = asciiOnly(text);
			expect(out).toMatch(/^[\u0020-\u007E]*$/);
			expect(stringWidth(out)).toBe(stringWidth(text));
		}
		expect(asciiOnly('a · b … c ≤ d')).toBe('a - b . c < d');
	});

	it('passes writes through the stream, keeping escapes, and keeps what Ink reads (columns, rows, events)', () => {
		const target = Object.assign(new PassThrough(), {columns: 80, rows: 24, isTTY: true}) as unknown as NodeJS.WriteStream;
		const chunks: string[] = [];
		(target as unknown as PassThrough).on('data', chunk => chunks.push(String(chunk)));
		const wrapped = asciiStream(target);
		expect(wrapped.columns).toBe(80);
		expect(wrapped.isTTY).toBe(true);
		let resized = 0;
		wrapped.on('resize', () => resized++);
		target.emit('resize');
		expect(resized).toBe(1);
		wrapped.write('\u001B[2K╭─ step · 1…\n');
		expect(chunks.join('')).toBe('\u001B[2K+- step - 1.\n');
	});
});
