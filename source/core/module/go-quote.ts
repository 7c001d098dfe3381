/**
 * Go's %q formatting (strconv.Quote / QuoteRune), so gotune can reproduce `go mod init`'s messages byte for byte.
 * Printable characters (unicode.IsPrint: letters, marks, numbers, punctuation, symbols, ASCII space) stay as they are.
 */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT: Record<string, string> = {
	'\x07': '\\a',
	'\b': '\\b',
	'\f': '\\f',
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
	'\v': '\\v',
	'\\': '\\\\',
};

function escapeChar(char: string, quote: '"' | "'"): string {
	if (char === quote) return `\\${quote}`;
	const short = SHORT[char];
	if (short !== undefined) return short;
	if (PRINTABLE.test(char)) return char;
	const code = char.codePointAt(0)!;
	if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
	if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
	return `\\U${code.toString(16).padStart(8, '0')}`;
}

export function goQuote(text: string): string {
	return `"${[...text].map(c => escapeChar(c, '"')).join('')}"`;
}

export function goQuoteRune(char: string): string {
	return `'${escapeChar(char, "'")}'`;
}
