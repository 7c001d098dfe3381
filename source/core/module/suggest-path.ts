import path from 'node:path';
import type {Env} from '../env.js';
import {maskSecrets} from '../mask.js';
import {goModInitCheck} from './go-path-check.js';

/**
 * host/owner/repo from a git remote URL, case kept:
 * git@host:owner/repo.git, https://host/owner/repo(.git), ssh://git@host[:port]/owner/repo.git, git://host/owner/repo.
 * The port and any user:token are dropped; the host is lowercased (DNS is case-insensitive, Go requires lowercase
 * there); owner/repo keep their case. Undefined for local paths and file:// remotes.
 */
export function modulePathFromRemote(remote: string): string | undefined {
	const url = remote.trim();
	let host: string | undefined;
	let rest: string | undefined;
	const scheme = /^(?:ssh|git|https?|git\+ssh|ssh\+git):\/\/(?:[^@/]*@)?([^/:]+)(?::\d*)?\/(.+)$/i.exec(url);
	const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.+)$/.exec(url);
	if (scheme) [, host, rest] = scheme;
	else if (scp && !url.includes('://')) [, host, rest] = scp;
	if (host === undefined || rest === undefined) return undefined;
	const tail = rest
		.replace(/\/+$/, '')
		.replace(/\.git$/, '')
		.replace(/^\/+/, '')
		.replace(/^~/, '');
	if (tail === '') return undefined;
	return `${host.toLowerCase()}/${tail}`;
}

export type PathSuggestion = {path: string; source: 'git-remote' | 'directory'; detail: string};

/** gotune's pre-filled module path: the git remote of DIR (origin, else the first remote), else DIR's name. */
export async function suggestModulePath(dir: string, env: Env): Promise<PathSuggestion> {
	const remote = await gitRemote(dir, env);
	if (remote) {
		const fromRemote = modulePathFromRemote(remote.url);
		if (fromRemote) return {path: fromRemote, source: 'git-remote', detail: `from git remote ${remote.name} (${maskSecrets(remote.url)})`};
	}
	const name = path.basename(path.resolve(dir));
	const cleaned = name
		.trim()
		.replace(/\s+/g, '-')
		.replace(/[^A-Za-z0-9\-._~]/g, '')
		.replace(/^[-.]+|\.+$/g, '');
	const candidate = cleaned !== '' && goModInitCheck(cleaned).accepted ? cleaned : 'example.com/project';
	return {
		path: candidate,
		source: 'directory',
		detail: remote
			? `git remote ${maskSecrets(remote.url)} is not a host/owner/repo URL; from the directory name`
			: 'no git remote; from the directory name',
	};
}

async function gitRemote(dir: string, env: Env): Promise<{name: string; url: string} | undefined> {
	// execa on first use: the wizard's first frame does not wait for it (validate-path shares this module's chunk).
	const {execa} = await import('execa');
	const git = (args: string[]) =>
		execa('git', ['-C', dir, ...args], {env: gitEnv(env), extendEnv: false, reject: false, timeout: 5000, stdin: 'ignore'});
	const origin = await git(['remote', 'get-url', 'origin']);
	if (origin.exitCode === 0 && origin.stdout.trim()) return {name: 'origin', url: origin.stdout.trim()};
	const list = await git(['remote']);
	const first =
		list.exitCode === 0
			? list.stdout
					.split('\n')
					.map(s => s.trim())
					.find(Boolean)
			: undefined;
	if (!first) return undefined;
	const url = await git(['remote', 'get-url', first]);
	return url.exitCode === 0 && url.stdout.trim() ? {name: first, url: url.stdout.trim()} : undefined;
}

/** Semver tags (v1.2.3) of the repository at DIR, for the /vN check; empty when not a repository. */
export async function gitSemverTags(dir: string, env: Env): Promise<string[]> {
	const {execa} = await import('execa');
	const result = await execa('git', ['-C', dir, 'tag', '--list', 'v*'], {
		env: gitEnv(env),
		extendEnv: false,
		reject: false,
		timeout: 5000,
		stdin: 'ignore',
	});
	if (result.exitCode !== 0) return [];
	return result.stdout
		.split('\n')
		.map(t => t.trim())
		.filter(t => /^v\d+\.\d+\.\d+/.test(t));
}

function gitEnv(env: Env): Record<string, string> {
	const out: Record<string, string> = {GIT_TERMINAL_PROMPT: '0'};
	for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
	return {...out, GIT_TERMINAL_PROMPT: '0'};
}
