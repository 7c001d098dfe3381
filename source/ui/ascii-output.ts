/**
 * `--ascii` is for terminals and fonts that cannot show Unicode (old consoles, serial lines, some screen readers).
 * The theme gives every mark, border and hint an ASCII form; this is the safety net behind it for text that does not
 * come from the theme: Ink's own truncation ellipsis, separators inside measured lines, a user's non-ASCII path.
 * Each character becomes exactly one ASCII character, so Ink's layout (computed on the original text) still fits.
 */
const ONE_CELL: Record<string, string> = {
	'·': '-',
	'…': '.',
	'≤': '<',
	'≥': '>',
	'→': '>',
	'←': '<',
	'↑': '^',
	'↓': 'v',
	'█': '#',
	'▏': '|',
	'░': '.',
	'▒': ':',
	'─': '-',
	'│': '|',
	'╭': '+',
	'╮': '+',
	'╰': '+',
	'╯': '+',
	'┌': '+',
	'┐': '+',
	'└': '+',
	'┘': '+',
	'✓': '+',
	'✗': 'x',
	'❯': '>',
	'×': 'x',
	'–': '-',
	'—': '-',
	'‘': "'",
	'’': "'",
	'“': '"',
	'”': '"',
};

export function asciiOnly(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[^\u0000-\u007F]/gu, char => ONE_CELL[char] ?? (isWide(char) ? '??' : '?'));
}

/** East Asian wide characters take two cells; two ASCII characters keep the layout. */
function isWide(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	return (
		(code >= 0x1100 && code <= 0x115f) ||
		(code >= 0x2e80 && code <= 0xa4cf) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x1f300 && code <= 0x1faff) ||
		(code >= 0x20000 && code <= 0x3fffd)
	);
}

/** STREAM as Ink sees it (size, resize events, TTY), with every write passed through asciiOnly. */
export function asciiStream<Stream extends NodeJS.WriteStream>(stream: Stream): Stream {
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') {
				return (chunk: unknown, ...rest: unknown[]) =>
					(target.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? asciiOnly(chunk) : chunk, ...rest);
			}
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
