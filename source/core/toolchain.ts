import {readdir, realpath} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from './env.js';
import {GoAdapter, type GoRun} from './go-adapter.js';
import {openVersionCache, type VersionCache} from './toolchain-versions.js';
import {isExecutableFile, pathEntries, whichAll} from './which.js';
import {parseGoVersionOutput, type GoVersion} from './version.js';

export type FoundGo = {
	/** As found (PATH entry or well-known location). */
	path: string;
	realPath: string;
	/** Other paths that resolve to the same binary (Debian's /usr/bin/go → /usr/lib/go-1.19/bin/go). */
	aliases: string[];
	onPath: boolean;
	/** Where it was found: PATH, or the well-known location it came from. */
	origin: 'PATH' | 'well-known' | 'GOPATH' | 'sdk' | 'toolchain-cache';
	version?: GoVersion;
	versionError?: string;
};

export type Discovery = {
	/** The go a shell would run: the first on PATH. */
	winner?: FoundGo;
	all: FoundGo[];
	/** Other go binaries on PATH hidden behind the winner. */
	shadowed: FoundGo[];
};

type Candidate = {path: string; origin: FoundGo['origin']};

async function globDirs(parent: string, pattern: RegExp): Promise<string[]> {
	const names = await readdir(parent).catch(() => [] as string[]);
	return names
		.filter(name => pattern.test(name))
		.sort()
		.map(name => path.join(parent, name));
}

async function candidates(env: Env): Promise<Candidate[]> {
	const home = nonEmpty(env, 'HOME');
	const gopath = (nonEmpty(env, 'GOPATH') ?? (home ? path.join(home, 'go') : '')).split(path.delimiter)[0] ?? '';
	const gomodcache = nonEmpty(env, 'GOMODCACHE') ?? (gopath ? path.join(gopath, 'pkg', 'mod') : '');
	const onPath = (await whichAll('go', env)).map(p => ({path: p, origin: 'PATH' as const}));
	const wellKnown: Candidate[] = [
		{path: '/usr/local/go/bin/go', origin: 'well-known'},
		...(await globDirs('/usr/lib', /^go(-\d.*)?$/)).map(dir => ({path: path.join(dir, 'bin', 'go'), origin: 'well-known' as const})),
	];
	if (home) {
		wellKnown.push({path: path.join(home, 'go', 'bin', 'go'), origin: 'GOPATH'});
		for (const dir of await globDirs(path.join(home, 'sdk'), /^go\d/)) wellKnown.push({path: path.join(dir, 'bin', 'go'), origin: 'sdk'});
	}
	if (gomodcache) {
		for (const dir of await globDirs(path.join(gomodcache, 'golang.org'), /^toolchain@/)) {
			wellKnown.push({path: path.join(dir, 'bin', 'go'), origin: 'toolchain-cache'});
		}
	}
	return [...onPath, ...wellKnown];
}

/**
 * Every go binary on PATH and in the usual install places, each asked for its own version. The version runs ignore
 * the user's GOENV file, GOROOT and GOFLAGS so that a locked-out setup (go-facts §1.5, §1.7) still reports versions.
 * With GOTUNE_HOME, answers are kept there per binary (toolchain-versions.ts) and a go that has not changed since is
 * not started again.
 */
export async function discoverToolchains(env: Env, {gotuneHome}: {gotuneHome?: string} = {}): Promise<Discovery> {
	const found = new Map<string, FoundGo>();
	for (const candidate of await candidates(env)) {
		if (!(await isExecutableFile(candidate.path))) continue;
		const real = await realpath(candidate.path).catch(() => candidate.path);
		const existing = found.get(real);
		if (existing) {
			if (existing.path !== candidate.path && !existing.aliases.includes(candidate.path)) existing.aliases.push(candidate.path);
			existing.onPath ||= candidate.origin === 'PATH';
			continue;
		}
		found.set(real, {path: candidate.path, realPath: real, aliases: [], onPath: candidate.origin === 'PATH', origin: candidate.origin});
	}
	const all = [...found.values()];
	const cache = gotuneHome === undefined ? undefined : openVersionCache(gotuneHome);
	await Promise.all(all.map(async go => askVersion(go, env, cache)));
	await cache?.save();
	const onPath = all.filter(go => go.onPath);
	return {winner: onPath[0], all, shadowed: onPath.slice(1)};
}

/** Sets GO's version (or why it has none): from the cache when the binary is unchanged, else from `go version`. */
async function askVersion(go: FoundGo, env: Env, cache: VersionCache | undefined): Promise<void> {
	const cached = await cache?.lookup(go.realPath);
	go.version = cached === undefined ? undefined : parseGoVersionOutput(cached);
	if (go.version !== undefined) return;
	const versionEnv = {GOENV: 'off', GOTOOLCHAIN: 'local', GOROOT: undefined, GOFLAGS: undefined};
	const run = await new GoAdapter(go.path, env).run(['version'], {env: versionEnv, timeoutMs: VERSION_TIMEOUT_MS});
	go.version = run.exitCode === 0 ? parseGoVersionOutput(run.stdout) : undefined;
	if (go.version === undefined) go.versionError = versionFailure(run);
	else await cache?.remember(go.realPath, run.stdout);
}

/** `go version` answers in milliseconds: a go that takes longer is broken (hung), and is said to be within seconds. */
export const VERSION_TIMEOUT_MS = 5_000;

function versionFailure(run: GoRun): string {
	if (run.timedOut) return `did not answer \`go version\` within ${VERSION_TIMEOUT_MS / 1000} s (gotune stopped waiting)`;
	if (run.notFound) return 'could not be started';
	const said = (run.stderr || run.stdout).trim().split('\n')[0];
	if (run.exitCode >= 128) return `crashed running \`go version\` (exit ${run.exitCode}${said ? `: ${said}` : ''})`;
	if (run.exitCode !== 0) return `\`go version\` failed (exit ${run.exitCode}${said ? `: ${said}` : ''})`;
	return `\`go version\` printed no version${said ? `: ${said}` : ''}`;
}

/** Is DIR one of PATH's entries (compared after resolving)? */
export function isOnPath(dir: string, env: Env): boolean {
	const wanted = path.resolve(dir);
	return pathEntries(env).some(entry => path.resolve(entry) === wanted);
}
