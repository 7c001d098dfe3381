/** Query parameters whose values are credentials. */
const SECRET_PARAMS = /([?&](?:access_token|token|auth|key|api_key|apikey|secret|password|passwd|sig|signature)=)[^&#,|\s]*/gi;
/** user:password@ in any URL-ish value (GOPROXY lists included). */
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^/:@\s,|]+:)[^@/\s,|]+@/gi;

/** Masks credentials wherever gotune shows or prints a value: https://user:***@host, ?token=***. */
export function maskSecrets(text: string): string {
	return text.replace(USERINFO, '$1***@').replace(SECRET_PARAMS, '$1***');
}
