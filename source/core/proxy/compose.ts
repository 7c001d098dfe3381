import {maskSecrets, maskSetting} from '../mask.js';
import {parseGoproxy, renderGoproxy, type GoproxyEntry, type Separator} from './goproxy-list.js';
import type {ProbeResult} from './probe.js';

export type Composition = {
	/** The GOPROXY value gotune recommends; null when no candidate works (then nothing should be applied). */
	value: string | null;
	entries: GoproxyEntry[];
	/** Go's real rules for this value, in sentences. */
	explanation: string[];
	warnings: string[];
};

export type ComposeOptions = {
	/** Fallback proxies after the primary (default 2). */
	fallbacks?: number;
	/** False when the user or the team profile forbids direct (the profile's GOPROXY has no direct). */
	allowDirect?: boolean;
};

/** Working candidates, best first: lowest median latency, then highest throughput. */
export function rankResults(results: ProbeResult[]): ProbeResult[] {
	return results
		.filter(r => r.ok)
		.sort((a, b) => (a.latencyMs ?? Infinity) - (b.latencyMs ?? Infinity) || (b.bytesPerSec ?? 0) - (a.bytesPerSec ?? 0));
}

/**
 * GOPROXY from ranked results: the fastest working proxy, the next ones as fallbacks joined with `|` (go moves on after
 * any error, so an outage of the first does not stop downloads), then `,direct` (direct only for modules no proxy has:
 * a proxy's 5xx is not hidden behind a slow VCS fetch), unless direct is forbidden.
 */
export function composeGoproxy(results: ProbeResult[], options: ComposeOptions = {}): Composition {
	const ranked = rankResults(results).slice(0, 1 + (options.fallbacks ?? 2));
	const allowDirect = options.allowDirect ?? true;
	const warnings: string[] = [];
	if (ranked.length === 0) {
		return {
			value: null,
			entries: [],
			explanation: ['No candidate answered the module-proxy protocol: gotune recommends nothing and changes nothing.'],
			warnings,
		};
	}
	const entries: GoproxyEntry[] = ranked.map((r, i) => ({
		url: r.url,
		then: (i < ranked.length - 1 ? '|' : allowDirect ? ',' : null) as Separator | null,
	}));
	if (allowDirect) entries.push({url: 'direct', then: null});
	const value = renderGoproxy(entries);
	for (const r of results) {
		if (r.url.includes('***'))
			warnings.push(
				`${r.url} carries credentials in its URL: gotune cannot write the masked form; put them in ~/.netrc (machine HOST login USER password TOKEN) and use the URL without them.`,
			);
	}
	return {value, entries, explanation: explainGoproxy(value), warnings};
}

/** Go's walk of a GOPROXY value, in sentences (goproxy-list-semantics.md §2). */
export function explainGoproxy(value: string): string[] {
	const parsed = parseGoproxy(value);
	const lines: string[] = [];
	if (parsed.error) lines.push(`go refuses this list: ${maskSecrets(parsed.error)}`);
	parsed.entries.forEach((entry, i) => {
		const next = parsed.entries[i + 1];
		const url = maskSecrets(entry.url);
		if (entry.url === 'direct') lines.push("direct: go fetches from the module's version-control host; nothing after direct is used.");
		else if (entry.url === 'off') lines.push('off: downloads stop here with "module lookup disabled by GOPROXY=off".');
		else if (next === undefined) lines.push(`${url} is the last entry: any error from it is final.`);
		else if (entry.then === '|')
			lines.push(`${url}, then "|": on any error (timeout, refused, 403, 5xx, 404) go tries ${maskSecrets(next.url)}.`);
		else
			lines.push(
				`${url}, then ",": go tries ${maskSecrets(next.url)} only when ${url} answers 404 or 410; a timeout, refused connection, 403 or 5xx is final.`,
			);
	});
	lines.push('Every request walks the list from the start: go does not remember a proxy that failed.');
	return lines;
}

/** Warnings about a GOPROXY value, given what the probe saw of its entries. */
export function goproxyWarnings(value: string, results: ProbeResult[] = []): string[] {
	const parsed = parseGoproxy(value);
	const warnings: string[] = [];
	if (parsed.error)
		warnings.push(`GOPROXY=${maskSetting('GOPROXY', value)} is invalid; go fails every download with: ${maskSecrets(parsed.error)}`);
	if (parsed.ignored.length > 0)
		warnings.push(
			`${parsed.ignored.map(maskSecrets).join(', ')} come${parsed.ignored.length === 1 ? 's' : ''} after ${parsed.entries.at(-1)?.url}: go never uses ${parsed.ignored.length === 1 ? 'it' : 'them'}.`,
		);
	for (const entry of parsed.entries) {
		if (entry.then !== ',') continue;
		const seen = results.find(r => sameUrl(r.url, maskSecrets(entry.url)));
		if (
			seen &&
			(seen.error === 'server-error' ||
				seen.error === 'timeout' ||
				seen.error === 'refused' ||
				seen.error === 'dns' ||
				seen.error === 'tls')
		) {
			warnings.push(
				`${seen.url} failed during the probe (${seen.error}) and is followed by ",": go will not move on to the next entry when that happens. Use "|" after it, or drop it.`,
			);
		}
	}
	return warnings;
}

function sameUrl(a: string, b: string): boolean {
	return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
