import path from 'node:path';
import {nonEmpty, type Env} from '../../env.js';

/**
 * The GOCACHEPROG client gotune installs unless told otherwise: go-tool-cache's go-cacher, pinned (never @latest, so
 * every machine of a team runs the same program). Its HTTP client speaks to gocached and go-cacher-server.
 */
export const DEFAULT_CLIENT = 'github.com/bradfitz/go-tool-cache/cmd/go-cacher@v0.0.0-20260722201841-0bb331e19f64';

/** The server's bearer token never goes on a command line (shell history, ps) nor in a profile: gotune reads it from here. */
export const CACHE_TOKEN_VARIABLE = 'GOTUNE_CACHE_TOKEN';

/** GOCACHEPROG became a regular setting in Go 1.24 (before: only behind GOEXPERIMENT=cacheprog). */
export const MIN_GO = {major: 1, minor: 24, label: 'go1.24'} as const;

export type ClientSpec = {pkg: string; version: string; binary: string; query: string};

/** Versions go install PKG@VERSION resolves to exactly one version: a semantic or pseudo-version, not a query. */
const PINNED_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+incompatible)?$/;

/** `MODULE/cmd/prog@VERSION` → its parts, or a message naming what is wrong and what is allowed. */
export function parseClient(text: string): ClientSpec | {problem: string} {
	const at = text.lastIndexOf('@');
	if (at <= 0 || at === text.length - 1) return {problem: `"${text}" is not PACKAGE@VERSION; for example ${DEFAULT_CLIENT}`};
	const pkg = text.slice(0, at);
	const version = text.slice(at + 1);
	if (!PINNED_VERSION.test(version))
		return {
			problem: `"${version}" is not a pinned version: give an exact version (v1.2.3 or a pseudo-version such as ${DEFAULT_CLIENT.split('@')[1]}), not a query like latest, so every machine runs the same client`,
		};
	if (!/^[A-Za-z0-9][A-Za-z0-9._~/-]*$/.test(pkg) || pkg.includes('//') || pkg.endsWith('/') || !pkg.split('/')[0]!.includes('.'))
		return {
			problem: `"${pkg}" is not a package path (it starts with a host such as github.com); for example ${DEFAULT_CLIENT.split('@')[0]}`,
		};
	return {pkg, version, binary: binaryName(pkg), query: `${pkg}@${version}`};
}

/** go install's file name: the last path element, or the one before a major-version suffix (…/cmd/tool/v2 → tool). */
function binaryName(pkg: string): string {
	const parts = pkg.split('/');
	const last = parts[parts.length - 1]!;
	return /^v\d+$/.test(last) && parts.length > 2 ? parts[parts.length - 2]! : last;
}

/** go-cacher's own default disk (os.UserCacheDir()/go-cacher): where it keeps every object go reads or writes. */
export function clientDiskDir(env: Env): string | undefined {
	const base = nonEmpty(env, 'XDG_CACHE_HOME') ?? (nonEmpty(env, 'HOME') ? path.join(env['HOME']!, '.cache') : undefined);
	return base && path.isAbsolute(base) ? path.join(base, 'go-cacher') : undefined;
}
