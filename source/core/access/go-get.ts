import {getBounded, NetError, type NetConfig} from '../net/index.js';
import {maskSecrets} from '../mask.js';

/** How go finds the repository of a module path: the host's `?go-get=1` page, or a rule go knows for the host. */
export type RepoLookup =
	| {ok: true; repo: string; vcs: string; prefix: string; via: 'go-get' | 'known-host'; url?: string}
	| {ok: false; status?: number; sentCredentials: boolean; detail: string; unreachable: boolean; url: string};

/** 8 MB: go reads at most that much of a go-get page too. */
const PAGE_LIMIT = {maxBytes: 8 * 1024 * 1024};

/**
 * cmd/go/internal/vcs: github.com paths are mapped without asking the host (vcsPaths); every other host answers
 * https://PATH?go-get=1 (http:// too when GOINSECURE covers the path and https fails) with a go-import meta tag.
 */
export async function lookUpRepo(
	modulePath: string,
	options: {config: NetConfig; insecure: boolean; signal: AbortSignal},
): Promise<RepoLookup> {
	const github = /^github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/.exec(modulePath);
	if (github) {
		const prefix = github[0];
		return {ok: true, repo: `https://${prefix}`, vcs: 'git', prefix, via: 'known-host'};
	}
	const dotGit = /^(.*?\.git)(?:\/|$)/.exec(modulePath);
	if (dotGit) return {ok: true, repo: `https://${dotGit[1]}`, vcs: 'git', prefix: dotGit[1]!, via: 'known-host'};
	const secure = await fetchPage(new URL(`https://${modulePath}?go-get=1`), modulePath, options);
	if (secure.ok || !options.insecure || (secure.status !== undefined && !secure.unreachable)) return secure;
	return fetchPage(new URL(`http://${modulePath}?go-get=1`), modulePath, options);
}

async function fetchPage(url: URL, modulePath: string, options: {config: NetConfig; signal: AbortSignal}): Promise<RepoLookup> {
	const sentCredentials = url.protocol === 'https:' && options.config.netrc.some(l => l.machine === url.host);
	let answer: Awaited<ReturnType<typeof getBounded>>;
	try {
		answer = await getBounded(url, {config: options.config, signal: options.signal, limit: PAGE_LIMIT});
	} catch (error) {
		const message = error instanceof NetError ? error.message : maskSecrets((error as Error).message);
		return {ok: false, sentCredentials, unreachable: true, url: url.href, detail: `${url.href}: ${message}`};
	}
	// go reads the meta tags whatever the status (some hosts answer go-get with 404 and the tag); the status counts
	// only when there is no tag.
	const found = parseGoImports(answer.body.toString('utf8')).find(m => modulePath === m.prefix || modulePath.startsWith(`${m.prefix}/`));
	if (found) return {ok: true, repo: found.repo, vcs: found.vcs, prefix: found.prefix, via: 'go-get', url: url.href};
	const status = answer.status;
	const detail =
		status >= 400
			? `${url.href} answered ${status}`
			: `${url.href} answered ${status} without a <meta name="go-import"> tag for ${modulePath}`;
	return {ok: false, status, sentCredentials, unreachable: false, url: url.href, detail};
}

/** cmd/go/internal/vcs parseMetaGoImports, the part gotune needs: every go-import tag's three fields. */
export function parseGoImports(html: string): Array<{prefix: string; vcs: string; repo: string}> {
	const out: Array<{prefix: string; vcs: string; repo: string}> = [];
	for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
		const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
		const name = attr('name');
		if ((name?.[2] ?? name?.[3]) !== 'go-import') continue;
		const content = attr('content');
		const fields = (content?.[2] ?? content?.[3] ?? '').trim().split(/\s+/);
		if (fields.length === 3) out.push({prefix: fields[0]!, vcs: fields[1]!, repo: fields[2]!});
	}
	return out;
}
