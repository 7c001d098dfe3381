import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import {tildePath} from '../journal/index.js';
import {gotuneHome} from '../paths.js';

/**
 * The credential-helper fix: a git credential store that gotune owns, named in git's config for one host only.
 *
 * `git credential-store` rewrites its whole file (through FILE.lock and a rename) after every login it approves, so a
 * marked block in the user's own ~/.git-credentials would not survive the first fetch. Instead the store is a new
 * directory of gotune's, GOTUNE_HOME/credentials/HOST (mode 0700) holding `store` (mode 0600), put in place as one
 * journal put-dir step: the journal records only its path, never the password, and rollback removes the directory
 * whole (git's renames happen inside it, so it stays the tree gotune put there). The git config gets
 *   [credential "https://HOST"]
 *   	helper = store --file 'DIR/store'
 * as a marked block, edited as bytes like the insteadOf fix.
 */
export type CredentialStorePlan = {
	/** The directory gotune puts in place (GOTUNE_HOME/credentials/HOST). */
	dir: string;
	/** The store file inside it that git reads and rewrites. */
	file: string;
	/** Where the directory is prepared before the put-dir step (beside it, so one rename puts it in place). */
	staged: string;
	/** The marked block's lines for git's config. */
	configLines: string[];
};

export function credentialStorePlan(env: Env, host: string): CredentialStorePlan {
	const parent = path.join(gotuneHome(env), 'credentials');
	const dir = path.join(parent, host);
	const file = path.join(dir, 'store');
	return {
		dir,
		file,
		staged: path.join(parent, `.${host}.staging-${randomBytes(4).toString('hex')}`),
		// git runs a helper that is not an absolute path as `git credential-store ARGS` through the shell: quote the path.
		configLines: [`[credential "https://${host}"]`, `\thelper = store --file '${file}'`],
	};
}

/** Why PLAN cannot be used: the path cannot be quoted for git's config and the shell, or gotune's store is there already. */
export function credentialStoreProblem(plan: CredentialStorePlan, home: string | undefined): string | undefined {
	if (/['"\\\n]/.test(plan.file)) return `${plan.file} holds a quote or a backslash, which git's config and the shell read differently`;
	if (existsSync(plan.dir))
		return `${tildePath(plan.dir, home)} already holds gotune's credentials for this host: roll back the change set that made it (gotune history shows it) and run again`;
	return undefined;
}

/** One line of git-credential-store's format; user and password percent-encoded, as git decodes them. */
const storeLine = (host: string, user: string, password: string) =>
	`https://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}\n`;

/**
 * Writes the staged directory (0700) with the store (0600) holding the one credential, for the put-dir step. Only once
 * the person said yes: discardStaged removes it when the steps are not applied.
 */
export async function stageCredentialStore(
	plan: CredentialStorePlan,
	secret: {host: string; user: string; password: string},
): Promise<void> {
	await mkdir(path.dirname(plan.staged), {recursive: true, mode: 0o700});
	await mkdir(plan.staged, {mode: 0o700});
	await writeFile(path.join(plan.staged, path.basename(plan.file)), storeLine(secret.host, secret.user, secret.password), {mode: 0o600});
}

/** Removes a staging directory whose steps were not applied (declined, refused or failed): the password goes with it. */
export async function discardStaged(plan: CredentialStorePlan): Promise<void> {
	await rm(plan.staged, {recursive: true, force: true});
}

/** The store's path as shown, for the offer. */
export const shownStore = (plan: CredentialStorePlan, env: Env) => tildePath(plan.file, nonEmpty(env, 'HOME'));
