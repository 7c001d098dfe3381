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
		const withScheme = /[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/') ? `https://${url}` : url;
		error ??= entryError(withScheme);
		entries.push({url: withScheme, then: separator});
	}
	const last = entries.at(-1);
	if (last) last.then = null;
	if (value !== '' && entries.length === 0) error = 'GOPROXY list is not the empty string, but contains no entries';
	return {entries, ignored, ...(error === undefined ? {} : {error})};
}

/** newProxyRepo's checks (proxy.go:204-215), with Go's words; undefined when go accepts the entry. */
export function entryError(url: string): string | undefined {
	let parsed: URL;
	const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1];
	if (scheme === undefined) return `invalid proxy URL missing scheme: ${url}`;
	try {
		parsed = new URL(url);
	} catch {
		return `invalid proxy URL: ${url}`;
	}
	const lower = scheme.toLowerCase();
	if (lower === 'file') {
		// WHATWG URL drops a "localhost" host; Go's url.Parse keeps it, so look at the text itself.
		const host = /^file:\/\/([^/]*)/i.exec(url)?.[1];
		if (host === undefined || host !== '' || parsed.search !== '' || parsed.hash !== '')
			return `invalid file:// proxy URL with non-path elements: ${url}`;
		return undefined;
	}
	if (lower !== 'http' && lower !== 'https') return `invalid proxy URL scheme (must be https, http, file): ${url}`;
	return undefined;
}

/** When go moves past an entry: after `,` only on not-found (404/410); after `|` on any error; never after the last. */
export function fallsThroughOn(separator: Separator | null): 'not-found' | 'any-error' | 'never' {
	return separator === ',' ? 'not-found' : separator === '|' ? 'any-error' : 'never';
}

/** Renders entries back into a GOPROXY value. */
export function renderGoproxy(entries: Array<{url: string; then: Separator | null}>): string {
	return entries.map((entry, i) => (i === entries.length - 1 ? entry.url : `${entry.url}${entry.then ?? ','}`)).join('');
}
