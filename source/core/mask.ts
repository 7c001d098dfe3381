/** Query parameters whose values are credentials. */
const SECRET_PARAMS =
	/([?&](?:access_token|private_token|token|auth|key|api_key|apikey|secret|client_secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential)=)[^&#,|\s]*/gi;
/** Where a URL starts: scheme://. */
const SCHEME = /\b[a-z][a-z0-9+.-]*:\/\//gi;
/** What gotune shows instead of a user info part. */
const MASK = '***';

/**
 * Masks credentials wherever gotune shows or prints a value: the WHOLE user-info part of every URL in the text (user
 * name and password alike: `https://TOKEN:x-oauth-basic@host` carries its secret in the user name), in lists joined
 * by `,` or `|` too, with or without a scheme (go prepends https:// to a GOPROXY entry such as
 * `alice:S3CRET@proxy.example.com` and sends its user info), and token-like query parameters. The user info ends at
 * the last `@` before the next URL, so a password holding reserved characters (`@`, `/`, `,`, `|`, `:`) is masked
 * whole. Masking a masked text changes nothing.
 */
export function maskSecrets(text: string): string {
	return maskSchemeless(maskUserInfo(text)).replace(SECRET_PARAMS, '$1***');
}

/**
 * Masks ONE value known to be a single URL or list entry (an argument, a GOPROXY entry in an error message), where
 * gotune cannot split at white space: the user info of `http://us er@host/` (which go refuses) is masked whole.
 */
export function maskUrl(value: string): string {
	const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
	const rest = value.slice(scheme.length);
	const queryAt = rest.search(/[?#]/);
	const head = queryAt === -1 ? rest : rest.slice(0, queryAt);
	const at = head.lastIndexOf('@');
	// An @ after a '/' is in the path (go's authority ends at the first '/'), unless it is user:pass/word@host, which
	// maskSecrets handles.
	if (at > 0 && !head.slice(0, at).includes('/')) return maskSecrets(`${value.slice(0, scheme.length)}${MASK}${rest.slice(at)}`);
	// Else the last @ before the first '/' (go's authority); maskSecrets then masks a password holding a '/' whole.
	const slash = head.indexOf('/');
	const authorityAt = slash === -1 ? -1 : head.slice(0, slash).lastIndexOf('@');
	if (authorityAt > 0) return maskSecrets(`${value.slice(0, scheme.length)}${MASK}${rest.slice(authorityAt)}`);
	return maskSecrets(value);
}

/**
 * Masks the value of a Go setting, knowing its form: GOPROXY-like lists entry by entry (maskUrl, so an entry with a
 * space go refuses is masked whole), GOSUMDB's URL after the key, anything else as text.
 */
export function maskSetting(key: string, value: string): string {
	if (key === 'GOPROXY' || key === 'HTTPS_PROXY' || key === 'HTTP_PROXY' || key === 'ALL_PROXY') {
		// Only an entry with inner white space needs maskUrl; the whole list then goes through maskSecrets, which also
		// masks a password holding `,` or `|`.
		const entries = value
			.split(/([,|])/)
			.map((part, index) => (index % 2 === 0 && /\S\s+\S/.test(part) ? part.replace(/\S(?:.*\S)?/s, maskUrl) : part));
		return maskSecrets(entries.join(''));
	}
	if (key === 'GOCACHEPROG') return maskSecrets(maskCacheProgTokens(value));
	if (key === 'GOSUMDB') {
		const match = /^(\s*\S+\s+)(.*?)(\s*)$/s.exec(value);
		if (match) return maskSecrets(match[1]!) + maskUrl(match[2]!) + match[3]!;
	}
	return maskSecrets(value);
}

/** GOCACHEPROG's program arguments: the value of an access-token flag (go-cacher's --access-token) becomes ***. */
export function maskCacheProgTokens(value: string): string {
	return value.replace(/(-?-[a-z-]*token(?:=|\s+))(?:'[^']*'|"[^"]*"|\S+)/gi, '$1***');
}

function maskUserInfo(text: string): string {
	const starts = [...text.matchAll(SCHEME)].map(match => ({at: match.index, end: match.index + match[0].length}));
	if (starts.length === 0) return text;
	let out = text.slice(0, starts[0]!.at);
	for (const [index, start] of starts.entries()) {
		const next = starts[index + 1]?.at ?? text.length;
		out += text.slice(start.at, start.end) + maskAuthority(text.slice(start.end, next));
	}
	return out;
}

/** `rest` is what follows `scheme://` up to the next URL of a list. */
function maskAuthority(rest: string): string {
	const space = rest.search(/\s/);
	const word = space === -1 ? rest : rest.slice(0, space);
	// The user info cannot reach into the query or fragment.
	const queryAt = word.search(/[?#]/);
	const head = queryAt === -1 ? word : word.slice(0, queryAt);
	// An @ right after a '/' is a path element of the module proxy protocol (/@v/, /@latest), never the end of a
	// user info: https://user:pw@host/m/@v/v1.0.0.info in go's error messages ends its user info at the @ before it.
	let at = head.lastIndexOf('@');
	while (at > 0 && head[at - 1] === '/') at = head.lastIndexOf('@', at - 1);
	if (at <= 0) return rest;
	const userInfo = head.slice(0, at);
	// A list goes on after `,` or `|` unless what comes before is user:password (a password may hold them): in
	// https://a.example|alice:pw@b.example the first URL has no user info, the second one is scheme-less.
	const separator = userInfo.search(/[,|]/);
	if (separator !== -1 && isHostPort(userInfo.slice(0, separator))) return rest;
	const slash = userInfo.indexOf('/');
	const colon = userInfo.indexOf(':');
	// An @ in the path (https://host/mod@v1, a proxy's /@v/ requests, host:port/path@x) is not user info; a password
	// may hold a '/', after the ':' of user:password.
	if (slash !== -1 && (colon === -1 || colon > slash || /^\d*$/.test(userInfo.slice(colon + 1, slash)) || userInfo.endsWith('/')))
		return rest;
	return `${MASK}${rest.slice(at)}`;
}

/** `host` or `host.name:port`: not a user name with its password. */
function isHostPort(text: string): boolean {
	const colon = text.indexOf(':');
	return colon === -1 || (/^\d*$/.test(text.slice(colon + 1)) && text.slice(0, colon).includes('.'));
}

/**
 * Characters a scheme-less user info can hold (Go's validUserinfo, without the `,` and `|` that separate list
 * entries, and without quotes and brackets that surround a value in a message).
 */
const USERINFO_CHAR = /[A-Za-z0-9\-._:~!$&*+;=%@]/;
/** A host (name, IPv4 or [IPv6]) with an optional port, ending where the URL's authority ends. */
const HOST_AFTER_AT = /^(\[[0-9A-Fa-f:.%]*\]|[A-Za-z0-9.-]+)(:\d*)?(?=$|[/?#,|\s"'`)>;\]])/;
/** An environment assignment before a value (GOPROXY=alice:pw@host): not part of the user info. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * User info without a scheme: `alice:S3CRET@proxy.example.com` (go makes it https://alice:S3CRET@...), also in
 * HTTPS_PROXY-like values and `,`/`|` lists. Module queries (`golang.org/x/text@v0.14.0`, `example.com@v1.2.3`),
 * request paths (`/@v/`) and scp-like git addresses (`git@host:org/repo`) are not user info and stay as they are.
 * Without a password, `name@host` counts only when the host looks like one (a dot, a port or brackets).
 */
function maskSchemeless(text: string): string {
	let out = '';
	let copied = 0;
	for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
		const host = HOST_AFTER_AT.exec(text.slice(at + 1));
		if (!host) continue;
		let start = at;
		while (start > copied && USERINFO_CHAR.test(text[start - 1]!)) start--;
		// After a '/' the @ is in a path (a module query, a proxy request, a URL gotune already masked).
		if (start > 0 && text[start - 1] === '/') continue;
		let userInfo = text.slice(start, at);
		const assignment = ASSIGNMENT.exec(userInfo)?.[0] ?? '';
		start += assignment.length;
		userInfo = userInfo.slice(assignment.length);
		if (userInfo === '' || userInfo === MASK) continue;
		const [, hostName = '', port] = host;
		const looksLikeHost = hostName.includes('.') || hostName.startsWith('[') || port !== undefined;
		// A module version (mod@v1.2.3) or go's own queries (go get go@1.27.3, toolchain@go1.27.3): a name ending in a
		// number is no host (no top-level domain is numeric), and an IPv4 address has four parts.
		const isVersion = /^v\d/.test(hostName) || (/^(go)?\d+(\.\d+){1,2}((rc|beta)\d+)?$/.test(hostName) && (port ?? ':') === ':');
		if (!userInfo.includes(':') && (!looksLikeHost || isVersion)) continue;
		out += `${text.slice(copied, start)}${MASK}`;
		copied = at;
	}
	return out + text.slice(copied);
}
