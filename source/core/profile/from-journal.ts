import path from 'node:path';
import type {ChangeSet, Journal} from '../journal/contract.js';
import {readOptionalFile, writeFileAtomic} from '../journal/durable-fs.js';
import {readProfile, type Profile} from './profile.js';
import {PROFILE_ENV_KEYS} from './keys.js';

/** What a run left in effect, as a team profile: each GOENV key's newest applied value (keys a profile may carry). */
export function profileFromChangeSets(sets: ChangeSet[]): Profile {
	const env: Record<string, string> = {};
	for (const set of [...sets].sort((a, b) => Number(a.id) - Number(b.id))) {
		for (const entry of set.entries) {
			if (entry.status !== 'applied' || entry.target.kind !== 'goenv' || !entry.after.present) continue;
			if ((PROFILE_ENV_KEYS as readonly string[]).includes(entry.target.key)) env[entry.target.key] = entry.after.value;
		}
	}
	return {env};
}

/**
 * The one profile file these change sets came from, when `gotune apply FILE` is exactly equivalent: the run applied
 * only that file's values and applying it again would change nothing (no key of it was left out).
 */
export async function sameAsProfileFile(journal: Journal, sets: ChangeSet[], applied: Profile): Promise<string | undefined> {
	const origins = new Set(sets.map(set => set.origin));
	const [origin] = origins;
	if (origins.size !== 1 || !origin?.startsWith('profile:')) return undefined;
	const file = origin.slice('profile:'.length);
	const team = await readProfile(file).catch(() => undefined);
	if (team === undefined || Object.entries(applied.env).some(([key, value]) => team.env[key] !== value)) return undefined;
	const plan = await journal.plan(Object.entries(team.env).map(([key, value]) => ({key, value}))).catch(() => undefined);
	return plan?.every(change => change.unchanged) ? file : undefined;
}

/** gotune.json in DIR, or gotune.saved.json when a gotune.json is already there (never overwritten). */
export async function profileSavePath(dir: string): Promise<string> {
	const preferred = path.join(dir, 'gotune.json');
	return (await readOptionalFile(preferred)) === null ? preferred : path.join(dir, 'gotune.saved.json');
}

/** Writes the profile through the journal (a file target), so saving it can be undone like any other change. */
export async function saveProfile(journal: Journal, file: string, profile: Profile): Promise<void> {
	const text = `${JSON.stringify(profile, null, '\t')}\n`;
	await journal.applyExternal({kind: 'file', path: file}, 'wizard:save-profile', () => writeFileAtomic(file, text));
}
