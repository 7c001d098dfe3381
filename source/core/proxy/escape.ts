/**
 * module.EscapePath / EscapeVersion: every upper-case letter becomes "!" + its lower-case form, in proxy URLs and in
 * GOMODCACHE paths (go-facts §2.1: example.com/Upper/Lib → example.com/!upper/!lib). Paths with "!" or non-ASCII are
 * not valid module paths; they are refused before this is called.
 */
export function escapeModulePath(text: string): string {
	return text.replace(/[A-Z]/g, c => `!${c.toLowerCase()}`);
}

/** PATH@VERSION → {path, version}; undefined when either part is missing. */
export function splitModuleVersion(text: string): {path: string; version: string} | undefined {
	const at = text.lastIndexOf('@');
	if (at <= 0 || at === text.length - 1) return undefined;
	return {path: text.slice(0, at), version: text.slice(at + 1)};
}

/** A semantic version as the proxy protocol carries it (v1.2.3, v0.0.0-2024..., +incompatible). */
export const SEMVER =
	/^v(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
