import {describeChange, openJournal} from '../core/journal/index.js';
import type {CommandContext} from './context.js';
import {asCommandErrors, jsonEntry, setHeading, showState, targetName} from './journal-output.js';
import {paint, styleFor, writeLine} from './output.js';

export async function run({runtime, flags, stdout, usage}: CommandContext): Promise<number> {
	return asCommandErrors(usage, async () => {
		const journal = openJournal(runtime);
		const [sets, damaged] = await Promise.all([journal.changeSets(), journal.damaged()]);
		if (flags['json']) {
			writeLine(
				stdout,
				JSON.stringify(
					{
						goenvFile: journal.goenvFile ?? null,
						journal: journal.journalFile,
						entries: sets.flatMap(set => set.entries.map(jsonEntry)),
						damaged,
					},
					null,
					2,
				),
			);
			return 0;
		}
		const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
		for (const {line, reason} of damaged)
			writeLine(stdout, paint(style, 'yellow', `! ${journal.journalFile} line ${line} skipped: ${reason}`));
		if (sets.length === 0) {
			writeLine(stdout, 'No changes recorded yet: gotune apply PROFILE (or the wizard) records every change here.');
			return 0;
		}
		for (const set of sets.filter(s => s.status === 'interrupted')) {
			writeLine(
				stdout,
				paint(
					style,
					'yellow',
					`! change set #${set.id} was interrupted before it finished: gotune rollback --to ${set.id} undoes it, gotune finish ${set.id} completes it.`,
				),
			);
		}
		for (const set of sets) {
			writeLine(stdout, paint(style, 'bold', setHeading(set)));
			const width = Math.max(...set.entries.map(e => targetName(e.target).length));
			for (const entry of set.entries) {
				const after = entry.afterUnknown ? '(unknown: interrupted)' : showState(entry.after, entry.target);
				const status = entry.status === set.status ? '' : `  [${entry.status}]`;
				const described = describeChange(entry, runtime.env['HOME']);
				if (described !== undefined) writeLine(stdout, `  ${entry.id.padEnd(5)} ${described}${status}`);
				else
					writeLine(
						stdout,
						`  ${entry.id.padEnd(5)} ${targetName(entry.target).padEnd(width)}  ${showState(entry.before, entry.target)} → ${after}${status}`,
					);
			}
		}
		return 0;
	});
}
