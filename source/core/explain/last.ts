import type {Check} from '../checks.js';
import type {ChangeSet} from '../journal/index.js';
import {readPreference, writePreference} from '../preferences.js';
import type {Runtime} from '../runtime.js';
import {stageFixes} from './staged.js';
import type {Explanation, ProblemClass} from './types.js';

/**
 * What gotune keeps of the last explanation (gotune explain, the wizard's Troubleshoot screen) for doctor and the
 * report. Made only from the masked explanation: nothing secret is stored.
 */
export type LastExplanation = {
	time: string;
	/** The go command explain ran (masked); null when it read output from a file, stdin or a paste. */
	command: string[] | null;
	problems: Array<{class: ProblemClass; summary: string}>;
	unrecognised: number;
	/** The fixes gotune can apply (`go env -w K=V`, `go env -u K`), masked. */
	changes: string[];
	/** The fixes left to the person (go mod tidy, an export in a start-up file). */
	manual: string[];
	/** What --fix (or the Troubleshoot screen) did; null when the fix was not offered. */
	fix: null | {changeSet: string | null; declined: boolean; proof: {exitCode: number; ok: boolean} | null};
};

/** The record for EXPLANATION (already masked), or undefined when it found no problem to remember. */
export function lastExplanationOf(
	explanation: Explanation,
	command: string[] | null,
	fix: LastExplanation['fix'],
	time = new Date(),
): LastExplanation | undefined {
	if (explanation.problems.length === 0) return undefined;
	const staged = stageFixes(explanation.problems.map(p => p.fix));
	return {
		time: time.toISOString(),
		command,
		problems: explanation.problems.map(p => ({class: p.class, summary: p.summary})),
		unrecognised: explanation.unrecognised.length,
		changes: staged.steps.map(s => (s.value === null ? `go env -u ${s.key}` : `go env -w ${s.key}=${s.value}`)),
		manual: staged.manual,
		fix: fix && {changeSet: fix.changeSet, declined: fix.declined, proof: fix.proof && {exitCode: fix.proof.exitCode, ok: fix.proof.ok}},
	};
}

/** Keeps RECORD in gotune's state (preferences.json, 0600); losing it is harmless (false, never an error). */
export async function saveLastExplanation(gotuneHome: string, record: LastExplanation | undefined): Promise<boolean> {
	return record === undefined ? false : writePreference(gotuneHome, 'lastExplanation', record);
}

export async function loadLastExplanation(gotuneHome: string): Promise<LastExplanation | undefined> {
	const stored = await readPreference(gotuneHome, 'lastExplanation');
	return stored && typeof stored.time === 'string' && Array.isArray(stored.problems) && stored.problems.length > 0 ? stored : undefined;
}

/** Whether the last explanation's fix is in effect: its change set applied and not rolled back since. */
export type FixState = 'applied' | 'rolled-back' | 'not-applied' | 'left-to-you';

export function fixState(record: LastExplanation, sets: ChangeSet[]): FixState {
	const id = record.fix?.changeSet;
	if (id) return sets.find(set => set.id === id)?.status === 'applied' ? 'applied' : 'rolled-back';
	return record.changes.length > 0 ? 'not-applied' : 'left-to-you';
}

/** One line about the last explanation and its fix, as doctor and the report say it. */
export function describeLast(record: LastExplanation, state: FixState): string {
	const [first] = record.problems;
	const more = record.problems.length > 1 ? ` (and ${record.problems.length - 1} more)` : '';
	const where = `${record.time.replace('T', ' ').slice(0, 16)} UTC${record.command ? `, ${record.command.join(' ')}` : ''}`;
	const fix = {
		applied: `its fix is applied (change set #${record.fix?.changeSet}${record.fix?.proof ? `; the command ${record.fix.proof.ok ? 'succeeded' : 'still failed'} after it` : ''})`,
		'rolled-back': `its fix (change set #${record.fix?.changeSet}) was rolled back since`,
		'not-applied': `its fix was not applied${record.fix?.declined ? ' (declined)' : ''}: ${record.changes.join('; ')}`,
		'left-to-you': `its fix is a command gotune does not run: ${record.manual.join('; ') || 'none'}`,
	}[state];
	return `Last explained problem (${where}): ${first!.summary}${more} — ${fix}`;
}

/** Doctor's line about the last explanation: a warning while a fix gotune could apply is not in effect. */
export async function lastExplanationChecks(runtime: Runtime): Promise<Check[]> {
	const record = await loadLastExplanation(runtime.gotuneHome);
	if (record === undefined) return [];
	// The journal's code (a sixth of what doctor loads) only when the record names a change set (issue 18).
	const sets = record.fix?.changeSet
		? await import('../journal/journal.js').then(({openJournal}) => openJournal(runtime).changeSets()).catch(() => [])
		: [];
	const state = fixState(record, sets);
	const again = record.command
		? `gotune explain --fix -- ${record.command.join(' ')}`
		: 'gotune explain --fix FILE   # with the same output';
	return [
		{
			id: 'explain.last',
			group: 'journal',
			status: state === 'not-applied' || state === 'rolled-back' ? 'warn' : 'ok',
			message: describeLast(record, state),
			...(state === 'not-applied' || state === 'rolled-back' ? {fix: again} : {}),
		},
	];
}
