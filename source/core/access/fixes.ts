import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import {tildePath, type ChangeStep} from '../journal/index.js';
import {parseNetrc} from '../net/index.js';
import type {HostAccess} from './check.js';
import {credentialStorePlan, credentialStoreProblem, discardStaged, shownStore, stageCredentialStore} from './credential-helper.js';

export type FixKind = 'netrc' | 'insteadof' | 'goauth' | 'credential-helper';
export const FIX_KINDS: FixKind[] = ['netrc', 'insteadof', 'goauth', 'credential-helper'];
/** The fixes that make an entry with a user name and a password (or token). */
export const SECRET_FIXES: FixKind[] = ['netrc', 'credential-helper'];

/** Which part of the download a fix reaches: go's own HTTP requests, or the git that go runs. */
export const FIX_SERVES: Record<FixKind, string> = {
	netrc: "~/.netrc is read by go's own https requests (GOAUTH=netrc, $NETRC moves it) and by git over https (git reads ~/.netrc only)",
	insteadof:
		"url.<ssh>.insteadOf in git's config makes git fetch over SSH with your key; go's own requests (go-get pages, proxies) never read it",
	goauth:
		"GOAUTH (go >= 1.24) chooses the credentials of go's own https requests (go-get pages, proxies); the git that go runs never reads it",
	'credential-helper':
		"a git credential helper answers the git that go runs over https (and go's own requests only under GOAUTH='git DIR'); GOAUTH=netrc and $NETRC never read it",
};

/**
 * A fix for one host: offered with the journal steps and the lines to show, or not offered with the reason. STAGE
 * writes what the steps put in place (the credential store) once the person said yes; DISCARD removes whatever of it
 * was not put in place (call it after applying, whatever happened).
 */
export type FixOffer =
	| {
			kind: FixKind;
			host: string;
			offered: true;
			serves: string;
			steps: ChangeStep[];
			shown: string[];
			warnings: string[];
			stage?: () => Promise<void>;
			discard?: () => Promise<void>;
	  }
	| {kind: FixKind; host: string; offered: false; serves: string; why: string};

export type FixInputs = {
	env: Env;
	/** go's minor version (24 for go1.24.x). */
	goMinor?: number;
	/** GOAUTH in force (go >= 1.24). */
	goauth?: string;
	/** The GOAUTH value --fix goauth writes (netrc, "git DIR", off); default netrc. */
	goauthValue?: string;
	user?: string;
	/** Only ever from stdin or a masked field; never shown (shown lines carry ********). */
	password?: string;
};

const MASK = '********';

/** The git config file `git config --global` writes: $GIT_CONFIG_GLOBAL, else ~/.gitconfig unless only the XDG one exists. */
export function gitGlobalConfigFile(env: Env): string | undefined {
	const explicit = nonEmpty(env, 'GIT_CONFIG_GLOBAL');
	if (explicit) return explicit;
	const home = nonEmpty(env, 'HOME');
	if (home === undefined) return undefined;
	const dotfile = path.join(home, '.gitconfig');
	const xdg = path.join(nonEmpty(env, 'XDG_CONFIG_HOME') ?? path.join(home, '.config'), 'git', 'config');
	return !existsSync(dotfile) && existsSync(xdg) ? xdg : dotfile;
}

/** ~/.netrc (what git reads) and the file go reads ($NETRC, else ~/.netrc). */
export function netrcFiles(env: Env): {git?: string; go?: string} {
	const home = nonEmpty(env, 'HOME');
	const git = home === undefined ? undefined : path.join(home, '.netrc');
	const go = nonEmpty(env, 'NETRC') ?? git;
	return {...(git ? {git} : {}), ...(go ? {go} : {})};
}

/** Blocks are named after the host; the journal's marker syntax allows letters, digits, '.', '_' and '-'. */
const markerFor = (kind: FixKind, host: string) => `${kind}-${host.replace(/[^A-Za-z0-9._-]/g, '_')}`;

const isCredentialProblem = (access: HostAccess) => access.problem === 'no-credentials' || access.problem === 'wrong-credentials';

/** Works out whether KIND can reach the failing request of ACCESS, and if so the exact change. */
export async function planFix(kind: FixKind, access: HostAccess, inputs: FixInputs): Promise<FixOffer> {
	const base = {kind, host: access.host, serves: FIX_SERVES[kind]};
	const no = (why: string): FixOffer => ({...base, offered: false, why});
	if (access.ok) return no(`${access.host} already works`);
	if (kind === 'goauth') return planGoauth(access, inputs, no);
	if (kind === 'credential-helper') return planCredentialHelper(access, inputs, no);
	if (access.stage === 'go-get' && kind === 'insteadof')
		return no("the failing request is go's own (the go-get page); git's config cannot reach it");
	if (!isCredentialProblem(access)) return no(`the problem is not credentials (${access.problem ?? 'none'})`);
	if (kind === 'insteadof') {
		if (access.method !== 'https') return no(`git already fetches ${access.host} over ${access.method}`);
		const file = gitGlobalConfigFile(inputs.env);
		if (file === undefined) return no('HOME is not set, so there is no global git config file');
		const lines = [`[url "git@${access.host}:"]`, `\tinsteadOf = https://${access.host}/`];
		const home = nonEmpty(inputs.env, 'HOME')!;
		const hasKey = ['id_ed25519', 'id_ecdsa', 'id_rsa', 'id_ed25519_sk', 'id_ecdsa_sk'].some(k => existsSync(path.join(home, '.ssh', k)));
		return {
			...base,
			offered: true,
			steps: [{kind: 'startup-block', path: file, marker: markerFor(kind, access.host), lines}],
			shown: [`${tildePath(file, home)}:`, ...lines.map(l => `  ${l}`)],
			warnings: hasKey
				? []
				: [`no SSH key in ~/.ssh: git will then fail with "Permission denied (publickey)" until you add one to ${access.host}`],
		};
	}
	// netrc: the file of the request that fails. git reads ~/.netrc only; go reads $NETRC when it is set.
	if (access.stage === 'git' && access.method !== 'https')
		return no(`git fetches ${access.host} over ${access.method}; ~/.netrc is for https`);
	if (access.stage === 'go-get' && (inputs.goauth ?? 'netrc').trim() === 'off')
		return no('GOAUTH=off: go sends no credentials at all; --fix goauth sets it to netrc first');
	if (access.stage === 'go-get' && inputs.goauth !== undefined && !/(^|;)\s*netrc\s*(;|$)/.test(inputs.goauth))
		return no(`GOAUTH=${inputs.goauth} does not read a netrc file; --fix goauth sets it to netrc`);
	const files = netrcFiles(inputs.env);
	const file = access.stage === 'git' ? files.git : files.go;
	if (file === undefined) return no('HOME is not set, so there is no ~/.netrc');
	if (inputs.user === undefined || inputs.password === undefined)
		return no('needs --user NAME and the password or token on stdin (--password-stdin)');
	const existing = parseNetrc(await readFile(file, 'utf8').catch(() => '')).find(l => l.machine === access.host);
	if (existing && !(await hasGotuneBlock(file, markerFor(kind, access.host))))
		return no(
			`${file} already has an entry for ${access.host} (user ${existing.login}); go and git use the first one, so correct its password there`,
		);
	const lines = [`machine ${access.host} login ${inputs.user} password ${inputs.password}`];
	return {
		...base,
		offered: true,
		steps: [{kind: 'startup-block', path: file, marker: markerFor(kind, access.host), lines, secret: true, mode: 0o600}],
		shown: [
			`${tildePath(file, nonEmpty(inputs.env, 'HOME'))} (mode 0600):`,
			`  machine ${access.host} login ${inputs.user} password ${MASK}`,
		],
		warnings:
			access.stage === 'git' && files.go !== files.git
				? [`NETRC=${files.go} is read by go alone; git reads ${file}, so the entry goes there`]
				: [],
	};
}

function planCredentialHelper(access: HostAccess, inputs: FixInputs, no: (why: string) => FixOffer): FixOffer {
	const base = {kind: 'credential-helper' as const, host: access.host, serves: FIX_SERVES['credential-helper']};
	if (!isCredentialProblem(access)) return no(`the problem is not credentials (${access.problem ?? 'none'})`);
	if (access.stage === 'go-get' && !/(^|;)\s*git\s+\S/.test(inputs.goauth ?? ''))
		return no(
			"the failing request is go's own (the go-get page), which asks git's credential helpers only under GOAUTH='git DIR' (--fix goauth --goauth 'git DIR' on go >= 1.24); --fix netrc reaches it",
		);
	if (access.stage === 'git' && access.method !== 'https' && access.method !== 'http')
		return no(`git fetches ${access.host} over ${access.method}; credential helpers answer https only`);
	const config = gitGlobalConfigFile(inputs.env);
	if (config === undefined) return no('HOME is not set, so there is no global git config file');
	if (inputs.user === undefined || inputs.password === undefined)
		return no('needs --user NAME and the password or token on stdin (--password-stdin)');
	const home = nonEmpty(inputs.env, 'HOME');
	const plan = credentialStorePlan(inputs.env, access.host);
	const problem = credentialStoreProblem(plan, home);
	if (problem) return no(problem);
	const marker = markerFor('credential-helper', access.host);
	const secret = {host: access.host, user: inputs.user, password: inputs.password};
	return {
		...base,
		offered: true,
		steps: [
			{kind: 'put-dir', staged: plan.staged, to: plan.dir},
			{kind: 'startup-block', path: config, marker, lines: plan.configLines},
		],
		shown: [
			`${shownStore(plan, inputs.env)} (new, mode 0600, git rewrites it after each login):`,
			`  https://${inputs.user}:${MASK}@${access.host}`,
			`${tildePath(config, home)}:`,
			...plan.configLines.map(l => `  ${l}`),
		],
		warnings: [],
		stage: () => stageCredentialStore(plan, secret),
		discard: () => discardStaged(plan),
	};
}

function planGoauth(access: HostAccess, inputs: FixInputs, no: (why: string) => FixOffer): FixOffer {
	const base = {kind: 'goauth' as const, host: access.host, serves: FIX_SERVES.goauth};
	if (inputs.goMinor === undefined || inputs.goMinor < 24)
		return no(`go 1.${inputs.goMinor ?? '?'} has no GOAUTH (it came in go 1.24); it always reads ~/.netrc, or $NETRC, for https`);
	if (access.stage !== 'go-get' || !isCredentialProblem(access))
		return no("the failing request is not go's own https request; GOAUTH cannot reach git");
	const value = inputs.goauthValue ?? 'netrc';
	if (value === (inputs.goauth ?? 'netrc')) return no(`GOAUTH is already ${value}`);
	return {
		...base,
		offered: true,
		steps: [{kind: 'goenv', key: 'GOAUTH', value}],
		shown: [`GOAUTH=${value} (in the GOENV file)`],
		warnings: [],
	};
}

/**
 * What the password typed for KIND cannot be (never quoted back: it is the secret). A ~/.netrc entry cannot carry
 * white space (it separates netrc's tokens, for go and for git's curl), nor a first character curl reads as a
 * comment (#) or a quoted token (") while go takes it literally.
 */
export function passwordProblem(kind: FixKind, password: string): string | undefined {
	if (password === '') return 'empty; give the password or token';
	if (kind !== 'netrc') return undefined;
	if (/\s/.test(password)) return 'it holds white space, which a .netrc entry cannot carry';
	if (/^[#"]/.test(password)) return 'it starts with # or ", which git (curl) and go read differently in a .netrc entry';
	return undefined;
}

/** Checks a GOAUTH value gotune writes: netrc, "git DIR" (DIR absolute), off. */
export function goauthValueProblem(value: string): string | undefined {
	if (value === 'netrc' || value === 'off') return undefined;
	const git = /^git\s+(\S.*)$/.exec(value);
	if (git && path.isAbsolute(git[1]!)) return undefined;
	return `"${value}" is not a GOAUTH value gotune writes: use netrc, off, or "git DIR" with DIR an absolute path`;
}

async function hasGotuneBlock(file: string, marker: string): Promise<boolean> {
	return (await readFile(file, 'latin1').catch(() => '')).includes(`# >>> gotune ${marker} >>>`);
}
