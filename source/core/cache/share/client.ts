import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {nonEmpty, type Env} from '../../env.js';

/** go-tool-cache, pinned: the library gotune-cacher is built on (cacheprog/go.mod) and the module of go-cacher. */
export const GO_TOOL_CACHE = {module: 'github.com/bradfitz/go-tool-cache', version: 'v0.0.0-20260722201841-0bb331e19f64'} as const;

/**
 * The client gotune ships and installs unless told otherwise: gotune-cacher (cacheprog/), go-tool-cache's client with
 * its library's BestEffortHTTP on, so a server that is down or refuses never fails a build (go-cacher fails a go
 * command on a failed upload). Built with go install from its source, its library pinned by go.mod and go.sum.
 */
export const BUNDLED_CLIENT = 'gotune-cacher';
export const DEFAULT_CLIENT = BUNDLED_CLIENT;

/** go-tool-cache's own command, pinned (never @latest, so every machine of a team runs the same program). */
export const GO_CACHER_CLIENT = `${GO_TOOL_CACHE.module}/cmd/go-cacher@${GO_TOOL_CACHE.version}`;

/** The server's bearer token never goes on a command line (shell history, ps) nor in a profile: gotune reads it from here. */
export const CACHE_TOKEN_VARIABLE = 'GOTUNE_CACHE_TOKEN';

/** GOCACHEPROG became a regular setting in Go 1.24 (before: only behind GOEXPERIMENT=cacheprog). */
export const MIN_GO = {major: 1, minor: 24, label: 'go1.24'} as const;

/**
 * PKG: the main package (what go version -m calls path); VERSION: the module version go version -m must show (for
 * gotune-cacher, its go-tool-cache dependency's); QUERY: what --client and a profile say; BUNDLED: built from gotune's
 * own cacheprog/ instead of PKG@VERSION.
 */
export type ClientSpec = {pkg: string; version: string; binary: string; query: string; bundled: boolean};

/** Versions go install PKG@VERSION resolves to exactly one version: a semantic or pseudo-version, not a query. */
const PINNED_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+incompatible)?$/;

const CLIENTS_ALLOWED = `${BUNDLED_CLIENT} (the default) or PACKAGE@VERSION, for example ${GO_CACHER_CLIENT}`;

/** `gotune-cacher` or `MODULE/cmd/prog@VERSION` → its parts, or a message naming what is wrong and what is allowed. */
export function parseClient(text: string): ClientSpec | {problem: string} {
	if (text === BUNDLED_CLIENT)
		return {pkg: BUNDLED_CLIENT, version: GO_TOOL_CACHE.version, binary: BUNDLED_CLIENT, query: BUNDLED_CLIENT, bundled: true};
	const at = text.lastIndexOf('@');
	if (at <= 0 || at === text.length - 1) return {problem: `"${text}" is not a client gotune knows: give ${CLIENTS_ALLOWED}`};
	const pkg = text.slice(0, at);
	const version = text.slice(at + 1);
	if (!PINNED_VERSION.test(version))
		return {
			problem: `"${version}" is not a pinned version: give an exact version (v1.2.3 or a pseudo-version such as ${GO_TOOL_CACHE.version}), not a query like latest, so every machine runs the same client`,
		};
	if (!/^[A-Za-z0-9][A-Za-z0-9._~/-]*$/.test(pkg) || pkg.includes('//') || pkg.endsWith('/') || !pkg.split('/')[0]!.includes('.'))
		return {
			problem: `"${pkg}" is not a package path (it starts with a host such as github.com); for example ${GO_CACHER_CLIENT.split('@')[0]}`,
		};
	return {pkg, version, binary: binaryName(pkg), query: `${pkg}@${version}`, bundled: false};
}

/** The go command that installs CLIENT, as the plan and the progress show it. */
export function installText(client: ClientSpec): string {
	return client.bundled
		? `go install ${BUNDLED_CLIENT} (gotune's cacheprog/: ${GO_TOOL_CACHE.module}@${GO_TOOL_CACHE.version}, best-effort HTTP)`
		: `go install ${client.query}`;
}

/**
 * The go install that builds CLIENT: PKG@VERSION through the user's GOPROXY, or gotune-cacher from its source
 * directory (its go.mod and go.sum pin the library; go fetches it through the same GOPROXY). -mod=readonly: the
 * shipped go.mod and go.sum are used as they are (a GOFLAGS -mod=vendor or -mod=mod of the user's is overridden), and
 * GOWORK=off: a go.work of the user's has no say. -buildvcs=false: the directory may sit in a git checkout.
 */
export function installInvocation(client: ClientSpec): {args: string[]; cwd?: string; env: Record<string, string>} | {problem: string} {
	if (!client.bundled) return {args: ['install', client.query], env: {}};
	const dir = bundledClientDir();
	if (dir === undefined)
		return {
			problem: `gotune's copy of ${BUNDLED_CLIENT}'s source (cacheprog/) is missing: reinstall gotune, or pass --client ${GO_CACHER_CLIENT}`,
		};
	return {args: ['install', '-mod=readonly', '-buildvcs=false', '.'], cwd: dir, env: {GOWORK: 'off'}};
}

/** Whether a GOCACHEPROG program is go-tool-cache's go-cacher, whose failed uploads fail go commands. */
export function isGoCacher(binary: string): boolean {
	return path.basename(binary) === 'go-cacher';
}

/**
 * gotune-cacher's source (cacheprog/, shipped in the npm package): ../cacheprog from the bundle (dist/cli.js or a
 * dist/ chunk), further up from the sources, so walk up (as the demo module is found).
 */
export function bundledClientDir(): string | undefined {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 6; i++) {
		const candidate = path.join(dir, 'cacheprog');
		if (existsSync(path.join(candidate, 'go.mod')) && existsSync(path.join(candidate, 'go.sum'))) return candidate;
		dir = path.dirname(dir);
	}
	return undefined;
}

/** go install's file name: the last path element, or the one before a major-version suffix (…/cmd/tool/v2 → tool). */
function binaryName(pkg: string): string {
	const parts = pkg.split('/');
	const last = parts[parts.length - 1]!;
	return /^v\d+$/.test(last) && parts.length > 2 ? parts[parts.length - 2]! : last;
}

/**
 * The client's own disk, os.UserCacheDir()/NAME (NAME: the program's file name, go-cacher's own default for
 * go-cacher): where it keeps every object go reads or writes.
 */
export function clientDiskDir(env: Env, binary: string): string | undefined {
	const base = nonEmpty(env, 'XDG_CACHE_HOME') ?? (nonEmpty(env, 'HOME') ? path.join(env['HOME']!, '.cache') : undefined);
	return base && path.isAbsolute(base) ? path.join(base, path.basename(binary)) : undefined;
}
