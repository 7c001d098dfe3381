import {nonEmpty, type Env} from '../env.js';
import {maskSecrets, maskUrl} from '../mask.js';
import {parseGoUrl} from './go-url.js';
import {entryError, parseGoproxy, withImplicitScheme} from './goproxy-list.js';

export type CandidateSource = 'default' | 'current' | 'profile' | 'argument';

export type Candidate = {
	/** The URL probed (credentials included: never print it, use `shown`). */
	url: string;
	/** The URL with credentials masked: https://user:***@host. */
	shown: string;
	source: CandidateSource;
};

/**
 * Public proxies gotune compares when nothing else is given. GOTUNE_PROXY_DEFAULTS (comma-separated URLs) replaces
 * them: tests point it at loopback servers so no test ever leaves the machine; a company can point it at its mirrors.
 */
export const DEFAULT_CANDIDATES = [
	'https://proxy.golang.org',
	'https://goproxy.cn',
	'https://goproxy.io',
	'https://mirrors.aliyun.com/goproxy/',
];

/** Mainland China mirrors: their users are offered sum.golang.google.cn for GOSUMDB. */
export const MAINLAND_MIRRORS = /(?:^|\.)(?:goproxy\.cn|goproxy\.io|aliyun\.com|qiniu\.com|tencent\.com|huaweicloud\.com)$/;

export type UrlVerdict = {ok: true; url: string} | {ok: false; message: string};

/**
 * A probe target as typed: what go accepts as a GOPROXY entry (go's url.Parse rules, go-url.ts), http://, https:// or
 * an absolute file:// URL; a scheme-less entry gets https:// as go gives it (`alice:pw@proxy.example.com` is probed as
 * https://alice:pw@proxy.example.com). `direct` and `off` are GOPROXY keywords, not places to probe. The message names
 * the input (user info masked) and says what is allowed (exit 2 headless, inline in the wizard).
 */
export function validateCandidateUrl(input: string): UrlVerdict {
	const text = input.trim();
	if (text === '') return {ok: false, message: 'an empty proxy URL; give http://, https:// or file:///absolute/dir'};
	const shown = maskUrl(text);
	if (text === 'direct' || text === 'off')
		return {
			ok: false,
			message: `"${text}" is a GOPROXY keyword, not a proxy to probe; give a URL such as https://proxy.golang.org (gotune adds direct to the GOPROXY it composes)`,
		};
	if (/[,|]/.test(text)) return {ok: false, message: `"${shown}" is a GOPROXY list; give one URL per argument`};
	const url = withImplicitScheme(text);
	const verdict = parseGoUrl(url);
	if (!verdict.ok)
		return {
			ok: false,
			message: `"${shown}" is not a URL go accepts (${verdict.error}); give http://HOST, https://HOST or file:///absolute/dir`,
		};
	const parsed = verdict.url;
	if (parsed.scheme === '') return {ok: false, message: `"${shown}" is not a URL; give http://HOST, https://HOST or file:///absolute/dir`};
	if (parsed.scheme === 'file') {
		if (entryError(url) !== undefined || !url.startsWith('file:///'))
			return {ok: false, message: `"${shown}" is not an absolute file:// URL; write file:///absolute/dir (three slashes, no host)`};
		return {ok: true, url};
	}
	if (parsed.scheme !== 'http' && parsed.scheme !== 'https')
		return {ok: false, message: `"${shown}" has scheme ${parsed.scheme}; go accepts only https://, http:// and file:// proxies`};
	if (parsed.host === '') return {ok: false, message: `"${shown}" has no host`};
	if (parsed.rawQuery !== '' || parsed.forceQuery || url.includes('#'))
		return {ok: false, message: `"${shown}" has a query or fragment; go appends module paths to the URL, so give the proxy's base URL`};
	return {ok: true, url};
}

/** Probe URLs from a GOPROXY value: its proxy entries (direct/off are keywords; entries go would refuse are skipped). */
export function proxyUrlsOf(goproxy: string): string[] {
	return parseGoproxy(goproxy)
		.entries.map(e => e.url)
		.filter(url => url !== 'direct' && url !== 'off' && validateCandidateUrl(url).ok);
}

export type CandidateInput = {
	env: Env;
	/** GOPROXY in force (go env). */
	current?: string;
	/** The team profile's GOPROXY, when there is one. */
	profile?: string;
	/** URLs given as arguments or typed: when present, only these are probed. */
	arguments?: string[];
};

/** The candidate list, de-duplicated (a URL keeps its first source: argument > current > profile > default). Throws on an invalid argument. */
export function candidateList(input: CandidateInput): Candidate[] {
	const out: Candidate[] = [];
	const add = (url: string, source: CandidateSource) => {
		const key = url.replace(/\/+$/, '');
		if (!out.some(c => c.url.replace(/\/+$/, '') === key)) out.push({url, shown: maskSecrets(url), source});
	};
	if (input.arguments && input.arguments.length > 0) {
		for (const arg of input.arguments) {
			const verdict = validateCandidateUrl(arg);
			if (!verdict.ok) throw new CandidateError(verdict.message);
			add(verdict.url, 'argument');
		}
		return out;
	}
	for (const url of proxyUrlsOf(input.current ?? '')) add(url, 'current');
	for (const url of proxyUrlsOf(input.profile ?? '')) add(url, 'profile');
	for (const url of defaultCandidates(input.env)) add(url, 'default');
	return out;
}

export function defaultCandidates(env: Env): string[] {
	const override = nonEmpty(env, 'GOTUNE_PROXY_DEFAULTS');
	return override === undefined
		? DEFAULT_CANDIDATES
		: override
				.split(',')
				.map(s => s.trim())
				.filter(Boolean);
}

/** An invalid candidate URL (exit 2). */
export class CandidateError extends Error {}
