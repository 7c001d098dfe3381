import type {Env} from '../env.js';
import {maskSecrets} from '../mask.js';
import {modulePathFromRemote} from '../module/suggest-path.js';
import {describePatterns, matchingPattern, type PatternElement} from './match.js';

/** Hosts whose repositories are public by default: a private repository there needs host/owner, never the host. */
const PUBLIC_HOSTS = new Set([
	'github.com',
	'gitlab.com',
	'bitbucket.org',
	'codeberg.org',
	'gitee.com',
	'golang.org',
	'go.googlesource.com',
	'gopkg.in',
	'google.golang.org',
	'go.uber.org',
	'k8s.io',
	'sigs.k8s.io',
]);

export type PatternSuggestion = {pattern: string; reason: string};

/** The GOPRIVATE pattern for a module path: the host for a company host, host/owner on a public forge. */
export function patternFor(modulePath: string): string {
	const [host = '', owner] = modulePath.split('/');
	return PUBLIC_HOSTS.has(host) && owner !== undefined ? `${host}/${owner}` : host;
}

/** `git remote -v` in DIR (never prompting), or '' when git fails there (no repository, no git). */
export async function gitRemotes(dir: string, env: Env): Promise<string> {
	// execa on first use: checkPatterns, in this module too, is needed before the wizard's first frame.
	const {execa} = await import('execa');
	const run = await execa('git', ['-C', dir, 'remote', '-v'], {
		env: {...definedOnly(env), GIT_TERMINAL_PROMPT: '0'},
		extendEnv: false,
		reject: false,
		timeout: 5000,
		stdin: 'ignore',
	});
	return run.exitCode === 0 ? String(run.stdout) : '';
}

/** Suggestions from the repository's git remotes (a private remote's modules must not go to a public proxy). */
export async function suggestFromRemotes(dir: string, env: Env): Promise<PatternSuggestion[]> {
	const out: PatternSuggestion[] = [];
	for (const line of (await gitRemotes(dir, env)).split('\n')) {
		const [name, url] = line.split(/\s+/);
		if (!name || !url) continue;
		const modulePath = modulePathFromRemote(url);
		if (!modulePath) continue;
		const pattern = patternFor(modulePath);
		if (out.some(s => s.pattern === pattern)) continue;
		const host = modulePath.split('/')[0]!;
		out.push({
			pattern,
			reason: PUBLIC_HOSTS.has(host)
				? `git remote ${name} (${maskSecrets(url)}): if that repository is private, public proxies cannot serve it`
				: `git remote ${name} (${maskSecrets(url)}) is on ${host}, which public proxies cannot reach`,
		});
	}
	return out;
}

/** Suggestions from requirements every working proxy answered not-found for. */
export function suggestFromUnserved(unserved: string[]): PatternSuggestion[] {
	const out: PatternSuggestion[] = [];
	for (const modulePath of unserved) {
		const pattern = patternFor(modulePath);
		const existing = out.find(s => s.pattern === pattern);
		if (existing) existing.reason += `, ${modulePath}`;
		else out.push({pattern, reason: `no proxy could serve ${modulePath}`});
	}
	return out;
}

export type PatternCheck = {elements: PatternElement[]; matches: Record<string, string[]>};

/** Validation while typing: Go's verdict on each element, and which requirements each element matches. */
export function checkPatterns(globs: string, requirements: string[]): PatternCheck {
	const elements = describePatterns(globs);
	const matches: Record<string, string[]> = {};
	for (const element of elements) matches[element.raw] = requirements.filter(r => matchingPattern(element.raw, r) !== undefined);
	return {elements, matches};
}

function definedOnly(env: Env): Record<string, string> {
	return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Requirements the proxy at PROXY_URL answers not-found (404/410) for: candidates for GOPRIVATE. One kept-alive
 * connection, one .info request each, bounded by timeoutMs in all; errors other than not-found tell nothing and are skipped.
 */
export async function unservedRequirements(
	requirements: Array<{path: string; version: string}>,
	proxyUrl: string,
	env: Env,
	signal: AbortSignal,
	timeoutMs = 5000,
): Promise<string[]> {
	if (!/^https?:/.test(proxyUrl)) return [];
	const {Connection} = await import('../net/connection.js');
	const {netConfigFrom} = await import('../net/config.js');
	const {BODY_LIMITS} = await import('../net/body.js');
	const {escapeModulePath} = await import('./escape.js');
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	const onAbort = () => controller.abort();
	signal.addEventListener('abort', onAbort, {once: true});
	const base = new URL(proxyUrl.replace(/\/+$/, ''));
	const connection = new Connection(await netConfigFrom(env), base, controller.signal);
	const out: string[] = [];
	try {
		for (const req of requirements) {
			if (controller.signal.aborted) break;
			const target = new URL(base.href);
			target.pathname = `${base.pathname.replace(/\/+$/, '')}/${escapeModulePath(req.path)}/@v/${escapeModulePath(req.version)}.info`;
			const answer = await connection.get(target, {maxBytes: BODY_LIMITS.moduleMetadata}).catch(() => undefined);
			if (answer && (answer.status === 404 || answer.status === 410)) out.push(req.path);
		}
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', onAbort);
		connection.close();
	}
	return out;
}
