import {maskUrl} from '../../mask.js';

/** A server address go-cacher takes: http(s)://host[:port], "scheme and authority only" (cmd/go-cacher). */
export function serverProblem(text: string): string | undefined {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return `"${maskUrl(text)}" is not a URL; give the cache server's address, for example http://cache.internal:31364`;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return `"${maskUrl(text)}" is not an http:// or https:// address (the client speaks HTTP to its server)`;
	if (url.username || url.password)
		return `"${maskUrl(text)}" carries credentials in the URL; the client sends none from there. Give the server without them and the token in GOTUNE_CACHE_TOKEN`;
	if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || text.endsWith('/'))
		return `"${maskUrl(text)}" has a path; the client wants the scheme and host only, for example ${url.protocol}//${url.host}`;
	return undefined;
}
