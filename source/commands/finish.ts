import {describeChange, openJournal} from '../core/journal/index.js';
import {maskSecrets} from '../core/mask.js';
import {UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm, jsonEntry, setHeading, showState, targetName} from './journal-output.js';
import {paint, styleFor, writeLine} from './output.js';

/**
 * gotune finish ID: completes a change set a crash cut short, doing only what is missing (a GOENV key not yet written,
 * a block not yet added, a move not yet done or a copied move's source not yet deleted). `rollback --to ID` is the
 * other way out.
 */
export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, usage} = context;
	const id = positionals[0]!;
	if (!/^\d+$/.test(id))
		throw new UsageError(`${id}: a change set id is a number such as 7; gotune history lists the interrupted ones`, usage);
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	return asCommandErrors(usage, async () => {
		const journal = openJournal(runtime);
		const interrupted = await journal.interrupted();
		const set = interrupted.find(s => s.id === id);
		if (set === undefined) {
			const ids = interrupted.map(s => s.id).join(', ');
			throw new UsageError(
				`change set ${id} is not an interrupted change set${ids ? ` (interrupted: ${ids})` : ': none is interrupted'}; gotune history lists them`,
				usage,
			);
		}
		if (!json) {
			writeLine(stdout, paint(style, 'bold', `Finish ${setHeading(set)}:`));
			for (const entry of set.entries) {
				writeLine(
					stdout,
					`  ${describeChange(entry, runtime.env['HOME'], 'plan') ?? `${targetName(entry.target)}: ${showState(entry.before, entry.target)} → ${showState(entry.after, entry.target)}`}`,
				);
			}
		}
		const answer = await confirm(context, `Finish change set #${id}?`, usage);
		if (answer === 'interrupted') return 130;
		if (answer === 'no') {
			if (!json) writeLine(stdout, 'Not finished; nothing was written.');
			return 1;
		}
		const done = await journal.finish(id);
		if (json) writeLine(stdout, JSON.stringify({finished: done.id, status: done.status, entries: done.entries.map(jsonEntry)}, null, 2));
		else
			writeLine(
				stdout,
				`\n${paint(style, 'green', 'Finished')} change set #${done.id} (${maskSecrets(done.origin)}). Undo: gotune rollback --to ${done.id}.`,
			);
		return 0;
	});
}
