import {maskSecrets} from '../../core/mask.js';
import {wrap} from '../../text/wrap.js';
import type {Line, Part} from '../components/scroll-view.js';

export type {Line, Part};

/**
 * Splits `text` into rows of `width`, the first after the `first` parts (which take `indent` columns), the rest
 * indented by `indent` under it; secrets in URLs are masked. Rows never exceed the width, at any width down to 1:
 * when the indent leaves no room, the prefix gets a row of its own and the text wraps unindented under it.
 */
export function wrapped(first: Part[], text: string, width: number, indent: number, style: Omit<Part, 'text'> = {}): Line[] {
	const columns = Math.max(1, Math.floor(width));
	const masked = maskSecrets(text);
	if (indent >= columns) {
		const rows = wrap(masked, columns, '').map(row => [{text: row, ...style}]);
		return first.length === 0 ? rows : [cut(first, columns), ...rows];
	}
	const [head = '', ...rest] = wrap(masked, columns, ' '.repeat(indent));
	return [[...first, {text: head.slice(indent), ...style}], ...rest.map(row => [{text: row, ...style}])];
}

/** The parts of a row, cut to `columns` cells. */
export function cut(parts: Part[], columns: number): Line {
	const out: Part[] = [];
	let room = columns;
	for (const part of parts) {
		if (room <= 0) break;
		out.push({...part, text: part.text.slice(0, room)});
		room -= part.text.length;
	}
	return out;
}

/** Verbatim text (a go.mod line) cut into rows of `width` after an indent: spaces kept, nothing re-flowed. */
export function verbatim(text: string, width: number, indent: number, style: Omit<Part, 'text'> = {}): Line[] {
	const columns = Math.max(1, Math.floor(width));
	const pad = indent < columns ? ' '.repeat(indent) : '';
	const room = columns - pad.length;
	const chars = [...maskSecrets(text)];
	const rows: Line[] = [];
	for (let start = 0; start < chars.length || rows.length === 0; start += room)
		rows.push([{text: pad + chars.slice(start, start + room).join(''), ...style}]);
	return rows;
}

/**
 * PARTS (styled runs of one sentence) word-wrapped at `width` by gotune's wrap, each run keeping its style: no row
 * starts with the space it broke at, as Ink's own wrap="wrap" did when a word ended flush with the width.
 */
export function wrapParts(parts: Part[], width: number): Line[] {
	const text = parts.map(part => part.text).join('');
	// Each row is a piece of TEXT in order; wrap drops only the spaces and newlines it breaks at between them.
	let at = 0;
	return wrap(text, width, '').map(row => {
		const start = row ? text.indexOf(row, at) : at;
		at = start + row.length;
		return slice(parts, start, at);
	});
}

/** The runs of PARTS between characters START and END of their joined text. */
function slice(parts: Part[], start: number, end: number): Line {
	const out: Part[] = [];
	let offset = 0;
	for (const part of parts) {
		const from = Math.max(start, offset) - offset;
		const to = Math.min(end, offset + part.text.length) - offset;
		if (to > from) out.push({...part, text: part.text.slice(from, to)});
		offset += part.text.length;
	}
	return out;
}
