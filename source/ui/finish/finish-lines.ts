import type {Check} from '../../core/checks.js';
import type {ChangeSet, JournalEntry} from '../../core/journal/contract.js';
import {maskSetting} from '../../core/mask.js';
import {formatMs} from '../../text/timing.js';
import type {Measurements} from '../measurements.js';
import type {Theme} from '../theme.js';

export type FinishSection = {title: string; lines: string[]};

/**
 * The finish screen's text (issue 19): what this run changed, by change set, with the command that undoes each; the
 * builds measured this run (only real ones; none: it says so); what still needs attention; the same changes without
 * the wizard. Pure: tested without Ink or the journal.
 */
export function finishSections({
	sets,
	measurements,
	checks,
	theme,
}: {
	/** This run's change sets still in effect, newest first (journal.fromThisRun). */
	sets: ChangeSet[];
	measurements: Measurements;
	/** The Toolchain step's latest checks. */
	checks: Check[];
	theme: Theme;
}): FinishSection[] {
	const arrow = theme.ascii ? '->' : '→';
	const changed =
		sets.length === 0
			? ['Nothing: this run changed no setting or file.']
			: sets.flatMap(set => [
					`#${set.id} ${set.origin} at ${set.time.slice(11, 16)}${theme.separator}undo: gotune rollback --to ${set.id}`,
					...set.entries.map(entry => `  ${entryName(entry)}: ${show(entry, 'before')} ${arrow} ${show(entry, 'after')}`),
				]);
	const builds = measurements.builds.filter(build => build.status === 'done' && build.wallMs !== undefined);
	// As Verify shows them (formatMs): whole seconds made a 359 ms warm build "0s".
	const measured =
		builds.length === 0
			? ['Nothing was measured this run: the Verify step measures cold, warm and incremental builds (m).']
			: builds.map(
					build =>
						`${build.label} with ${build.go}: ${formatMs(build.wallMs!)}${build.hits !== undefined && build.misses !== undefined ? `, build cache ${build.hits}/${build.hits + build.misses} hits` : ''}`,
				);
	const open = checks.filter(check => check.status !== 'ok');
	const attention =
		open.length === 0
			? [`${theme.status.ok} Nothing: every toolchain check passes.`]
			: open.map(check => `${theme.status[check.status]} ${check.message}${check.fix ? `${theme.separator}${check.fix}` : ''}`);
	const commands = [...new Set(sets.flatMap(headless))];
	return [
		{title: 'What changed', lines: changed},
		{title: 'Measured this run', lines: measured},
		{title: 'Still needs attention', lines: attention},
		{title: 'The same without the wizard', lines: commands.length === 0 ? ['Nothing to repeat.'] : commands},
	];
}

function entryName(entry: JournalEntry): string {
	return entry.target.kind === 'goenv' ? entry.target.key : entry.target.path;
}

function show(entry: JournalEntry, side: 'before' | 'after'): string {
	const state = entry[side];
	if (entry.target.kind === 'goenv') return state.present ? maskSetting(entry.target.key, state.value) : 'unset';
	if (entry.target.kind === 'directory') return state.present ? state.value : 'none';
	if (entry.target.kind === 'startup-block') return state.present ? `gotune block "${entry.target.marker}"` : 'no block';
	if (side === 'before') return state.present ? 'existing' : 'none';
	return state.present ? (entry.before.present ? 'edited' : 'created') : 'removed';
}

/** The headless command that makes the same change through the journal, by where the change set came from. */
function headless(set: ChangeSet): string[] {
	const goenv = (key: string) =>
		set.entries.find(entry => entry.target.kind === 'goenv' && entry.target.key === key && entry.after.present)?.after;
	if (set.origin.startsWith('profile:')) return [`gotune apply ${set.origin.slice('profile:'.length)}`];
	if (set.origin === 'wizard:proxy') return ['gotune probe --apply'];
	if (set.origin === 'wizard:module') return ['gotune init'];
	if (set.origin === 'wizard:cache') {
		const flags = (['GOCACHE', 'GOMODCACHE'] as const).flatMap(key => {
			const after = goenv(key);
			return after?.present ? [`--${key.toLowerCase()} ${after.value}`] : [];
		});
		return flags.length > 0 ? [`gotune cache move ${flags.join(' ')}`] : [];
	}
	return [];
}
