import {NetError} from './errors.js';

/** net/http's default client stops after 10 redirects; cmd/go keeps the limit. */
export const MAX_REDIRECTS = 10;

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * The next URL of a redirect chain, or a NetError in go's words (net/http's Client.Do with cmd/go's
 * securityPreservingHTTPClient): `stopped after 10 redirects` (10 requests in all); a chain that began on https never leaves it
 * (`redirected from secure URL A to insecure URL B`); and only http and https are ever requested — go fails a
 * redirect to file:///etc/passwd with `unsupported protocol scheme "file"` (issue 18 (5)), and so does gotune,
 * before any connection.
 */
export function nextHop(first: URL, current: URL, location: string, hops: number): URL {
	let next: URL;
	try {
		next = new URL(location, current);
	} catch {
		throw new NetError('protocol', `failed to parse Location header "${location}" from ${current.href}`);
	}
	// go names the Location as sent when its redirect check refuses, and the resolved URL when the request fails.
	const refused = `Get "${location}"`;
	if (first.protocol === 'https:' && next.protocol !== 'https:')
		throw new NetError('protocol', `${refused}: redirected from secure URL ${current.href} to insecure URL ${next.href}`);
	// HOPS redirects were followed, so HOPS + 1 requests were made: go makes 10 at most.
	if (hops + 1 >= MAX_REDIRECTS) throw new NetError('protocol', `${refused}: stopped after ${MAX_REDIRECTS} redirects`);
	if (next.protocol !== 'http:' && next.protocol !== 'https:')
		throw new NetError('protocol', `Get "${next.href}": unsupported protocol scheme "${next.protocol.replace(/:$/, '')}"`);
	return next;
}
