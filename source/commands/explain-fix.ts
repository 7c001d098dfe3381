import type {StagedFix} from '../core/explain/staged.js';
import {openJournal} from '../core/journal/index.js';
import {maskSecrets, maskSetting} from '../core/mask.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {paint, styleFor, writeLine} from './output.js';
import type {CommandContext} from './context.js';

/** What `explain --fix` did: in --json as `fix`, and in gotune's state for doctor and report. */
export type FixOutcome = {
	/** The journal's change set; null when nothing was written (declined, nothing to stage, already so). */
	changeSet: string | null;
	changes: Array<{key: string; value: string | null}>;
	/** Commands gotune does not run: printed for the person. */
	manual: string[];
	declined: boolean;
	/** The go command run again after the change, when explain ran it. */
	proof: {args: string[]; exitCode: number; ok: boolean} | null;
};

/**
 * --fix: STAGED's GOENV changes as one change set through the journal, asked on a terminal (--yes without one), then
 * PROVE re-runs the go command explain ran (when it ran one). Commands such as go mod tidy are printed, never run.
 */
export async function applyFix(
	context: CommandContext,
	staged: StagedFix,
	prove: (() => Promise<{args: string[]; exitCode: number}>) | undefined,
): Promise<FixOutcome | 'interrupted'> {
	const {runtime, stdout, flags} = context;
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const changes = staged.steps.map(s => ({key: s.key, value: s.value === null ? null : maskSetting(s.key, s.value)}));
	const manual = staged.manual.map(maskSecrets);
	const outcome: FixOutcome = {changeSet: null, changes, manual, declined: false, proof: null};
	const out = (line = '') => {
		if (!json) writeLine(stdout, line);
	};
	out();
	if (staged.steps.length === 0) {
		out(paint(style, 'bold', 'Nothing gotune can change for you here.'));
	} else {
		return asCommandErrors(context.usage, async () => {
			const journal = openJournal(runtime);
			out(
				paint(
					style,
					'bold',
					`Fix: ${staged.steps.length} setting${staged.steps.length === 1 ? '' : 's'} in ${journal.goenvFile ?? 'the GOENV file'}`,
				),
			);
			for (const change of changes)
				out(`  ${change.value === null ? `go env -u ${change.key}` : `go env -w ${change.key}=${change.value}`}`);
			const answer = await confirm(context, `Apply ${staged.steps.length === 1 ? 'it' : 'them'} (one change set)?`, context.usage);
			if (answer === 'interrupted') return 'interrupted';
			if (answer === 'no') {
				out('Not applied; nothing was written.');
				printManual(manual, out);
				return {...outcome, declined: true};
			}
			const changeSet = await journal.applySteps(staged.steps, 'explain');
			outcome.changeSet = changeSet?.id ?? null;
			out(
				changeSet
					? `${paint(style, 'green', 'Applied')} change set #${changeSet.id}. Undo: gotune rollback --last (or --to ${changeSet.id}).`
					: 'Nothing to change: the GOENV file already says so.',
			);
			printManual(manual, out);
			if (prove) {
				out(paint(style, 'bold', '\nProof: running the command again'));
				const run = await prove();
				outcome.proof = {args: run.args.map(maskSecrets), exitCode: run.exitCode, ok: run.exitCode === 0};
				out(
					run.exitCode === 0
						? `${paint(style, 'green', 'Proof:')} ${outcome.proof.args.join(' ')} succeeded after the fix.`
						: `${paint(style, 'red', 'Proof failed:')} ${outcome.proof.args.join(' ')} still exits ${run.exitCode}${manual.length > 0 ? ' (see the steps left to you above)' : ''}; the change stays, gotune rollback --last undoes it.`,
				);
			}
			return outcome;
		});
	}
	printManual(manual, out);
	return outcome;
}

function printManual(manual: string[], out: (line?: string) => void): void {
	if (manual.length === 0) return;
	out('Left to you (gotune does not run these):');
	for (const command of manual) out(`  ${command}`);
}
