import {readFile} from 'node:fs/promises';
import type {ChangeSet, Journal, JournalEntry, RollbackSelection, TargetState} from '../journal/contract.js';
import {applyState, parseEnvText, renderEnvText} from '../journal/goenv-text.js';

/**
 * The settings as they were before some change sets, for a before/after measurement: nothing is rolled back. The
 * GOENV file's text with each changed key put back to its `before` state (removed when it was absent, never `KEY=`,
 * go-facts §1.8) is handed to the baseline builds as their own GOENV file, so process variables keep winning over
 * it exactly as they do for the current settings.
 */
export type Baseline = {
	/** Change sets whose changes the baseline leaves out, oldest first. */
	changeSets: ChangeSet[];
	/** GOENV keys and the values the baseline uses (before) against the current ones (after). */
	keys: Array<{key: string; before: TargetState; after: TargetState}>;
	/** The baseline GOENV file's text. */
	goenvText: string;
	/** Changes a build environment cannot express (start-up file blocks, files, directories): named, not measured. */
	notReflected: JournalEntry[];
};

export class NothingToCompare extends Error {}

const CACHE_KEYS = new Set(['GOCACHE', 'GOMODCACHE']);

/**
 * The applied entries of SET a baseline can put back for a build: GOENV keys. Not a created go.mod or a start-up file
 * block (a build has no "before" for them: the baseline would have no module), nor a cache setting whose data moved
 * with it: its data is at the new place only, and pointing the baseline's go at the old location would measure an
 * empty cache there and make go write it again (a tree the rollback then has to refuse to overwrite).
 */
export function reflectedEntries(set: ChangeSet): JournalEntry[] {
	const applied = set.entries.filter(e => e.status === 'applied');
	const moved = applied.some(e => e.target.kind === 'directory');
	return applied.filter(e => e.target.kind === 'goenv' && !(moved && CACHE_KEYS.has(e.target.key)));
}

/** SELECTION as rollback understands it (`to`: that change set and every later one still applied). */
export async function baselineFor(journal: Journal, selection: RollbackSelection): Promise<Baseline> {
	const plan = await journal.planRollback(selection);
	const changeSets = [...plan.changeSets].sort((a, b) => Number(a.id) - Number(b.id));
	const reflected = new Set(changeSets.flatMap(reflectedEntries));
	if (changeSets.length === 0)
		throw new NothingToCompare('every change it names is already rolled back: the current settings are the ones from before it');
	const keys = new Map<string, {key: string; before: TargetState; after: TargetState}>();
	const notReflected: JournalEntry[] = [];
	for (const entry of changeSets.flatMap(set => set.entries.filter(e => e.status === 'applied'))) {
		if (!reflected.has(entry)) {
			notReflected.push(entry);
			continue;
		}
		if (entry.target.kind !== 'goenv') continue;
		const known = keys.get(entry.target.key);
		// The earliest before (the value from before all these sets), the latest after.
		keys.set(entry.target.key, {key: entry.target.key, before: known?.before ?? entry.before, after: entry.after});
	}
	const current = journal.goenvFile ? await readFile(journal.goenvFile, 'utf8').catch(() => '') : '';
	let text = parseEnvText(current);
	for (const {key, before} of keys.values()) text = applyState(text, key, before);
	return {changeSets, keys: [...keys.values()], goenvText: renderEnvText(text), notReflected};
}
