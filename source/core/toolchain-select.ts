/**
 * Which toolchain `go` actually runs in a directory: the base go, or one it switches to because of GOTOOLCHAIN and
 * the go.work / go.mod `go` and `toolchain` lines. A reading of cmd/go/internal/toolchain/select.go (Select, Exec,
 * modGoToolchain) as of Go 1.26, checked against real `go env GOVERSION` by test/integration/toolchain-select.test.ts.
 * Base go older than 1.21 knows nothing of GOTOOLCHAIN and always runs itself.
 */
import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from './env.js';
import {findUp} from './module/detect.js';
import {parseModText} from './module/gomod-text.js';
import {compareGoVersions, parseGoVersion, parseLanguageVersion, type GoVersion} from './version.js';
import {whichAll} from './which.js';

export type ToolchainChoice = {
	/** The base go's own version (go1.26.8). */
	base: string;
	/** GOTOOLCHAIN as the base go reads it ('' when go < 1.21, which ignores it). */
	gotoolchain: string;
	/** The go.work or go.mod whose lines were read (undefined outside a module, or when no switching can happen). */
	file?: string;
	goLine?: string;
	toolchainLine?: string;
	/** The toolchain go runs here ('go1.27.3'), or the base version when it runs itself. */
	runs: string;
	/** Why, in one sentence. */
	reason: string;
	/**
	 * Where that toolchain comes from: the base go itself; a goX.Y.Z command on PATH; golang.org/toolchain in the
	 * module cache; a download through GOPROXY on the next go command (only in auto mode); or nowhere (go fails).
	 */
	location: 'base' | 'path' | 'module-cache' | 'download' | 'none';
	/** The binary go executes (base go, PATH entry or module-cache bin/go); absent for download/none. */
	binary?: string;
	/** What go prints when it cannot run here (GOTOOLCHAIN=local with a newer go line, +path without the binary, a bad value). */
	error?: string;
};

export type SelectInput = {
	baseVersion: GoVersion;
	baseBinary: string;
	/** GOTOOLCHAIN as the base go reads it (process, GOENV file, $GOROOT/go.env). */
	gotoolchain: string;
	/** Directory go would run in. */
	dir: string;
	env: Env;
	/** GOMODCACHE in force (where downloaded toolchains live). */
	gomodcache: string;
	/** GOWORK as the environment sets it: 'off', a path, or undefined to search. */
	gowork?: string;
	/** GOOS/GOARCH of the base go: the toolchain module is golang.org/toolchain@v0.0.1-goX.linux-amd64. */
	goos: string;
	goarch: string;
};

export async function selectToolchain(input: SelectInput): Promise<ToolchainChoice> {
	const base = input.baseVersion.raw.split(/\s+/)[0] ?? input.baseVersion.raw;
	const baseChoice = {base, gotoolchain: input.gotoolchain};
	const local = (reason: string, extra: Partial<ToolchainChoice> = {}): ToolchainChoice => ({
		...baseChoice,
		runs: base,
		reason,
		location: 'base',
		binary: input.baseBinary,
		...extra,
	});
	if (input.baseVersion.major === 1 && input.baseVersion.minor < 21 && !input.baseVersion.devel)
		return local(`${base} is older than Go 1.21 and ignores GOTOOLCHAIN: it always runs itself`, {gotoolchain: ''});

	const value = input.gotoolchain;
	if (value === '') return local('GOTOOLCHAIN is empty (its $GOROOT/go.env line was removed): go runs itself');
	let minToolchain = base;
	let minVersion = input.baseVersion;
	let mode: '' | 'auto' | 'path';
	if (value === 'auto' || value === 'path') mode = value;
	else {
		const [min, suffix] = splitOnce(value, '+');
		if (min !== 'local') {
			const v = versionOfToolchain(min);
			if (v === undefined) {
				const error =
					suffix === undefined ? `invalid GOTOOLCHAIN "${value}"` : `invalid GOTOOLCHAIN "${value}": invalid minimum toolchain "${min}"`;
				return {...baseChoice, runs: base, reason: error, location: 'none', error: `go: ${error}`};
			}
			minToolchain = min;
			minVersion = v;
		}
		if (suffix !== undefined && suffix !== 'auto' && suffix !== 'path') {
			const error = `invalid GOTOOLCHAIN "${value}": only version suffixes are +auto and +path`;
			return {...baseChoice, runs: base, reason: error, location: 'none', error: `go: ${error}`};
		}
		mode = suffix ?? '';
	}

	let target = minToolchain;
	let reason =
		minToolchain === base ? `GOTOOLCHAIN=${value}: go runs itself` : `GOTOOLCHAIN=${value} names ${minToolchain} as the toolchain to run`;
	const lines = mode === '' ? undefined : await modLines(input);
	const extra: Partial<ToolchainChoice> = lines ? {file: lines.file, goLine: lines.go, toolchainLine: lines.toolchain} : {};
	const shortFile = lines ? path.basename(lines.file) : '';
	if (lines && lines.toolchain !== 'default') {
		if (lines.toolchain !== undefined) {
			const toolVersion = versionOfToolchain(lines.toolchain);
			if (toolVersion === undefined || (!lines.toolchain.startsWith('go') && !lines.toolchain.includes('-go'))) {
				const error = `go: invalid toolchain "${lines.toolchain}" in ${shortFile}`;
				return {...baseChoice, ...extra, runs: base, reason: error.slice(4), location: 'none', error};
			}
			if (compareGoVersions(toolVersion, minVersion) > 0) {
				target = lines.toolchain;
				minVersion = toolVersion;
				reason = `${shortFile}'s toolchain line asks for ${target} and GOTOOLCHAIN=${value} allows switching`;
			}
		}
		const goVersion = lines.go === undefined ? undefined : parseLanguageVersion(lines.go);
		if (goVersion !== undefined && compareGoVersions(goVersion, minVersion) > 0) {
			const lang = goVersion.patch === undefined && goVersion.prerelease === undefined;
			target = `go${lines.go}${lang && goVersion.minor >= 21 ? '.0' : ''}`;
			minVersion = goVersion;
			reason = `${shortFile} says go ${lines.go}, newer than ${base}, and GOTOOLCHAIN=${value} allows switching to ${target}`;
		}
	} else if (lines?.toolchain === 'default') {
		reason = `${shortFile} says "toolchain default": go runs ${minToolchain === base ? 'itself' : minToolchain}`;
	}

	if (target === 'local' || target === base) {
		if (mode === '') {
			// No switching allowed: a go line newer than the base go is an error on every command (go-facts §6.3).
			const own = await modLines(input);
			const needs = own?.go === undefined ? undefined : parseLanguageVersion(own.go);
			if (own && needs && compareGoVersions(needs, input.baseVersion) > 0) {
				const name = path.basename(own.file);
				return local(`GOTOOLCHAIN=${value} forbids switching, but ${name} requires go >= ${own.go}`, {
					file: own.file,
					goLine: own.go,
					...(own.toolchain ? {toolchainLine: own.toolchain} : {}),
					error: `go: ${name} requires go >= ${own.go} (running go ${base.slice(2)}; GOTOOLCHAIN=${value})`,
				});
			}
			return local(`GOTOOLCHAIN=${value}: go runs itself`);
		}
		if (lines === undefined) return local(`GOTOOLCHAIN=${value}, and no go.mod or go.work here asks for another go: go runs itself`);
		if (lines.toolchain === 'default') return local(reason, extra);
		const asked = [lines.go ? `go ${lines.go}` : undefined, lines.toolchain ? `toolchain ${lines.toolchain}` : undefined].filter(Boolean);
		return local(
			`GOTOOLCHAIN=${value}; ${shortFile} (${asked.join(', ') || 'no go line'}) asks for nothing newer than ${base}: go runs itself`,
			extra,
		);
	}
	if (!target.startsWith('go1') && !target.includes('-go1')) {
		const error = `go: invalid GOTOOLCHAIN "${target}"`;
		return {...baseChoice, ...extra, runs: target, reason: error.slice(4), location: 'none', error};
	}

	// Exec: a goX.Y.Z command on PATH first (auto and path), then (auto only) the module cache or a download.
	const onPath = (await whichAll(target, input.env))[0];
	if (onPath !== undefined) return {...baseChoice, ...extra, runs: target, reason, location: 'path', binary: onPath};
	const pathOnly = value === 'path' || value.endsWith('+path');
	if (pathOnly) {
		const error = `go: cannot find "${target}" in PATH`;
		return {...baseChoice, ...extra, runs: target, reason, location: 'none', error};
	}
	const cached = await cachedToolchain(input.gomodcache, target, input.goos, input.goarch);
	if (cached !== undefined) return {...baseChoice, ...extra, runs: target, reason, location: 'module-cache', binary: cached};
	return {...baseChoice, ...extra, runs: target, reason, location: 'download'};
}

/** golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/bin/go in the module cache, when go has unpacked it there. */
export async function cachedToolchain(gomodcache: string, toolchain: string, goos: string, goarch: string): Promise<string | undefined> {
	if (gomodcache === '') return undefined;
	const dir = path.join(gomodcache, 'golang.org', `toolchain@${toolchainModuleVersion(toolchain, goos, goarch)}`);
	const binary = path.join(dir, 'bin', 'go');
	// go treats the directory as downloaded only with its .ziphash beside the zip (modfetch.DownloadDir).
	const ziphash = path.join(
		gomodcache,
		'cache',
		'download',
		'golang.org',
		'toolchain',
		'@v',
		`${toolchainModuleVersion(toolchain, goos, goarch)}.ziphash`,
	);
	const [bin, hash] = await Promise.all([stat(binary).catch(() => undefined), stat(ziphash).catch(() => undefined)]);
	return bin?.isFile() && hash?.isFile() ? binary : undefined;
}

/** Every toolchain go has unpacked in this module cache, newest first: [{toolchain, binary}]. */
export async function cachedToolchains(gomodcache: string): Promise<Array<{toolchain: string; binary: string}>> {
	const names = await readdir(path.join(gomodcache, 'golang.org')).catch(() => [] as string[]);
	return names
		.map(name => /^toolchain@v0\.0\.1-(go[^.]+\.[^.]+(?:\.[^.]+)?)\.[a-z0-9]+-[a-z0-9]+$/.exec(name))
		.filter((m): m is RegExpExecArray => m !== null)
		.map(m => ({toolchain: m[1]!, binary: path.join(gomodcache, 'golang.org', m[0], 'bin', 'go')}))
		.sort((a, b) => compareGoVersions(parseGoVersion(b.toolchain) ?? ZERO, parseGoVersion(a.toolchain) ?? ZERO));
}

const ZERO = parseGoVersion('go1.0')!;

/** v0.0.1-go1.27.3.linux-amd64: the version under which the proxy serves a toolchain (cmd/go/internal/toolchain). */
export function toolchainModuleVersion(toolchain: string, goos: string, goarch: string): string {
	return `v0.0.1-${toolchain}.${goos}-${goarch}`;
}

/** gover.FromToolchain: go1.27.3 → 1.27.3, gccgo-go1.21 → 1.21 (the part after the last "-go"). */
function versionOfToolchain(name: string): GoVersion | undefined {
	let text: string | undefined;
	if (name.startsWith('go')) text = name;
	else {
		const at = name.lastIndexOf('-go');
		if (at >= 0) text = name.slice(at + 1);
	}
	if (text === undefined) return undefined;
	// A custom suffix (go1.21.1-foo) is ignored for the version.
	const clean = text.replace(/-.*$/, '');
	const version = parseGoVersion(clean);
	return version?.devel === false ? version : undefined;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** modGoToolchain: the go.work in use (GOWORK, else found upward), else the go.mod found upward. */
async function modLines(input: SelectInput): Promise<{file: string; go?: string; toolchain?: string} | undefined> {
	const gowork = input.gowork ?? nonEmpty(input.env, 'GOWORK');
	let file: string | undefined;
	if (gowork !== 'off') {
		file = gowork === undefined ? await findUp(input.dir, 'go.work') : path.resolve(input.dir, gowork);
		if (
			file !== undefined &&
			!(await stat(file).then(
				s => s.isFile(),
				() => false,
			))
		)
			file = undefined;
	}
	file ??= await findUp(input.dir, 'go.mod');
	if (file === undefined) return undefined;
	const text = await readFile(file, 'utf8').catch(() => undefined);
	if (text === undefined) return undefined;
	const parsed = parseModText(text);
	return {file, ...(parsed.go ? {go: parsed.go} : {}), ...(parsed.toolchain ? {toolchain: parsed.toolchain} : {})};
}
