/**
 * Go's module-path pattern matching, ported line by line so gotune's answers agree with the go command:
 * path.Match (Go 1.19 = 1.23) and golang.org/x/mod/module.MatchPrefixPatterns, which GOPRIVATE, GONOPROXY, GONOSUMDB
 * and GOINSECURE all use (private-patterns.md). Strings are handled as code points, as Go's rune decoding does.
 */

export class BadPattern extends Error {
	constructor() {
		super('syntax error in pattern');
	}
}

/** path.Match: true when NAME matches the shell pattern; throws BadPattern for a malformed pattern. */
export function pathMatch(pattern: string, name: string): boolean {
	let pat = [...pattern];
	let str = [...name];
	outer: while (pat.length > 0) {
		const scanned = scanChunk(pat);
		const {star, chunk} = scanned;
		pat = scanned.rest;
		if (star && chunk.length === 0) return !str.includes('/');
		const first = matchChunk(chunk, str);
		if (first.ok && (first.rest.length === 0 || pat.length > 0)) {
			str = first.rest;
			continue;
		}
		if (first.error) throw new BadPattern();
		if (star) {
			for (let i = 0; i < str.length && str[i] !== '/'; i++) {
				const next = matchChunk(chunk, str.slice(i + 1));
				if (next.ok) {
					if (pat.length === 0 && next.rest.length > 0) continue;
					str = next.rest;
					continue outer;
				}
				if (next.error) throw new BadPattern();
			}
		}
		// Before returning false, make sure the rest of the pattern is well formed (Go 1.16+ behaviour).
		while (pat.length > 0) {
			const more = scanChunk(pat);
			pat = more.rest;
			if (matchChunk(more.chunk, []).error) throw new BadPattern();
		}
		return false;
	}
	return str.length === 0;
}

function scanChunk(pattern: string[]): {star: boolean; chunk: string[]; rest: string[]} {
	let start = 0;
	let star = false;
	while (start < pattern.length && pattern[start] === '*') {
		start++;
		star = true;
	}
	const p = pattern.slice(start);
	let inRange = false;
	let i = 0;
	scan: for (; i < p.length; i++) {
		switch (p[i]) {
			case '\\':
				if (i + 1 < p.length) i++;
				break;
			case '[':
				inRange = true;
				break;
			case ']':
				inRange = false;
				break;
			case '*':
				if (!inRange) break scan;
				break;
			default:
				break;
		}
	}
	return {star, chunk: p.slice(0, i), rest: p.slice(i)};
}

type ChunkMatch = {rest: string[]; ok: boolean; error: boolean};

function matchChunk(chunkIn: string[], sIn: string[]): ChunkMatch {
	let chunk = chunkIn;
	let s = sIn;
	let failed = false;
	const bad: ChunkMatch = {rest: [], ok: false, error: true};
	while (chunk.length > 0) {
		if (!failed && s.length === 0) failed = true;
		const c = chunk[0]!;
		if (c === '[') {
			let r = '';
			if (!failed) {
				r = s[0]!;
				s = s.slice(1);
			}
			chunk = chunk.slice(1);
			let negated = false;
			if (chunk.length > 0 && chunk[0] === '^') {
				negated = true;
				chunk = chunk.slice(1);
			}
			let match = false;
			let nrange = 0;
			for (;;) {
				if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
					chunk = chunk.slice(1);
					break;
				}
				const lo = getEsc(chunk);
				if (lo === undefined) return bad;
				chunk = lo.rest;
				let hi = lo.rune;
				if (chunk[0] === '-') {
					const high = getEsc(chunk.slice(1));
					if (high === undefined) return bad;
					hi = high.rune;
					chunk = high.rest;
				}
				const code = r === '' ? -1 : r.codePointAt(0)!;
				if (lo.rune.codePointAt(0)! <= code && code <= hi.codePointAt(0)!) match = true;
				nrange++;
			}
			if (match === negated) failed = true;
			continue;
		}
		if (c === '?') {
			if (!failed) {
				if (s[0] === '/') failed = true;
				s = s.slice(1);
			}
			chunk = chunk.slice(1);
			continue;
		}
		let literal = c;
		if (c === '\\') {
			chunk = chunk.slice(1);
			if (chunk.length === 0) return bad;
			literal = chunk[0]!;
		}
		if (!failed) {
			if (literal !== s[0]) failed = true;
			s = s.slice(1);
		}
		chunk = chunk.slice(1);
	}
	return failed ? {rest: [], ok: false, error: false} : {rest: s, ok: true, error: false};
}

function getEsc(chunkIn: string[]): {rune: string; rest: string[]} | undefined {
	let chunk = chunkIn;
	if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') return undefined;
	if (chunk[0] === '\\') {
		chunk = chunk.slice(1);
		if (chunk.length === 0) return undefined;
	}
	const rune = chunk[0]!;
	const rest = chunk.slice(1);
	// U+FFFD stands for an invalid UTF-8 byte here, which Go reports as a bad pattern.
	if (rune === '\uFFFD' || rest.length === 0) return undefined;
	return {rune, rest};
}

/** One element of a comma-separated pattern list, and what Go does with it. */
export type PatternElement = {
	/** The element exactly as written (never trimmed, as Go does not trim). */
	raw: string;
	/** ignored: Go skips it silently (empty, malformed); suspicious: Go uses it but it probably never matches what was meant. */
	status: 'ok' | 'ignored' | 'suspicious';
	/** Why, in words. */
	note?: string;
};

/** Every element of GLOBS with Go's verdict: empty and malformed patterns are ignored without a word from Go; gotune says so. */
export function describePatterns(globs: string): PatternElement[] {
	if (globs === '') return [];
	return globs.split(',').map(raw => {
		const glob = raw.endsWith('/') ? raw.slice(0, -1) : raw;
		if (glob === '') return {raw, status: 'ignored', note: 'empty pattern: Go skips it'};
		try {
			pathMatch(glob, '');
		} catch {
			return {raw, status: 'ignored', note: `malformed pattern "${raw}" (path.Match syntax error): Go ignores it silently`};
		}
		if (/\s/.test(raw))
			return {
				raw,
				status: 'suspicious',
				note: `"${raw}" contains white space: Go does not trim patterns, so it never matches a module path`,
			};
		if (/[A-Z]/.test(raw) && !/[[\\]/.test(raw))
			return {
				raw,
				status: 'suspicious',
				note: `"${raw}" has upper-case letters: matching is case-sensitive and module hosts are lower-case`,
			};
		return {raw, status: 'ok'};
	});
}

/**
 * module.MatchPrefixPatterns: the first pattern of GLOBS matching a path prefix of TARGET (as many elements as the
 * pattern has), or undefined. Returns the element as written (with its trailing slash, if any).
 */
export function matchingPattern(globs: string, target: string): string | undefined {
	let rest = globs;
	while (rest !== '') {
		let raw: string;
		const comma = rest.indexOf(',');
		if (comma >= 0) {
			raw = rest.slice(0, comma);
			rest = rest.slice(comma + 1);
		} else {
			raw = rest;
			rest = '';
		}
		const glob = raw.endsWith('/') ? raw.slice(0, -1) : raw;
		if (glob === '') continue;
		let n = [...glob].filter(c => c === '/').length;
		let prefix = target;
		for (let i = 0; i < target.length; i++) {
			if (target[i] === '/') {
				if (n === 0) {
					prefix = target.slice(0, i);
					break;
				}
				n--;
			}
		}
		if (n > 0) continue;
		let matched = false;
		try {
			matched = pathMatch(glob, prefix);
		} catch {
			matched = false;
		}
		if (matched) return raw;
	}
	return undefined;
}

export function matchPrefixPatterns(globs: string, target: string): boolean {
	return matchingPattern(globs, target) !== undefined;
}
