import {maskSecrets, maskSetting, maskUrl} from '../mask.js';
import {GO_DEFAULT_GOPROXY, parseGoproxy, type Separator} from './goproxy-list.js';
import {parseGosumdb} from './gosumdb.js';
import {describePatterns, matchingPattern} from './match.js';

/** The settings that decide how go fetches a module, as `go env` reports them (GONOPROXY/GONOSUMDB already defaulted to GOPRIVATE). */
export type RouteSettings = {
	GOPROXY: string;
	GOPRIVATE: string;
	GONOPROXY: string;
	GONOSUMDB: string;
	GOINSECURE: string;
	GOSUMDB: string;
	/** Minor version of the go that will fetch (23 for go1.23.5); decides the golang.org/toolchain special case. */
	goMinor?: number;
};

export const PATTERN_KEYS = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE'] as const;
export type PatternKey = (typeof PATTERN_KEYS)[number];

export type Route = {
	module: string;
	matched: Record<PatternKey, string | null>;
	/** In the order go tries them; `then` is the separator after each (null: nothing after it is tried). */
	sources: Array<{url: string; then: Separator | null}>;
	/** The checksum database go consults for this module, or null when none is. */
	checksumDb: string | null;
	insecure: boolean;
	/** Go's own error that every fetch of this module will fail with (an invalid GOPROXY list, or GOSUMDB). Masked. */
	error?: string;
	/** Why, in sentences (the wizard's "why" field). Credentials masked here as in every field of a Route. */
	why: string[];
};

/** Settings from `go env -json` values; unset keys get go's defaults. */
export function routeSettingsFrom(values: Record<string, string | undefined>): RouteSettings {
	const goprivate = values['GOPRIVATE'] ?? '';
	const version = /^go1\.(\d+)/.exec(values['GOVERSION'] ?? '');
	return {
		GOPROXY: values['GOPROXY'] ?? GO_DEFAULT_GOPROXY,
		GOPRIVATE: goprivate,
		GONOPROXY: values['GONOPROXY'] ?? goprivate,
		GONOSUMDB: values['GONOSUMDB'] ?? goprivate,
		GOINSECURE: values['GOINSECURE'] ?? '',
		GOSUMDB: values['GOSUMDB'] ?? 'sum.golang.org',
		...(version ? {goMinor: Number(version[1])} : {}),
	};
}

/** How go will fetch MODULE (a path, optionally @version) with SETTINGS: modfetch/repo.go, proxy.go and sumdb.go rules. */
export function routeModule(moduleArg: string, settings: RouteSettings): Route {
	const at = moduleArg.indexOf('@');
	const modulePath = at >= 0 ? moduleArg.slice(0, at) : moduleArg;
	const query = at >= 0 ? moduleArg.slice(at + 1) : undefined;
	const why: string[] = [];
	const matched = {} as Record<PatternKey, string | null>;
	for (const key of PATTERN_KEYS) matched[key] = matchingPattern(settings[key], modulePath) ?? null;

	for (const key of PATTERN_KEYS) {
		for (const element of describePatterns(settings[key])) {
			if (element.status !== 'ok' && element.note) why.push(`${key}: ${element.note}.`);
		}
	}

	const list = parseGoproxy(settings.GOPROXY);
	let sources: Route['sources'];
	if (matched.GONOPROXY !== null) {
		sources = [{url: 'direct', then: null}];
		const via =
			settings.GONOPROXY === settings.GOPRIVATE && matched.GOPRIVATE !== null
				? `GOPRIVATE pattern "${matched.GOPRIVATE}" (GONOPROXY defaults to GOPRIVATE)`
				: `GONOPROXY pattern "${matched.GONOPROXY}"`;
		why.push(
			`${via} matches ${modulePath}: go fetches it directly from its version-control host and never asks a proxy${list.entries[0]?.url === 'off' ? ', even though GOPROXY=off' : ''}.`,
		);
	} else {
		sources = list.entries.filter(entry => entry.url !== 'off').map(entry => ({url: maskUrl(entry.url), then: entry.then}));
		const stopsAtOff = list.entries.some(entry => entry.url === 'off');
		const lastKept = sources.at(-1);
		if (stopsAtOff && lastKept) lastKept.then = null;
		if (list.entries[0]?.url === 'off')
			why.push(`GOPROXY=off: go does not download ${modulePath} at all ("module lookup disabled by GOPROXY=off").`);
		else if (stopsAtOff)
			why.push(
				'The list ends in off: when every entry before it answers not-found, go fails with "module lookup disabled by GOPROXY=off".',
			);
		for (const entry of list.entries) {
			if (entry.then === ',')
				why.push(
					`After ${maskUrl(entry.url)} comes ",": go tries the next entry only if it answers 404 or 410; a timeout, refused connection, 401/403, 429 or 5xx stops there.`,
				);
			if (entry.then === '|') why.push(`After ${maskUrl(entry.url)} comes "|": go tries the next entry after any error.`);
		}
		if (list.entries.at(-1)?.url === 'direct' && list.entries.length > 1)
			why.push('direct is tried only after the entries before it let go through; it is the end of the list.');
		if (query !== undefined && !/^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(query)) {
			why.push(
				`@${query} is a query, not an exact version: the first proxy that knows the module answers it, even if a later entry has newer versions; with "," a "no matching versions" answer does not fall through either.`,
			);
		}
	}
	if (list.ignored.length > 0) why.push(`Ignored by go (after direct/off): ${list.ignored.map(entry => maskUrl(entry)).join(', ')}.`);
	if (list.error) why.push(`GOPROXY is invalid; every download fails with: ${maskSecrets(list.error)}`);

	let checksumDb: string | null = null;
	let sumdbError: string | undefined;
	const toolchainForced = modulePath === 'golang.org/toolchain' && (settings.goMinor ?? 0) >= 21 && !singleFileProxy(settings.GOPROXY);
	const sumdb = parseGosumdb(settings.GOSUMDB);
	if (settings.GOSUMDB === 'off' && toolchainForced) {
		why.push(
			'Go >= 1.21 always checks golang.org/toolchain against the checksum database: with GOSUMDB=off its download fails with "checksum database disabled by GOSUMDB=off".',
		);
	} else if (settings.GOSUMDB === 'off') {
		why.push('GOSUMDB=off: no checksum database is consulted; only go.sum protects this module.');
	} else if (matched.GONOSUMDB !== null && !toolchainForced) {
		why.push(
			`GONOSUMDB${settings.GONOSUMDB === settings.GOPRIVATE ? ' (from GOPRIVATE)' : ''} pattern "${matched.GONOSUMDB}" matches: the checksum database is not consulted.`,
		);
	} else if (!sumdb.ok) {
		// No database is consulted: go stops at the first checksum lookup (issue 18 item 8: route showed the value as one).
		sumdbError = `verifying module: ${sumdb.error}`;
		why.push(
			`GOSUMDB=${maskSetting('GOSUMDB', settings.GOSUMDB)} is invalid: the first checksum lookup (a module or go.mod not yet in go.sum) fails with "${maskSecrets(sumdb.error)}". Fix: go env -u GOSUMDB (the default sum.golang.org) or a valid value.`,
		);
	} else if (!sumdb.off) {
		checksumDb = sumdb.name;
		if (toolchainForced)
			why.push('Go >= 1.21 always checks golang.org/toolchain against the checksum database, whatever GOSUMDB and GONOSUMDB say.');
		else if (sumdb.url)
			why.push(`Checksums are verified against ${sumdb.name} at ${sumdb.url} (an explicit URL: the GOPROXY list is not used for it).`);
		else
			why.push(
				`Checksums are verified against ${sumdb.name}, through a proxy that answers /sumdb/${sumdb.name}/supported, else directly (also with GOPROXY=off).`,
			);
	}
	const insecure = matched.GOINSECURE !== null;
	if (insecure)
		why.push(
			`GOINSECURE pattern "${matched.GOINSECURE}" matches: direct fetches may use plain HTTP and unverified certificates (the checksum database still applies).`,
		);
	const error = list.error ?? sumdbError;
	const masked = Object.fromEntries(
		PATTERN_KEYS.map(key => [key, matched[key] === null ? null : maskSecrets(matched[key])]),
	) as Route['matched'];
	return {
		module: moduleArg,
		matched: masked,
		sources,
		checksumDb: checksumDb === null ? null : maskSecrets(checksumDb),
		insecure,
		...(error === undefined ? {} : {error: maskSecrets(error)}),
		why: why.map(maskSecrets),
	};
}

function singleFileProxy(goproxy: string): boolean {
	return goproxy.startsWith('file://') && !/[,|]/.test(goproxy);
}
