import {maskSecrets, maskSetting, maskUrl} from '../mask.js';
import {parseGoUrl} from './go-url.js';
import {parseGoproxy} from './goproxy-list.js';
import {parseGosumdb} from './gosumdb.js';

/**
 * Values go env -w writes without a word but go refuses when it uses them (issue 18 items 7 and 8): a GOPROXY entry
 * url.Parse rejects (`http://us er@host/`), and a GOSUMDB go cannot parse (`bogus`, a key with a wrong hash), which
 * surfaces only at the first checksum lookup, weeks later. Checked with Go's own rules and words (goproxy-list.ts,
 * gosumdb.ts), the value masked. The journal refuses to write them; doctor reports them.
 */
export function goValueProblem(key: string, value: string): {message: string; hint: string} | undefined {
	if (key === 'GOPROXY') {
		const list = parseGoproxy(value);
		// Go accepts http:// with no host and fails every request ("no Host in request URL"): refused too.
		const hostless = list.entries.find(entry => /^https?:/i.test(entry.url) && goUrlHost(entry.url) === '');
		const error = list.error ?? (hostless ? `${maskUrl(hostless.url)} has no host` : undefined);
		if (error === undefined) return undefined;
		return {
			message: `${maskSetting(key, value)} is refused by go (every download fails): ${error}`,
			hint: 'Each entry is https://HOST[/PATH], http://HOST[/PATH] or file:///absolute/dir (a scheme-less HOST gets https://), then direct or off, separated by , or |; a space or other reserved character in a user name or password must be percent-encoded (%20).',
		};
	}
	if (key === 'GOSUMDB') {
		const verdict = parseGosumdb(value);
		if (verdict.ok) return undefined;
		return {
			message: `${maskSetting(key, value)} is refused by go at the first checksum lookup: ${maskSecrets(verdict.error)}`,
			hint: 'Allowed: off, sum.golang.org, sum.golang.google.cn, or NAME+HASH+KEY optionally followed by the database URL (the verifier key your checksum database publishes). To return to the default: go env -u GOSUMDB.',
		};
	}
	return undefined;
}

function goUrlHost(url: string): string | undefined {
	const verdict = parseGoUrl(url);
	return verdict.ok ? verdict.url.host : undefined;
}
