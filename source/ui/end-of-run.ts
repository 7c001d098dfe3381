import path from 'node:path';
import {createInterface} from 'node:readline';
import type {Readable, Writable} from 'node:stream';
import {maskSecrets} from '../core/mask.js';
import type {Runtime} from '../core/runtime.js';
import {wrap} from '../text/wrap.js';

/** stdout's COLUMNS when it is a terminal: the lines are wrapped at word boundaries to it (the terminal cut paths mid-word). */
type Io = {stdin: Readable & {isTTY?: boolean}; stdout: Writable & {columns?: number}};

/**
 * After the wizard's screen is gone: what this run changed, the equivalent `gotune apply` command, and an offer to
 * save the changes as a team profile (through the journal, so saving is undoable too). Returns 130 on Ctrl-C.
 */
export async function offerRunProfile(runtime: Runtime, startedAt: string, {stdin, stdout}: Io): Promise<number | undefined> {
	const [{openJournal}, profiles] = await Promise.all([import('../core/journal/journal.js'), import('../core/profile/index.js')]);
	const journal = openJournal(runtime);
	const sets = (await journal.changeSets()).filter(set => set.time >= startedAt && set.status === 'applied');
	const profile = profiles.profileFromChangeSets(sets);
	const keys = Object.keys(profile.env);
	if (keys.length === 0) return undefined;
	// At 80 columns the terminal broke "gotune.j" / "son" in the save question: wrapped here, at spaces, instead.
	const fitted = (text: string) => (stdout.columns ? wrap(text, stdout.columns, '').join('\n') : text);
	const say = (text: string) => stdout.write(`${fitted(maskSecrets(text))}\n`);
	const oldest = sets.at(-1)!.id;
	say(
		`This run changed ${keys.length} Go setting${keys.length === 1 ? '' : 's'}: ${keys.join(', ')}. Undo: gotune rollback --to ${oldest}`,
	);
	const same = await profiles.sameAsProfileFile(journal, sets, profile);
	if (same !== undefined) {
		say(`The same on another machine: gotune apply ${same}`);
		return undefined;
	}
	// Beside the team's profile when there is one (a second gotune.json deeper down would shadow it), else here.
	const team = await profiles.findTeamProfile(runtime.cwd);
	const file = await profiles.profileSavePath(team === undefined ? runtime.cwd : path.dirname(team));
	// A team profile is meant for a repository: a credential is never written into it (issue 7), nor a path or choice
	// of this machine (GOCACHE moved by the Cache step would point every member at this machine's disk; issue 19).
	const machine = withoutMachineKeys(profile, Object.keys(profiles.MACHINE_KEYS));
	const {shareable, withheld} = withoutCredentials(machine.shareable);
	const kept = Object.keys(shareable.env);
	if (machine.withheld.length > 0) {
		say(
			`${machine.withheld.join(', ')} ${machine.withheld.length === 1 ? 'is' : 'are'} machine-specific: a team profile never carries ${machine.withheld.length === 1 ? 'it' : 'them'}; each member keeps their own.`,
		);
	}
	if (withheld.length > 0) {
		say(
			`! ${withheld.join(', ')} hold${withheld.length === 1 ? 's' : ''} a credential: a team profile never carries ${withheld.length === 1 ? 'it' : 'them'}; put credentials in ~/.netrc instead.`,
		);
	}
	if (kept.length === 0) {
		say('Nothing to save as a team profile without the credentials.');
		return undefined;
	}
	if (!stdin.isTTY) return undefined;
	const what = withheld.length > 0 ? `${kept.join(', ')} (without ${withheld.join(', ')})` : 'them';
	const answer = await ask({stdin, stdout}, `${fitted(maskSecrets(`Save ${what} as a team profile in ${file}? [y/N]`))} `);
	if (answer === 'interrupted') return 130;
	if (answer !== 'yes') {
		say('Not saved.');
		return undefined;
	}
	await profiles.saveProfile(journal, file, shareable);
	say(`Saved. The same on another machine: gotune apply ${file}`);
	return undefined;
}

/** The profile minus the keys that belong to one machine (GOCACHE, GOMODCACHE, GOPATH, GOROOT, GOBIN, GOENV). */
export function withoutMachineKeys<P extends {env: Record<string, string>}>(
	profile: P,
	machineKeys: string[],
): {shareable: P; withheld: string[]} {
	const withheld = Object.keys(profile.env).filter(key => machineKeys.includes(key));
	const env = Object.fromEntries(Object.entries(profile.env).filter(([key]) => !withheld.includes(key)));
	return {shareable: {...profile, env}, withheld};
}

/** The profile minus every key whose value holds a credential (anything maskSecrets would hide). */
export function withoutCredentials<P extends {env: Record<string, string>}>(profile: P): {shareable: P; withheld: string[]} {
	const withheld = Object.keys(profile.env).filter(key => maskSecrets(profile.env[key]!) !== profile.env[key]);
	const env = Object.fromEntries(Object.entries(profile.env).filter(([key]) => !withheld.includes(key)));
	return {shareable: {...profile, env}, withheld};
}

async function ask({stdin, stdout}: Io, question: string): Promise<'yes' | 'no' | 'interrupted'> {
	// Ink unrefs stdin when it unmounts; without this the process would exit before the answer arrives.
	(stdin as Readable & {ref?: () => void}).ref?.();
	const rl = createInterface({input: stdin, output: stdout});
	try {
		return await new Promise(resolve => {
			rl.on('SIGINT', () => resolve('interrupted'));
			rl.on('close', () => resolve('no'));
			rl.question(question, answer => resolve(/^y(es)?$/i.test(answer.trim()) ? 'yes' : 'no'));
		});
	} finally {
		rl.close();
	}
}
