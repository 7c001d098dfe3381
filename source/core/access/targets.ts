import {describePatterns, matchingPattern} from '../proxy/match.js';
import {checkModulePath} from '../module/go-path-check.js';
import {modulePathFromRemote} from '../module/suggest-path.js';

/** One host whose modules go fetches directly (GOPRIVATE/GONOPROXY), with the modules known there and the patterns naming them. */
export type AccessTarget = {
	host: string;
	patterns: string[];
	/** Module paths on this host that match a pattern (or were named); the first is the one probed. */
	modules: string[];
};

/** Where module paths come from: what the user named, the repository's git remotes, go.mod's module line and requirements. */
export type KnownModules = {named: string[]; remotes: string[]; goMod: string[]};

/** True when ARG reads as a module path (no glob characters and valid by go's rules); else it is taken as a pattern. */
export function isModuleArg(arg: string): boolean {
	return !/[*?[\]]/.test(arg) && checkModulePath(arg) === undefined;
}

/** Why ARG is neither a module path nor a valid pattern; undefined when it is one of them. */
export function argProblem(arg: string): string | undefined {
	if (isModuleArg(arg)) return undefined;
	if (arg === '' || arg.includes(',')) return 'give one module path or pattern per argument, without commas';
	const [element] = describePatterns(arg);
	if (element?.status === 'ignored') return element.note ?? 'not a valid pattern';
	if (/[*?[\]]/.test(arg)) return undefined;
	return checkModulePath(arg);
}

/** Module paths from `git remote -v` output lines. */
export function modulesFromRemotes(remoteLines: string): string[] {
	const out: string[] = [];
	for (const line of remoteLines.split('\n')) {
		const url = line.split(/\s+/)[1];
		const modulePath = url === undefined ? undefined : modulePathFromRemote(url);
		if (modulePath !== undefined && checkModulePath(modulePath) === undefined && !out.includes(modulePath)) out.push(modulePath);
	}
	return out;
}

/**
 * The hosts to check: every known module that a private pattern (GOPRIVATE/GONOPROXY in force, the team profile's, or
 * one named as an argument) matches, plus every module named outright, grouped by host. A pattern that matches no
 * known module still gets its host listed (without modules) when its first element is a plain host name, so the
 * report says it could not be checked rather than leaving it out.
 */
export function accessTargets(patterns: string[], known: KnownModules): AccessTarget[] {
	const list = [...new Set(patterns.filter(p => p !== ''))];
	const byHost = new Map<string, AccessTarget>();
	const add = (host: string) => {
		if (!byHost.has(host)) byHost.set(host, {host, patterns: [], modules: []});
		return byHost.get(host)!;
	};
	const candidates = [...known.named, ...known.remotes, ...known.goMod];
	for (const modulePath of [...new Set(candidates)]) {
		const named = known.named.includes(modulePath);
		const matched = list.filter(p => matchingPattern(p, modulePath) !== undefined);
		if (!named && matched.length === 0) continue;
		const target = add(modulePath.split('/')[0]!);
		if (!target.modules.includes(modulePath)) target.modules.push(modulePath);
		for (const p of matched) if (!target.patterns.includes(p)) target.patterns.push(p);
	}
	for (const pattern of list) {
		const host = pattern.split('/')[0]!;
		if ([...byHost.values()].some(t => t.patterns.includes(pattern))) continue;
		if (/[*?[\]]/.test(host) || !host.includes('.')) continue;
		add(host).patterns.push(pattern);
	}
	return [...byHost.values()];
}

/** A comma-separated pattern list (GOPRIVATE, GONOPROXY) as its elements, trailing slashes dropped as go does. */
export function patternElements(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map(p => p.trim().replace(/\/+$/, ''))
		.filter(p => p !== '');
}
