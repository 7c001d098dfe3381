import {execa} from 'execa';
import type {Env} from '../env.js';
import {maskSecrets} from '../mask.js';

export type AccessProblem = 'no-credentials' | 'wrong-credentials' | 'unreachable' | 'ssh-key-missing' | 'repo-absent' | 'other';

/** How git reaches a repository after its own config's url.<base>.insteadOf rewriting. */
export type GitMethod = 'https' | 'http' | 'ssh' | 'other';

export type GitProbe = {ok: boolean; url: string; method: GitMethod; problem?: AccessProblem; detail: string};

/** git ls-remote gets this long; go itself waits longer, but an answer that slow already tells the user something. */
export const GIT_TIMEOUT_MS = 20_000;

/**
 * The environment go gives git (cmd/go/internal/modfetch/codehost): no terminal prompts, no credential-manager
 * windows, and ssh in batch mode unless the user chose their own ssh command.
 */
export function gitEnvLikeGo(env: Env): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
	out['GIT_TERMINAL_PROMPT'] = '0';
	out['GCM_INTERACTIVE'] = 'never';
	if (!out['GIT_SSH'] && !out['GIT_SSH_COMMAND']) out['GIT_SSH_COMMAND'] = 'ssh -o ControlMaster=no -o BatchMode=yes';
	return out;
}

export function methodOf(url: string): GitMethod {
	if (/^https:\/\//i.test(url)) return 'https';
	if (/^http:\/\//i.test(url)) return 'http';
	if (/^(ssh|git\+ssh|ssh\+git):\/\//i.test(url) || /^[^/:]+@[^/:]+:/.test(url)) return 'ssh';
	return 'other';
}

/**
 * `git ls-remote REPO` as go runs git (gitEnvLikeGo), through the user's own git config (insteadOf, credential
 * helpers, ~/.netrc), bounded by TIMEOUT_MS. HAS_CREDENTIALS says whether git had something to send (a ~/.netrc entry
 * or a credential helper): git words a refused password the same as a missing one once prompts are off.
 */
export async function probeGit(
	repo: string,
	options: {env: Env; cwd: string; timeoutMs?: number; hasCredentials: boolean; signal?: AbortSignal},
): Promise<GitProbe> {
	const env = gitEnvLikeGo(options.env);
	const common = {
		env,
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		cwd: options.cwd,
		...(options.signal ? {cancelSignal: options.signal} : {}),
	} as const;
	const rewritten = await execa('git', ['ls-remote', '--get-url', repo], {...common, timeout: 5000});
	const url = rewritten.exitCode === 0 && String(rewritten.stdout).trim() !== '' ? String(rewritten.stdout).trim() : repo;
	const method = methodOf(url);
	const timeoutMs = options.timeoutMs ?? GIT_TIMEOUT_MS;
	const run = await execa('git', ['ls-remote', '-q', repo, 'HEAD'], {...common, timeout: timeoutMs});
	const shownUrl = maskSecrets(url);
	if (run.exitCode === 0) return {ok: true, url: shownUrl, method, detail: `git ls-remote ${shownUrl}: answered`};
	if (run.timedOut)
		return {
			ok: false,
			url: shownUrl,
			method,
			problem: 'unreachable',
			detail: `git ls-remote ${shownUrl}: no answer within ${Math.round(timeoutMs / 1000)} s`,
		};
	const stderr = maskSecrets(String(run.stderr).trim());
	const problem = classifyGitError(stderr, method, options.hasCredentials);
	const lines = stderr
		.split('\n')
		.map(l => l.trim())
		.filter(Boolean);
	// ssh says why before git's generic last two lines ("Could not read from remote repository"): its lines come first.
	const why = problem === 'ssh-key-missing' ? lines.filter(l => SSH_REFUSAL.test(l)) : [];
	const last = [...why, ...lines.slice(-2).filter(l => !why.includes(l))].join(' / ');
	return {ok: false, url: shownUrl, method, problem, detail: `git ls-remote ${shownUrl}: ${last || `exit ${run.exitCode ?? '?'}`}`};
}

const SSH_REFUSAL =
	/permission denied \(publickey|no such identity|host key verification failed|no matching host key|identity file .* not accessible/i;

/** git's own words → the problem in plain words. Network failures first: an unresolved host can also fail "auth". */
export function classifyGitError(stderr: string, method: GitMethod, hasCredentials: boolean): AccessProblem {
	const text = stderr.toLowerCase();
	if (
		/could not resolve host|could not resolve hostname|failed to connect|connection refused|connection timed out|timed out|network is unreachable|no route to host|couldn't connect|proxy connect aborted|connection reset/.test(
			text,
		)
	)
		return 'unreachable';
	if (method === 'ssh' && SSH_REFUSAL.test(text)) return 'ssh-key-missing';
	if (
		/authentication failed|invalid username or password|incorrect username or password|the requested url returned error: 40[13]/.test(text)
	)
		return hasCredentials ? 'wrong-credentials' : 'no-credentials';
	if (/could not read username|could not read password|terminal prompts disabled/.test(text))
		return hasCredentials ? 'wrong-credentials' : 'no-credentials';
	if (
		/repository .*not found|not found|does not appear to be a git repository|the requested url returned error: 404|returned error: 410/.test(
			text,
		)
	)
		return 'repo-absent';
	if (method === 'ssh' && /could not read from remote repository/.test(text)) return 'ssh-key-missing';
	return 'other';
}
