import {CONTEXT, CONTINUATION, matchLine, PROGRESS} from './patterns.js';
import type {Finding} from './types.js';

/** One distinct problem in go's output: what the first line said, merged with later lines about the same thing. */
export type Matched = {finding: Finding; lines: string[]};

/**
 * Splits go's output into distinct problems and the lines nothing explains. Pure: no settings, no I/O. A problem is
 * distinct by class and subject (the same module failing in five packages is one problem). Lines are never guessed
 * at: a line is explained only when a pattern matches it, it continues a matched message, or it is context
 * ("m imports") that leads to one.
 */
export function matchOutput(text: string, moduleCache?: string): {matched: Matched[]; unrecognised: string[]} {
	const matched: Matched[] = [];
	const unrecognised: Array<{line: string; block: number}> = [];
	let pending: string[] = [];
	let current: Matched | undefined;
	// Compile errors under a "# pkg" header belong to a go 1.19-1.20 "note: module requires Go X" that ends the block.
	let block = 0;
	for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
		const line = raw.replace(/\s+$/, '');
		const finding = matchLine(line) ?? moduleCacheLine(line, moduleCache);
		if (finding) {
			current = merge(matched, finding);
			if (line.startsWith('note: module requires Go')) {
				let first = unrecognised.length;
				while (first > 0 && unrecognised[first - 1]!.block === block) first--;
				current.lines.push(...unrecognised.splice(first).map(u => u.line));
			}
			current.lines.push(...pending, line);
			pending = [];
			continue;
		}
		if (PROGRESS.test(line)) continue;
		if (CONTEXT.test(line)) {
			if (line.startsWith('# ')) block++;
			pending.push(line);
			continue;
		}
		if (current && pending.length === 0 && CONTINUATION.test(line)) {
			current.lines.push(line);
			continue;
		}
		for (const context of pending) unrecognised.push({line: context, block});
		pending = [];
		current = undefined;
		unrecognised.push({line, block});
	}
	for (const context of pending) unrecognised.push({line: context, block});
	return {matched, unrecognised: unrecognised.map(u => u.line)};
}

function merge(matched: Matched[], finding: Finding): Matched {
	// A SECURITY ERROR banner follows the "checksum mismatch" line it explains: one problem, not two.
	const same = matched.find(
		m => m.finding.class === finding.class && (m.finding.subject === finding.subject || finding.subject === undefined),
	);
	if (same) {
		if (same.finding.subject === undefined && finding.subject !== undefined) same.finding = finding;
		else same.finding.facts = {...finding.facts, ...same.finding.facts};
		return same;
	}
	const entry = {finding, lines: []};
	matched.push(entry);
	return entry;
}

/**
 * A file operation refused under MODULE_CACHE (this machine's GOMODCACHE, wherever it is): go words these many ways
 * ("writing stat cache: mkdir ...", "go: mkdir ..."), and the path is what says it is the module cache.
 */
function moduleCacheLine(line: string, moduleCache: string | undefined): Finding | undefined {
	if (!moduleCache) return undefined;
	const path = /\b(?:open|mkdir|rename|remove|write|chmod) (\S+): permission denied/.exec(line)?.[1];
	if (path === undefined || (path !== moduleCache && !path.startsWith(`${moduleCache.replace(/\/+$/, '')}/`))) return undefined;
	return {class: 'module-cache-permission', facts: {path}};
}
