/** Query parameters whose values are credentials. */
const SECRET_PARAMS =
	/([?&](?:access_token|private_token|token|auth|key|api_key|apikey|secret|client_secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential)=)[^&#,|\s]*/gi;
/** Where a URL starts: scheme://. */
const SCHEME = /\b[a-z][a-z0-9+.-]*:\/\//gi;
/** A user name short and plain enough to be a name, not a token (tokens are long or carry a vendor prefix). */
const PLAIN_USER = /^[a-z][a-z0-9._-]{0,15}$/i;
const TOKEN_PREFIX = /^(gh[pousr]_|github_pat_|glpat-|xox[abpr]-|akia)/i;

/**
 * Masks credentials wherever gotune shows or prints a value: every user-info part of every URL in the text (lists
 * joined by `,` or `|` included), whatever it holds, and token-like query parameters. A password is shown as ***,
 * and so is a user name that could be a token (`https://TOKEN@host/` → `https://***@host/`); a short plain user name
 * before a password stays readable (`https://alice:***@host`). The user info ends at the last `@` before the next
 * URL, so a password holding reserved characters (`@`, `/`, `,`, `|`, `:`) is masked whole.
 */
export function maskSecrets(text: string): string {
	return maskUserInfo(text).replace(SECRET_PARAMS, '$1***');
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
	const at = head.lastIndexOf('@');
	if (at <= 0) return rest;
	const userInfo = head.slice(0, at);
	const slash = userInfo.indexOf('/');
	const colon = userInfo.indexOf(':');
	// An @ in the path (https://host/mod@v1, a proxy's /@v/ requests, host:port/path@x) is not user info; a password
	// may hold a '/', after the ':' of user:password.
	if (slash !== -1 && (colon === -1 || colon > slash || /^\d*$/.test(userInfo.slice(colon + 1, slash)) || userInfo.endsWith('/')))
		return rest;
	const user = colon === -1 ? userInfo : userInfo.slice(0, colon);
	const shown = colon !== -1 && PLAIN_USER.test(user) && !TOKEN_PREFIX.test(user) ? `${user}:***` : '***';
	return `${shown}${rest.slice(at)}`;
}
