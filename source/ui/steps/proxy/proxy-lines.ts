import type {CheckStatus} from '../../../core/checks.js';
import {formatBytes} from '../../../text/units.js';
import type {Column} from '../../kit/index.js';
import type {Route} from '../../../core/proxy/route.js';
import {wrap} from '../../../text/wrap.js';
import type {Line, Part} from '../../components/scroll-view.js';
import type {Row} from './model.js';

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${Math.round(n)} ms`);

/** Dropped first to last when the URL would get fewer than URL_ROOM cells: the table narrows, no row is blanked. */
const DROPPED_FIRST = ['tls', 'connect', 'first', 'rate', 'source'] as const;
const URL_ROOM = 24;

/**
 * Column widths for a table WIDTH cells wide (the URL takes what the numbers leave). A narrow terminal loses the
 * least telling numbers (TLS, connect, 1st byte, then rate and source; width 0 = not shown) before the URL is cut
 * to nothing: 60 columns keep the URL readable with its total time.
 */
export function tableWidths(width: number) {
	const widths = {source: 8, total: 8, first: 8, connect: 8, tls: 7, rate: 10};
	// Each column has a space before it; the status mark takes up to 4 cells ("[ok]" under --ascii).
	const used = () => Object.values(widths).reduce((sum, cells) => sum + (cells > 0 ? cells + 1 : 0), 0) + 1 + 4;
	for (const key of DROPPED_FIRST) {
		if (width - used() >= URL_ROOM) break;
		widths[key] = 0;
	}
	return {...widths, url: Math.max(8, width - used())};
}

const shown = (columns: Column[]) => columns.filter(column => column.width > 0);

export function headerColumns(width: number): Column[] {
	const w = tableWidths(width);
	return shown([
		{text: 'candidate', width: w.url, dim: true},
		{text: 'source', width: w.source, dim: true},
		{text: 'total', width: w.total, align: 'right', dim: true},
		{text: '1st byte', width: w.first, align: 'right', dim: true},
		{text: 'connect', width: w.connect, align: 'right', dim: true},
		{text: 'TLS', width: w.tls, align: 'right', dim: true},
		{text: 'rate', width: w.rate, align: 'right', dim: true},
	]);
}

/** One candidate's row: numbers when it worked, the failure class and step when not, the request in flight while probing. */
export function rowColumns(row: Row, width: number, picked: number): {columns: Column[]; status?: CheckStatus} {
	const w = tableWidths(width);
	const url = picked > 0 ? `${picked}. ${row.url}` : row.url;
	const base: Column[] = shown([
		// Cut in the middle: two mirrors on one host differ only in their port or path.
		{text: url, width: w.url, cut: 'middle'},
		{text: row.source, width: w.source, dim: true},
	]);
	// The numbers' cells and the spaces between them, for a row that has no numbers.
	const numbers = [w.total, w.first, w.connect, w.tls, w.rate].filter(cells => cells > 0);
	const rest = numbers.reduce((a, b) => a + b, 0) + numbers.length - 1;
	const r = row.result;
	if (r === undefined) {
		const what = row.cancelled ? 'cancelled' : row.step ? `${row.step}…` : 'waiting…';
		return {columns: [...base, {text: what, width: rest, dim: true}]};
	}
	if (!r.ok) {
		return {
			columns: [...base, {text: `${r.error ?? 'failed'}${r.status === null ? '' : ` (${r.status})`}`, width: rest, color: 'red'}],
			status: 'error',
		};
	}
	return {
		status: 'ok',
		columns: shown([
			...base,
			{text: ms(r.latencyMs), width: w.total, align: 'right'},
			{text: ms(r.firstByteMs), width: w.first, align: 'right'},
			{text: ms(r.connectMs), width: w.connect, align: 'right'},
			{text: ms(r.tlsMs), width: w.tls, align: 'right'},
			{text: r.bytesPerSec === null ? '—' : `${formatBytes(r.bytesPerSec)}/s`, width: w.rate, align: 'right'},
		]),
	};
}

/**
 * The detail under a row (what failed and why, or what was measured), wrapped at ROOM between words here: Ink's own
 * wrap keeps the space it breaks at, so its rows started with a stray space (" in 30 ms; serves"). None without one.
 */
export function rowDetail(row: Row, room: number): string[] {
	const detail = row.result?.detail;
	return detail ? wrap(detail, room, '') : [];
}

/** Secondary lines (Go's rules for the GOPROXY, warnings, hints, how go will fetch), pre-wrapped to WIDTH for a ScrollView. */
export function secondaryLines(
	input: {
		explanation: string[];
		warnings: string[];
		goinsecure: string;
		mainland: boolean;
		suggestions: string[];
		routes: Route[];
	},
	width: number,
): Line[] {
	const lines: Line[] = [];
	const add = (text: string, part: Omit<Part, 'text'>, indent = '  ') => {
		for (const line of wrap(text, width, indent)) lines.push([{text: line, ...part}]);
	};
	for (const line of input.explanation) add(line, {dim: true});
	for (const line of input.warnings) add(`! ${line}`, {color: 'yellow'}, '');
	if (input.goinsecure !== '')
		add(
			`! GOINSECURE=${input.goinsecure}: direct fetches of matching modules may use plain HTTP and unverified certificates (checksums still apply). Remove it unless a server really cannot do HTTPS.`,
			{color: 'yellow'},
			'',
		);
	if (input.mainland)
		add(
			"With a mainland mirror first, GOSUMDB=sum.golang.google.cn reaches the same checksum database (sum.golang.org's key) through a mainland endpoint (s to set it).",
			{dim: true},
			'',
		);
	for (const suggestion of input.suggestions) add(`GOPRIVATE suggestion: ${suggestion}`, {dim: true}, '');
	for (const route of input.routes) {
		const sources =
			route.sources.length === 0 ? 'not downloaded' : route.sources.map(src => `${src.url}${src.then ? ` ${src.then} ` : ''}`).join('');
		const matched = (['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const)
			.filter(k => route.matched[k] !== null)
			.map(k => ` · ${k} "${route.matched[k]}"`)
			.join('');
		add(
			`${route.module}: ${sources} · checksums ${route.checksumDb ?? 'not checked'}${route.insecure ? ' · insecure allowed' : ''}${matched}`,
			{dim: true},
			'',
		);
	}
	return lines;
}
