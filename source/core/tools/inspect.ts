import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../env.js';
import {GoAdapter, goError} from '../go-adapter.js';
import {findUp} from '../module/detect.js';
import {parseModText} from '../module/gomod-text.js';
import {isOnPath} from '../toolchain.js';
import {compareGoVersions, parseGoVersionOutput, parseLanguageVersion, type GoVersion} from '../version.js';
import {isExecutableFile, which} from '../which.js';
import {parseBuildInfo, type BuildInfo} from './build-info.js';
import {KNOWN_TOOLS, type KnownTool} from './known.js';

/** Where `go install` puts programs: GOBIN, else the first GOPATH entry's bin (go help gopath). */
export type ToolsDir = {dir: string; from: 'GOBIN' | 'GOPATH/bin'; onPath: boolean};

/** The go a tool should have been built with at least: the project's go line, else the go that runs here. */
export type Reference = {version: string; from: 'go.mod' | 'go'; file?: string};

export type ToolState = {
	name: string;
	role: string;
	module: string;
	/** The package go install builds. */
	pkg: string;
	defaultVersion: string;
	/** The binary a shell runs (first on PATH), else the one in the tools directory; absent: not found. */
	path?: string;
	/** Whether `name` runs that binary from a shell (false: it is only in a tools directory that is not on PATH). */
	onPath: boolean;
	/** The module version it was built from ("(devel)" for a checkout build), from `go version -m`. */
	version?: string;
	/** The go that built it, from `go version -m`. */
	builtWith?: string;
	/** Built with a go older (major.minor) than the reference: gopls and the linters then misread newer code. */
	stale: boolean;
	/** `go version -m` could not read it (not a Go program, unreadable). */
	error?: string;
};

export type ToolsReport = {
	/** The go whose settings and `go version -m` were used; absent when there is none (nothing could be read). */
	go?: string;
	toolsDir?: ToolsDir;
	reference?: Reference;
	tools: ToolState[];
};

/**
 * Finds each known tool (PATH, then GOBIN or GOPATH/bin), and asks go what built it (`go version -m`, every binary
 * at once). KNOWN is GOBIN/GOPATH as go reports them when the caller already ran go env (doctor), to save a go run.
 */
export async function inspectTools(
	{env, cwd}: {env: Env; cwd: string},
	goBin: string | undefined,
	options: {known?: Record<string, string>; goVersion?: GoVersion; signal?: AbortSignal} = {},
): Promise<ToolsReport> {
	const go = goBin === undefined ? undefined : new GoAdapter(goBin, env, cwd, options.signal);
	const [toolsDir, reference] = await Promise.all([
		go ? toolsDirectory(go, env, options.known) : Promise.resolve(undefined),
		referenceVersion(cwd, async () => options.goVersion ?? (go ? goVersionOf(go) : undefined)),
	]);
	const listed = await Promise.all(KNOWN_TOOLS.map(async tool => inspectOne(tool, env, go, toolsDir, reference)));
	return {
		...(goBin ? {go: goBin} : {}),
		...(toolsDir ? {toolsDir} : {}),
		...(reference ? {reference} : {}),
		tools: listed.filter(tool => tool.path !== undefined || KNOWN_TOOLS.find(k => k.name === tool.name)?.optional !== true),
	};
}

async function inspectOne(
	tool: KnownTool,
	env: Env,
	go: GoAdapter | undefined,
	toolsDir: ToolsDir | undefined,
	reference: Reference | undefined,
): Promise<ToolState> {
	const base = {name: tool.name, role: tool.role, module: tool.module, pkg: tool.pkg, defaultVersion: tool.defaultVersion, stale: false};
	const onPath = await which(tool.name, env);
	const inDir = toolsDir && (await isExecutableFile(path.join(toolsDir.dir, tool.name))) ? path.join(toolsDir.dir, tool.name) : undefined;
	const binary = onPath ?? inDir;
	if (binary === undefined) return {...base, onPath: false};
	const state: ToolState = {...base, path: binary, onPath: onPath !== undefined};
	if (go === undefined) return state;
	const read = await readBuildInfo(go, binary);
	if ('error' in read) return {...state, error: read.error};
	const {info} = read;
	return {
		...state,
		...(info.module ? {version: info.module.version} : {}),
		builtWith: info.goVersion,
		stale: reference !== undefined && info.go !== undefined && olderLanguage(info.go, reference.version),
	};
}

/** `go version -m BINARY` through the adapter: what built it. Go's own words when it cannot tell. */
export async function readBuildInfo(go: GoAdapter, binary: string): Promise<{info: BuildInfo} | {error: string}> {
	// GOTOOLCHAIN=local: reading a binary never needs another toolchain (and must not download one).
	const run = await go.run(['version', '-m', binary], {env: {GOTOOLCHAIN: 'local', GOFLAGS: undefined}, timeoutMs: 15_000});
	const info = run.exitCode === 0 ? parseBuildInfo(run.stdout, binary) : undefined;
	if (info) return {info};
	return {error: run.exitCode === 0 ? `${binary} carries no Go build information` : goError(run)};
}

function olderLanguage(builtWith: GoVersion, reference: string): boolean {
	const wanted = parseLanguageVersion(reference.replace(/^go/, ''));
	if (wanted === undefined) return false;
	// Tools care about the language (major.minor): go1.26.8 reads a go 1.26.9 module fine, go1.25 does not read 1.26.
	return (
		compareGoVersions(
			{...builtWith, patch: undefined, prerelease: undefined, devel: false},
			{...wanted, patch: undefined, prerelease: undefined},
		) < 0
	);
}

async function toolsDirectory(go: GoAdapter, env: Env, known?: Record<string, string>): Promise<ToolsDir | undefined> {
	let values = known;
	if (values === undefined || values['GOPATH'] === undefined) {
		const {values: asked} = await go.envJson({env: {GOTOOLCHAIN: 'local'}, timeoutMs: 15_000}, ['GOBIN', 'GOPATH']);
		values = asked;
	}
	if (values === undefined) return undefined;
	const gobin = values['GOBIN'] ?? '';
	const first = (values['GOPATH'] ?? '').split(path.delimiter)[0] ?? '';
	if (gobin === '' && first === '') return undefined;
	const dir = gobin !== '' ? gobin : path.join(first, 'bin');
	// Go 1.27 reports GOBIN's default (GOPATH/bin) even when nobody set it: named by where it is, not by the key.
	const fromGopath = first !== '' && path.resolve(dir) === path.resolve(first, 'bin');
	return {dir, from: fromGopath ? 'GOPATH/bin' : 'GOBIN', onPath: isOnPath(dir, env)};
}

/** The go line of the go.mod above CWD (the project's language), else the version of the go that runs here. */
async function referenceVersion(cwd: string, goVersion: () => Promise<GoVersion | undefined>): Promise<Reference | undefined> {
	const goMod = await findUp(cwd, 'go.mod');
	const line = goMod === undefined ? undefined : parseModText(await readFile(goMod, 'utf8').catch(() => '')).go;
	if (goMod !== undefined && line !== undefined && parseLanguageVersion(line) !== undefined)
		return {version: line, from: 'go.mod', file: goMod};
	const version = await goVersion();
	return version && !version.devel ? {version: version.raw.replace(/^go/, '').split(/\s+/)[0]!, from: 'go'} : undefined;
}

async function goVersionOf(go: GoAdapter): Promise<GoVersion | undefined> {
	const run = await go.run(['version'], {env: {GOTOOLCHAIN: 'local'}, timeoutMs: 15_000});
	return run.exitCode === 0 ? parseGoVersionOutput(run.stdout) : undefined;
}
