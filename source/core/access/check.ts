import path from 'node:path';
import {execa} from 'execa';
import {nonEmpty, type Env} from '../env.js';
import {netConfigFrom, parseNetrc, type NetrcLine} from '../net/index.js';
import {readFile} from 'node:fs/promises';
import {matchingPattern} from '../proxy/match.js';
import {lookUpRepo} from './go-get.js';
import {gitEnvLikeGo, probeGit, type AccessProblem, type GitMethod} from './git-probe.js';
import type {AccessTarget} from './targets.js';

/** Which request failed: go's own (the go-get page) or the git that go runs. Fixes differ by which one it is. */
export type AccessStage = 'go-get' | 'git';

export type HostAccess = AccessTarget & {
	/** The module probed (the first of modules). */
	module?: string;
	repo?: string;
	method: GitMethod | 'none';
	ok: boolean;
	/** unchecked: no module under the host's patterns is known, so there was nothing to ask for. */
	problem?: AccessProblem | 'unchecked';
	stage?: AccessStage;
	/** What was asked and what answered (masked). */
	detail: string;
};

export type AccessSettings = {
	env: Env;
	cwd: string;
	/** GOAUTH in force (go >= 1.24); undefined for older go, which always reads ~/.netrc (or $NETRC) for https. */
	goauth?: string;
	goinsecure: string;
	timeoutMs?: number;
	signal?: AbortSignal;
};

/** Checks every target the way go will fetch it: the go-get answer first, then git ls-remote of the repository. */
export async function checkAccess(targets: AccessTarget[], settings: AccessSettings): Promise<HostAccess[]> {
	return Promise.all(targets.map(target => checkHost(target, settings)));
}

async function checkHost(target: AccessTarget, settings: AccessSettings): Promise<HostAccess> {
	const module = target.modules[0];
	if (module === undefined)
		return {
			...target,
			method: 'none',
			ok: false,
			problem: 'unchecked',
			detail: `no module under ${target.patterns.join(', ')} is known here: name one (gotune access ${target.host}/PATH)`,
		};
	const signal = settings.signal ?? AbortSignal.timeout(settings.timeoutMs ?? 30_000);
	const base = await netConfigFrom(settings.env);
	const config = {...base, netrc: await goCredentials(target.host, settings)};
	const insecure = matchingPattern(settings.goinsecure, module) !== undefined;
	const lookup = await lookUpRepo(module, {config, insecure, signal});
	if (!lookup.ok) {
		const problem: AccessProblem = lookup.unreachable
			? 'unreachable'
			: lookup.status === 401 || lookup.status === 403
				? lookup.sentCredentials
					? 'wrong-credentials'
					: 'no-credentials'
				: lookup.status === 404 || lookup.status === 410
					? 'repo-absent'
					: 'other';
		return {...target, module, method: 'none', ok: false, problem, stage: 'go-get', detail: lookup.detail};
	}
	if (lookup.vcs !== 'git')
		return {
			...target,
			module,
			repo: lookup.repo,
			method: 'other',
			ok: false,
			problem: 'other',
			stage: 'git',
			detail: `${module} is kept in ${lookup.vcs}, which gotune does not check`,
		};
	const git = await probeGit(lookup.repo, {
		env: settings.env,
		cwd: settings.cwd,
		hasCredentials: await gitHasCredentials(target.host, lookup.repo, settings),
		...(settings.timeoutMs ? {timeoutMs: settings.timeoutMs} : {}),
		signal,
	});
	return {
		...target,
		module,
		repo: lookup.repo,
		method: git.method,
		ok: git.ok,
		...(git.problem ? {problem: git.problem, stage: 'git' as const} : {}),
		detail: git.detail,
	};
}

/**
 * The credentials go's own https requests carry for HOST, by GOAUTH (cmd/go/internal/auth): `netrc` reads $NETRC or
 * ~/.netrc, `git DIR` asks `git credential fill` in DIR, `off` sends nothing; unset (and go < 1.24) means netrc.
 */
export async function goCredentials(host: string, settings: AccessSettings): Promise<NetrcLine[]> {
	const commands = (settings.goauth ?? 'netrc')
		.split(';')
		.map(c => c.trim())
		.filter(Boolean);
	const out: NetrcLine[] = [];
	for (const command of commands) {
		const [word, ...rest] = command.split(/\s+/);
		if (word === 'off') return [];
		if (word === 'netrc') out.push(...(await netrcLines(settings.env, nonEmpty(settings.env, 'NETRC'))).filter(l => l.machine === host));
		if (word === 'git' && rest.length > 0) {
			const filled = await gitCredentialFill(host, rest.join(' '), settings.env);
			if (filled) out.push({machine: host, ...filled});
		}
	}
	return out;
}

async function netrcLines(env: Env, file: string | undefined): Promise<NetrcLine[]> {
	const home = nonEmpty(env, 'HOME');
	const chosen = file ?? (home === undefined ? undefined : path.join(home, '.netrc'));
	if (chosen === undefined) return [];
	return parseNetrc(await readFile(chosen, 'utf8').catch(() => ''));
}

/** `git credential fill` as go's GOAUTH=git runs it: the helper's answer, or undefined (no helper, prompts off). */
async function gitCredentialFill(host: string, dir: string, env: Env): Promise<{login: string; password: string} | undefined> {
	const run = await execa('git', ['credential', 'fill'], {
		cwd: dir,
		env: gitEnvLikeGo(env),
		extendEnv: false,
		reject: false,
		input: `protocol=https\nhost=${host}\n\n`,
		timeout: 10_000,
	});
	if (run.exitCode !== 0) return undefined;
	const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(String(run.stdout))?.[1];
	const login = field('username');
	const password = field('password');
	return login && password ? {login, password} : undefined;
}

/** Whether git has something to send to HOST: a ~/.netrc entry (git reads only that file, never $NETRC) or a credential helper. */
async function gitHasCredentials(host: string, repo: string, settings: AccessSettings): Promise<boolean> {
	if ((await netrcLines(settings.env, undefined)).some(l => l.machine === host)) return true;
	const helper = await execa('git', ['config', '--get-urlmatch', 'credential.helper', repo], {
		cwd: settings.cwd,
		env: gitEnvLikeGo(settings.env),
		extendEnv: false,
		reject: false,
		timeout: 5000,
	});
	return helper.exitCode === 0 && String(helper.stdout).trim() !== '';
}

/** The problem in plain words, for people. */
export function problemWords(access: HostAccess): string {
	const where = access.stage === 'go-get' ? `go's request for the ${access.module} go-get page` : `git (${access.method})`;
	switch (access.problem) {
		case undefined:
			return `${access.host}: go can fetch ${access.module}`;
		case 'no-credentials':
			return `${access.host} asks for credentials and ${where} had none to send`;
		case 'wrong-credentials':
			return `${access.host} refused the credentials ${where} sent (wrong user name, password or token?)`;
		case 'unreachable':
			return `${access.host} cannot be reached from here (${where})`;
		case 'ssh-key-missing':
			return `${access.host} refused SSH: no key it accepts is loaded, or its host key is not known yet (ssh -T git@${access.host} shows which)`;
		case 'repo-absent':
			return `${access.host} has no repository for ${access.module} (or hides it from you)`;
		case 'unchecked':
			return `${access.host}: not checked, no module under ${access.patterns.join(', ')} is known`;
		default:
			return `${access.host}: ${where} failed`;
	}
}
