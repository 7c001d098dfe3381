import {realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../env.js';
import {GoAdapter} from '../go-adapter.js';
import type {Discovery, FoundGo} from '../toolchain.js';
import {isExecutableFile} from '../which.js';
import {compareGoVersions, parseGoVersion, parseGoVersionOutput, type GoVersion} from '../version.js';

/** A go gotune can switch to: one discovery found that answers `go version`. */
export type UsableGo = FoundGo & {version: GoVersion};

/** What `gotune use WHAT` resolved to, or why it resolved to nothing (with what is there instead). */
export type UseTarget =
	| {ok: true; go: UsableGo}
	| {ok: false; kind: 'bad-input' | 'not-found'; message: string; installed: UsableGo[]; newerInstalled: UsableGo[]; wanted?: string};

/** Every go discovery found that reports a version, newest first (the order gotune offers them in). */
export function usableToolchains(discovery: Discovery): UsableGo[] {
	return discovery.all.filter((go): go is UsableGo => go.version !== undefined).sort((a, b) => compareGoVersions(b.version, a.version));
}

/** go1.27.3 for "go version go1.27.3 linux/amd64"'s version (the first word of raw). */
export function versionName(version: GoVersion): string {
	return version.raw.split(/\s+/)[0] ?? version.raw;
}

const VERSION_INPUT = /^(?:go)?(\d+\.\d+(?:\.\d+|rc\d+|beta\d+)?)$/;

/**
 * WHAT is a version (1.27.3, go1.27.3, 1.27 = the newest 1.27.x found) or a path (a go binary, its bin directory or
 * a GOROOT). A version matches only the toolchains discovery found; a path may be any go that answers `go version`.
 */
export async function resolveUseTarget(what: string, env: Env, cwd: string, discovery: Discovery): Promise<UseTarget> {
	const installed = usableToolchains(discovery);
	const versionMatch = VERSION_INPUT.exec(what);
	if (versionMatch && !what.includes('/')) {
		const wanted = parseGoVersion(`go${versionMatch[1]}`)!;
		const exact = wanted.patch !== undefined || wanted.prerelease !== undefined;
		const go = installed.find(g =>
			exact ? versionName(g.version) === `go${versionMatch[1]}` : g.version.major === wanted.major && g.version.minor === wanted.minor,
		);
		if (go) return {ok: true, go};
		const newerInstalled = installed.filter(g => compareGoVersions(g.version, wanted) > 0);
		return {
			ok: false,
			kind: 'not-found',
			message: `go${versionMatch[1]} is not among the go commands gotune found (${foundList(installed)})`,
			installed,
			newerInstalled,
			wanted: versionMatch[1]!,
		};
	}
	if (!what.includes('/') && !what.startsWith('.'))
		return {
			ok: false,
			kind: 'bad-input',
			message: `"${what}" is neither a Go version (1.27.3, go1.27.3, 1.27) nor a path to a go command, its bin directory or a GOROOT`,
			installed,
			newerInstalled: [],
		};
	const binary = await goBinaryAt(path.resolve(cwd, what));
	if (binary === undefined)
		return {
			ok: false,
			kind: 'bad-input',
			message: `${what} is no go command: give the go binary, its bin directory or a GOROOT (a directory with bin/go)`,
			installed,
			newerInstalled: [],
		};
	const real = await realpath(binary).catch(() => binary);
	const known = installed.find(g => g.realPath === real);
	if (known) return {ok: true, go: known};
	const run = await new GoAdapter(binary, env).run(['version'], {
		env: {GOENV: 'off', GOTOOLCHAIN: 'local', GOROOT: undefined, GOFLAGS: undefined},
		timeoutMs: 5_000,
	});
	const version = run.exitCode === 0 ? parseGoVersionOutput(run.stdout) : undefined;
	if (version === undefined)
		return {
			ok: false,
			kind: 'not-found',
			message: `${binary} does not answer \`go version\` (${(run.stderr || run.stdout).trim().split('\n')[0] || `exit ${run.exitCode}`}): gotune puts only a working go on PATH`,
			installed,
			newerInstalled: [],
		};
	return {ok: true, go: {path: binary, realPath: real, aliases: [], onPath: false, origin: 'well-known', version}};
}

/** The go binary a path names: the file itself, DIR/go (a bin directory) or DIR/bin/go (a GOROOT). */
async function goBinaryAt(target: string): Promise<string | undefined> {
	const info = await stat(target).catch(() => undefined);
	if (info === undefined) return undefined;
	if (info.isFile()) return path.basename(target) === 'go' && (await isExecutableFile(target)) ? target : undefined;
	for (const candidate of [path.join(target, 'go'), path.join(target, 'bin', 'go')])
		if (await isExecutableFile(candidate)) return candidate;
	return undefined;
}

function foundList(installed: UsableGo[]): string {
	return installed.length === 0 ? 'none' : installed.map(g => `${versionName(g.version)} at ${g.path}`).join(', ');
}
