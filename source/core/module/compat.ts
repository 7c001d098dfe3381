/**
 * Can the installed go build a module with these `go` / `toolchain` lines, and what happens when it runs?
 * Pure; the rules are go-facts §6.3, checked against Go 1.19 and 1.23 by test/integration/module-detect.test.ts.
 */
import {compareGoVersions, parseLanguageVersion, type GoVersion} from '../version.js';

export type CompatStatus = 'ok' | 'warn' | 'error';

export type Compat = {
	status: CompatStatus;
	/** What happens when go runs here. */
	message: string;
	/** What to do. */
	fix?: string;
};

export type CompatInput = {
	file: 'go.mod' | 'go.work';
	goLine?: string;
	toolchainLine?: string;
	local: GoVersion;
	/** The user's effective GOTOOLCHAIN ('' for go < 1.21, which has no toolchain switching). */
	gotoolchain: string;
	goproxy?: string;
};

/** Go < 1.21 accepts only `go 1.N` (two parts): "invalid go version '1.22.0': must match format 1.23". */
const TWO_PART = /^[1-9][0-9]*\.(?:0|[1-9][0-9]*)$/;

export function compatibility(input: CompatInput): Compat {
	const {file, goLine, local} = input;
	const running = `go${local.major}.${local.minor}${local.patch === undefined ? '' : `.${local.patch}`}`;
	if (goLine === undefined) {
		return {
			status: 'ok',
			message: `${file} has no go line: Go treats it as go 1.16 and ${running} builds it`,
			fix: `go mod edit -go=${local.major}.${local.minor}   # record the language version you use`,
		};
	}
	const wanted = parseLanguageVersion(goLine);
	if (wanted === undefined) {
		return {
			status: 'error',
			message: `${file} has an unreadable go line "go ${goLine}"`,
			fix: `Write it as go 1.N or go 1.N.P, for example: go mod edit -go=${local.major}.${local.minor}`,
		};
	}
	if (local.minor < 21 && local.major === 1) return legacy(input, wanted, running);
	return modern(input, wanted, running);
}

/** Go 1.19/1.20: no toolchain switching, no three-part go lines, no toolchain directive. */
function legacy({file, goLine, toolchainLine}: CompatInput, wanted: GoVersion, running: string): Compat {
	const needs = `go ${wanted.major}.${wanted.minor}`;
	if (!TWO_PART.test(goLine!) || toolchainLine !== undefined) {
		const problems = [
			...(TWO_PART.test(goLine!) ? [] : [`the three-part line "go ${goLine}"`]),
			...(toolchainLine === undefined ? [] : [`the "toolchain ${toolchainLine}" line`]),
		];
		return {
			status: 'error',
			message: `${running} cannot parse ${problems.join(' or ')} in ${file} (written by Go 1.21 or later): every go command here fails with "errors parsing ${file}"`,
			fix: `Install Go ${wanted.major}.${wanted.minor} or later from https://go.dev/dl/, which reads this ${file} and switches toolchains as it asks`,
		};
	}
	if (newerThanLocal(wanted, running)) {
		return {
			status: 'warn',
			message: `${file} says ${needs} but this is ${running}: it still tries to build, and newer language features fail with "note: module requires Go ${wanted.major}.${wanted.minor}"`,
			fix: `Install Go ${wanted.major}.${wanted.minor} or later from https://go.dev/dl/`,
		};
	}
	return {status: 'ok', message: `${running} can build it (${file} says go ${goLine})`};
}

/** Go >= 1.21: GOTOOLCHAIN decides between refusing, switching from PATH, or downloading. */
function modern({file, goLine, toolchainLine, gotoolchain, goproxy}: CompatInput, wanted: GoVersion, running: string): Compat {
	const toolchain = toolchainLine === undefined ? undefined : parseLanguageVersion(toolchainLine.replace(/^go/, ''));
	const goNewer = newerThanLocal(wanted, running);
	const toolchainNewer = toolchain !== undefined && newerThanLocal(toolchain, running);
	const target =
		toolchainNewer && compareGoVersions(toolchain!, wanted) > 0 ? toolchainLine! : goNewer ? toolchainName(goLine!) : undefined;
	const mode = gotoolchain === '' ? 'auto' : gotoolchain;
	if (target === undefined)
		return {
			status: 'ok',
			message: `${running} can build it (${file} says go ${goLine}${toolchainLine ? `, toolchain ${toolchainLine}` : ''})`,
		};
	const install = `install ${target} from https://go.dev/dl/`;
	if (mode === 'local') {
		if (!goNewer)
			return {status: 'ok', message: `${running} builds it; the "toolchain ${toolchainLine}" line is ignored because GOTOOLCHAIN=local`};
		return {
			status: 'error',
			message: `${file} requires go >= ${goLine} and GOTOOLCHAIN=local forbids switching: every build fails with "go: ${file === 'go.mod' ? 'go.mod' : 'go.work'} requires go >= ${goLine} (running go ${running.slice(2)}; GOTOOLCHAIN=local)"`,
			fix: `${install}, or go env -w GOTOOLCHAIN=auto to let go download ${target}`,
		};
	}
	if (mode === 'path' || mode.endsWith('+path')) {
		return {
			status: 'warn',
			message: `go switches to ${target} for this module and looks for it on PATH only (GOTOOLCHAIN=${mode}); without it every build fails`,
			fix: install,
		};
	}
	if (mode === 'auto' || mode.endsWith('+auto')) {
		const proxy = goproxy ? ` through GOPROXY=${goproxy}` : '';
		return {
			status: 'warn',
			message: `go switches to ${target} for this module (GOTOOLCHAIN=${mode}): the first go command downloads it${proxy} ("go: downloading ${target}"); offline that fails with "toolchain not available"`,
			fix: `${install} to have it locally, or go env -w GOTOOLCHAIN=local to refuse switching`,
		};
	}
	return {status: 'ok', message: `GOTOOLCHAIN=${mode} pins the toolchain; ${file} asks for ${target}`};
}

function newerThanLocal(wanted: GoVersion, running: string): boolean {
	return compareGoVersions(wanted, parseLanguageVersion(running.slice(2))!) > 0;
}

/** A go line names a language version; the toolchain go switches to for "1.22" is go1.22.0 (go-facts §6.3). */
function toolchainName(goLine: string): string {
	return /^\d+\.\d+$/.test(goLine) ? `go${goLine}.0` : `go${goLine}`;
}
