import {maskSecrets} from '../mask.js';
import {NetError} from './errors.js';

/** net/http's default client stops after 10 redirects; cmd/go keeps the limit. */
export const MAX_REDIRECTS = 10;

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * The next URL of a redirect chain, or a NetError in go's words (net/http's Client.Do with cmd/go's
 * securityPreservingHTTPClient): `stopped after 10 redirects`; a chain that began on https never leaves it
 * (`redirected from secure URL A to insecure URL B`); and only http and https are ever requested — go fails a
 * redirect to file:///etc/passwd with `unsupported protocol scheme "file"` (issue 18 (5)), and so does gotune,
 * before any connection.
 */
export function nextHop(first: URL, current: URL, location: string, hops: number): URL {
	let next: URL;
	try {
		next = new URL(location, current);
	} catch {
		throw new NetError('protocol', maskSecrets(`failed to parse Location header "${location}" from ${current.href}`));
	}
	const get = `Get "${next.href}"`;
	if (hops >= MAX_REDIRECTS) throw new NetError('protocol', maskSecrets(`${get}: stopped after ${MAX_REDIRECTS} redirects`));
	if (first.protocol === 'https:' && next.protocol !== 'https:')
		throw new NetError('protocol', maskSecrets(`${get}: redirected from secure URL ${current.href} to insecure URL ${next.href}`));
	if (next.protocol !== 'http:' && next.protocol !== 'https:')
		throw new NetError('protocol', maskSecrets(`${get}: unsupported protocol scheme "${next.protocol.replace(/:$/, '')}"`));
	return next;
}
