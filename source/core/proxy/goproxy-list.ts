import {maskUrl} from '../mask.js';
import {parseGoUrl} from './go-url.js';

/**
 * GOPROXY as the go command parses it (modfetch/proxy.go proxyList, identical in Go 1.19 and 1.23;
 * goproxy-list-semantics.md §1): entries separated by `,` (next entry only on 404/410) or `|` (next entry on any
 * error), trimmed, empty ones skipped; `off` and `direct` end the list; a scheme-less entry gets https:// only if it
 * contains `.`, `:` or `/`; every entry before the end is validated up front, even ones never reached.
 */

export type Separator = ',' | '|';

export type GoproxyEntry = {
	/** `direct`, `off`, or the URL go will use (https:// added as go adds it). */
	url: string;
	/** The separator written after this entry; null for the last one. Decides when go moves on (see fallsThroughOn). */
	then: Separator | null;
};

export type ParsedGoproxy = {
	entries: GoproxyEntry[];
	/** Entries after `direct` or `off`: go never uses or validates them. */
	ignored: string[];
	/** Go's own error for the whole list (go fails every download with it), when there is one. */
	error?: string;
};

/** GOPROXY's default when unset (1.19 cfg.go; 1.23 $GOROOT/go.env). */
export const GO_DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

export function parseGoproxy(value: string): ParsedGoproxy {
	const entries: GoproxyEntry[] = [];
	const ignored: string[] = [];
	let rest = value;
	let error: string | undefined;
	while (rest !== '') {
		let raw: string;
		let separator: Separator | null = null;
		const index = rest.search(/[,|]/);
		if (index >= 0) {
			raw = rest.slice(0, index);
			separator = rest[index] as Separator;
			rest = rest.slice(index + 1);
		} else {
			raw = rest;
			rest = '';
		}
		const url = raw.trim();
		if (url === '') continue;
		// The separator before an entry belongs to the previous entry (its fallBackOnError).
		if (url === 'off' || url === 'direct') {
			entries.push({url, then: null});
			ignored.push(
				...rest
					.split(/[,|]/)
					.map(s => s.trim())
					.filter(Boolean),
			);
			break;
		}
		const withScheme = withImplicitScheme(url);
		error ??= entryError(withScheme);
		entries.push({url: withScheme, then: separator});
	}
	const last = entries.at(-1);
	if (last) last.then = null;
	if (value !== '' && entries.length === 0) error = 'GOPROXY list is not the empty string, but contains no entries';
	return {entries, ignored, ...(error === undefined ? {} : {error})};
}

/**
 * newProxyRepo's checks (proxy.go): url.Parse with Go's rules (go-url.ts), then the scheme; a file:// URL must be a
 * bare path. Go's words, with the URL's user info masked (go prints it in clear in a parse error); undefined when go
 * accepts the entry.
 */
export function entryError(url: string): string | undefined {
	const verdict = parseGoUrl(url);
	if (!verdict.ok) return verdict.error;
	const parsed = verdict.url;
	const shown = maskUrl(url);
	if (parsed.scheme === 'file') {
		const bare =
			parsed.opaque === '' &&
			parsed.user === undefined &&
			parsed.host === '' &&
			parsed.rawQuery === '' &&
			!parsed.forceQuery &&
			!parsed.omitHost &&
			parsed.fragment === '';
		return bare ? undefined : `invalid file:// proxy URL with non-path elements: ${shown}`;
	}
	if (parsed.scheme === '') return `invalid proxy URL missing scheme: ${shown}`;
	if (parsed.scheme !== 'http' && parsed.scheme !== 'https') return `invalid proxy URL scheme (must be https, http, file): ${shown}`;
	return undefined;
}

/** proxyList's rule: a scheme-less entry gets https:// only if it contains `.`, `:` or `/` and is not an absolute path. */
export function withImplicitScheme(entry: string): string {
	return /[.:/]/.test(entry) && !entry.includes(':/') && !entry.startsWith('/') ? `https://${entry}` : entry;
}

/** When go moves past an entry: after `,` only on not-found (404/410); after `|` on any error; never after the last. */
export function fallsThroughOn(separator: Separator | null): 'not-found' | 'any-error' | 'never' {
	return separator === ',' ? 'not-found' : separator === '|' ? 'any-error' : 'never';
}

/** Renders entries back into a GOPROXY value. */
export function renderGoproxy(entries: Array<{url: string; then: Separator | null}>): string {
	return entries.map((entry, i) => (i === entries.length - 1 ? entry.url : `${entry.url}${entry.then ?? ','}`)).join('');
}
