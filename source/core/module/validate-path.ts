/**
 * The module-path verdict gotune shows while the user types: pure and synchronous. Acceptance is exactly
 * `go mod init`'s (go-path-check.ts); on top of that come gotune's explanations and warnings for paths Go accepts
 * that cause trouble later. The final verdict is still confirmed by Go itself (confirm-path.ts).
 */
import {asGoString, checkModulePath, goModInitCheck, splitPathVersion} from './go-path-check.js';

export type PathWarning = {id: 'no-dot' | 'uppercase' | 'not-fetchable' | 'major-suffix' | 'major-missing'; message: string};

export type PathVerdict =
	| {accepted: true; path: string; warnings: PathWarning[]}
	| {
			accepted: false;
			path: string;
			/** What `go mod init PATH` prints, word for word. */
			goMessage: string;
			/** gotune's explanation: what is wrong, what is allowed, what to do. */
			explanation: string;
			/** A corrected path when one is obvious. */
			suggestion?: string;
			warnings: PathWarning[];
	  };

export type PathContext = {
	/** Semver tags of the repository (v1.2.3), used to check a /vN suffix against the released major version. */
	tags?: string[];
};

export function validateModulePath(input: string, context: PathContext = {}): PathVerdict {
	const go = goModInitCheck(input);
	if (!go.accepted) {
		const {explanation, suggestion} = explain(asGoString(input), go.reason, go.goSuggestion);
		return {
			accepted: false,
			path: input,
			goMessage: go.message,
			explanation,
			...(suggestion === undefined ? {} : {suggestion}),
			warnings: [],
		};
	}
	return {accepted: true, path: input, warnings: warningsFor(input, context)};
}

const ALLOWED = 'ASCII letters, digits and - . _ ~ (and + after the first element)';

function explain(path: string, reason: string, goSuggestion?: string): {explanation: string; suggestion?: string} {
	const invalidChar = /^invalid char '(.*)'$/.exec(reason);
	if (invalidChar) {
		const cleaned = path
			.trim()
			.replace(/\s+/g, '-')
			.normalize('NFKD')
			.replace(/[^A-Za-z0-9\-._~+/]/g, '');
		const what = /\s/.test(path) ? 'spaces' : /[^\x00-\x7f]/.test(path) ? 'non-ASCII letters' : `'${invalidChar[1]}'`;
		return withSuggestion(`Module paths may contain only ${ALLOWED}; ${what} are not allowed.`, cleaned, path);
	}
	switch (true) {
		case reason === 'empty string':
			return {explanation: 'Type a module path, for example example.com/you/project or github.com/you/project.'};
		case reason === 'leading dash':
			return withSuggestion('A module path cannot start with "-" (go would read it as a flag).', path.replace(/^-+/, ''), path);
		case reason === 'double slash':
			return withSuggestion('Two slashes in a row leave an empty element; use single slashes.', path.replace(/\/+/g, '/'), path);
		case reason === 'trailing slash':
			return withSuggestion('A module path cannot end with "/".', path.replace(/\/+$/, ''), path);
		case reason === 'empty path element':
			return withSuggestion('A module path is a name, not a file path: it cannot start with "/".', path.replace(/^\/+/, ''), path);
		case reason === 'is a local import path':
			return {
				explanation:
					'"./x" and "../x" are file paths relative to here; a module path names the module, for example example.com/you/project.',
			};
		case reason.startsWith('invalid path element'):
			return {explanation: 'An element made only of dots ("." or "..") is not allowed.'};
		case reason === 'trailing dot in path element':
			return withSuggestion(
				'An element cannot end with ".".',
				path
					.split('/')
					.map(e => e.replace(/\.+$/, ''))
					.join('/'),
				path,
			);
		case reason.endsWith('disallowed as path element component on Windows'):
			return {
				explanation: `${reason.split(' ')[0]} is a reserved device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also before a dot as in aux.txt), so such a module could not be checked out there. Choose another name for that element.`,
			};
		case reason === 'trailing tilde and digits in path element':
			return {
				explanation:
					'An element ending in "~" and digits looks like a Windows short name (PROGRA~1). Choose another name for that element.',
			};
		case reason.startsWith('module paths beginning with gopkg.in/'):
			return {explanation: 'gopkg.in paths name the major version with a .vN suffix, as in gopkg.in/yaml.v3.', suggestion: goSuggestion};
		case reason.startsWith('major version suffixes'): {
			const withoutSuffix = path.replace(/\/v[0-9.]*$/, '');
			const v01 = /\/v0*[01]$/.test(path) && goModInitCheck(withoutSuffix).accepted;
			return {
				explanation:
					'A /vN suffix is only for major version 2 and later, written without leading zeros or dots (/v2, /v3). Versions v0 and v1 have no suffix.',
				suggestion: v01 ? withoutSuffix : goSuggestion,
			};
		}
		default:
			return {explanation: `Go refuses this path (${reason}).`};
	}
}

function withSuggestion(explanation: string, candidate: string, original: string): {explanation: string; suggestion?: string} {
	return candidate !== original && candidate !== '' && goModInitCheck(candidate).accepted
		? {explanation, suggestion: candidate}
		: {explanation};
}

function warningsFor(path: string, {tags}: PathContext): PathWarning[] {
	const warnings: PathWarning[] = [];
	const first = path.split('/')[0] ?? '';
	const fetchError = checkModulePath(path);
	if (fetchError === 'missing dot in first path element') {
		warnings.push({
			id: 'no-dot',
			message: `"${first}" has no dot, so it is not a domain name: go get cannot fetch this module and other modules cannot depend on it (and Go reserves dot-less paths for the standard library). Fine for a program nobody imports; otherwise use a path like github.com/you/${path}.`,
		});
	} else if (fetchError !== undefined) {
		warnings.push({
			id: 'not-fetchable',
			message: `go mod init accepts this, but go get would refuse it (malformed module path: ${fetchError}), so other modules could never depend on it.`,
		});
	}
	if (/[A-Z]/.test(path)) {
		warnings.push({
			id: 'uppercase',
			message:
				'Uppercase letters: importers must match the case exactly, the module cache stores them as "!x" escapes, and on case-insensitive file systems paths differing only in case collide. Lowercase is the convention.',
		});
	}
	const major = majorWarning(path, tags ?? []);
	if (major) warnings.push(major);
	return warnings;
}

function majorWarning(path: string, tags: string[]): PathWarning | undefined {
	const {pathMajor} = splitPathVersion(path);
	const released = highestMajor(tags);
	if (pathMajor.startsWith('/v')) {
		const n = Number(pathMajor.slice(2));
		if (released === n) return undefined;
		return {
			id: 'major-suffix',
			message:
				released === undefined
					? `The ${pathMajor} suffix means this module is released as v${n}.x.y: tag it v${n}.0.0 or later, and importers must use the ${pathMajor} path. A new module usually starts without a suffix.`
					: `The ${pathMajor} suffix says major version ${n}, but the repository's newest tag is v${released}: tags and suffix must match (v${n}.x.y tags for ${pathMajor}).`,
		};
	}
	if (pathMajor === '' && released !== undefined && released >= 2) {
		return {
			id: 'major-missing',
			message: `The repository is tagged v${released}, but a module at v2 or later needs a /v${released} suffix: ${path}/v${released}.`,
		};
	}
	return undefined;
}

function highestMajor(tags: string[]): number | undefined {
	const majors = tags
		.map(t => /^v(\d+)\.\d+\.\d+/.exec(t)?.[1])
		.filter((m): m is string => m !== undefined)
		.map(Number);
	return majors.length === 0 ? undefined : Math.max(...majors);
}
