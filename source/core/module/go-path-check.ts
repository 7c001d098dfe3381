/**
 * A line-by-line port of golang.org/x/mod/module's path checks (CheckPath, CheckImportPath, checkElem,
 * SplitPathVersion) as vendored in Go 1.19 and 1.23, which behave identically. Each function returns Go's own
 * error text (or undefined) so the messages gotune shows are the ones `go` prints.
 */
import {goQuote, goQuoteRune} from './go-quote.js';

type Kind = 'module' | 'import';

const BAD_WINDOWS_NAMES = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap(n => [`COM${n}`, `LPT${n}`])];

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string) => c >= 'a' && c <= 'z';
const isUpper = (c: string) => c >= 'A' && c <= 'Z';

function modPathOK(c: string): boolean {
	return c === '-' || c === '.' || c === '_' || c === '~' || isDigit(c) || isUpper(c) || isLower(c);
}

function firstPathOK(c: string): boolean {
	return c === '-' || c === '.' || isDigit(c) || isLower(c);
}

/** What Go receives: argv is UTF-8, so a lone surrogate arrives as U+FFFD. */
export function asGoString(text: string): string {
	return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function checkElem(elem: string, kind: Kind): string | undefined {
	if (elem === '') return 'empty path element';
	if (/^\.+$/.test(elem)) return `invalid path element ${goQuote(elem)}`;
	if (elem.startsWith('.') && kind === 'module') return 'leading dot in path element';
	if (elem.endsWith('.')) return 'trailing dot in path element';
	for (const c of elem) {
		const ok = kind === 'module' ? modPathOK(c) : modPathOK(c) || c === '+';
		if (!ok) return `invalid char ${goQuoteRune(c)}`;
	}
	const dot = elem.indexOf('.');
	const short = dot >= 0 ? elem.slice(0, dot) : elem;
	if (BAD_WINDOWS_NAMES.some(bad => bad.toLowerCase() === short.toLowerCase())) {
		return `${goQuote(short)} disallowed as path element component on Windows`;
	}
	const tilde = short.lastIndexOf('~');
	if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
		return 'trailing tilde and digits in path element';
	}
	return undefined;
}

function checkPath(path: string, kind: Kind): string | undefined {
	if (path === '') return 'empty string';
	if (path.startsWith('-')) return 'leading dash';
	if (path.includes('//')) return 'double slash';
	if (path.endsWith('/')) return 'trailing slash';
	for (const elem of path.split('/')) {
		const error = checkElem(elem, kind);
		if (error !== undefined) return error;
	}
	return undefined;
}

/** module.CheckImportPath: the only path check `go mod init` applies, besides SplitPathVersion. */
export function checkImportPath(path: string): string | undefined {
	return checkPath(path, 'import');
}

/** module.CheckPath: what `go get` and the module proxy require of a module path others fetch. */
export function checkModulePath(path: string): string | undefined {
	const error = checkPath(path, 'module');
	if (error !== undefined) return error;
	const slash = path.indexOf('/');
	const first = slash < 0 ? path : path.slice(0, slash);
	if (slash === 0) return 'leading slash';
	if (!first.includes('.')) return 'missing dot in first path element';
	if (path.startsWith('-')) return 'leading dash in first path element';
	for (const c of first) if (!firstPathOK(c)) return `invalid char ${goQuoteRune(c)} in first path element`;
	if (!splitPathVersion(path).ok) return 'invalid version';
	return undefined;
}

export type PathVersion = {prefix: string; pathMajor: string; ok: boolean};

/** module.SplitPathVersion: "/vN" (N >= 2) suffixes, or gopkg.in's ".vN". */
export function splitPathVersion(path: string): PathVersion {
	if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
	let i = path.length;
	let dot = false;
	while (i > 0 && (isDigit(path[i - 1]) || path[i - 1] === '.')) {
		if (path[i - 1] === '.') dot = true;
		i--;
	}
	if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return {prefix: path, pathMajor: '', ok: true};
	const prefix = path.slice(0, i - 2);
	const pathMajor = path.slice(i - 2);
	if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return {prefix: path, pathMajor: '', ok: false};
	return {prefix, pathMajor, ok: true};
}

function splitGopkgIn(path: string): PathVersion {
	let i = path.length;
	if (path.endsWith('-unstable')) i -= '-unstable'.length;
	while (i > 0 && isDigit(path[i - 1])) i--;
	if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return {prefix: path, pathMajor: '', ok: false};
	const prefix = path.slice(0, i - 2);
	const pathMajor = path.slice(i - 2);
	if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return {prefix: path, pathMajor: '', ok: false};
	return {prefix, pathMajor, ok: true};
}

/** cmd/go's suggestModulePath: the fix `go mod init` prints for a bad /vN suffix. */
export function goSuggestModulePath(path: string): string {
	let i = path.length;
	while (i > 0 && (isDigit(path[i - 1]) || path[i - 1] === '.')) i--;
	let url = path.slice(0, i);
	if (url.endsWith('/v')) url = url.slice(0, -2);
	if (url.endsWith('/')) url = url.slice(0, -1);
	const major = (/\d+/.exec(path.slice(i))?.[0] ?? '').replace(/^0+/, '');
	return major === '' || major === '1' ? `${url}/v2` : `${url}/v${major}`;
}

/** cmd/go's suggestGopkgIn (it takes the first digit run of the whole path, as Go does). */
export function goSuggestGopkgIn(path: string): string {
	let i = path.length;
	while (i > 0 && (isDigit(path[i - 1]) || path[i - 1] === '.')) i--;
	let url = path.slice(0, i);
	for (const suffix of ['.v', '/v', '/']) if (url.endsWith(suffix)) url = url.slice(0, -suffix.length);
	const major = (/\d+/.exec(path)?.[0] ?? '').replace(/^0+/, '');
	return major === '' ? `${url}.v1` : `${url}.v${major}`;
}

export type GoInitCheck =
	| {accepted: true}
	/** `reason` is Go's short reason; `message` is everything `go mod init` prints, "go: " prefix included. */
	| {accepted: false; reason: string; message: string; goSuggestion?: string};

/** Exactly what modload.CreateModFile checks before writing go.mod (Go 1.19 and 1.23 alike). */
export function goModInitCheck(input: string): GoInitCheck {
	const path = asGoString(input);
	if (path === '') {
		// go mod init with no path tries to infer one; gotune always passes a path, so empty is refused here.
		return {accepted: false, reason: 'empty string', message: `go: malformed module path "": empty string`};
	}
	const error = checkImportPath(path);
	if (error !== undefined) {
		const local = path === '.' || path === '..' || path.startsWith('./') || path.startsWith('../');
		const reason = local ? 'is a local import path' : error;
		return {accepted: false, reason, message: `go: malformed module path ${goQuote(path)}: ${reason}`};
	}
	if (!splitPathVersion(path).ok) {
		const gopkg = path.startsWith('gopkg.in/');
		const goSuggestion = gopkg ? goSuggestGopkgIn(path) : goSuggestModulePath(path);
		const reason = gopkg
			? 'module paths beginning with gopkg.in/ must always have a major version suffix in the form of .vN'
			: 'major version suffixes must be in the form of /vN and are only allowed for v2 or later';
		return {
			accepted: false,
			reason,
			goSuggestion,
			message: `go: invalid module path ${goQuote(path)}: ${reason}:\n\tgo mod init ${goSuggestion}`,
		};
	}
	return {accepted: true};
}
