import type {Check} from '../checks.js';
import {maskSecrets} from '../mask.js';
import type {Runtime} from '../runtime.js';
import {stat} from 'node:fs/promises';
import type {ChangeSet} from './contract.js';
import {journalFileOf} from './location.js';

/**
 * Doctor (and the wizard) report change sets a crash cut short: the GOENV file may hold part of one. Reading only;
 * an unreadable journal is reported, never fatal.
 */
export async function journalChecks(runtime: Runtime): Promise<Check[]> {
	try {
		// No journal file (gotune never changed anything here): nothing to report, and the journal's code (a sixth of
		// what doctor loaded) is not loaded at all. Any other answer, an unreadable directory too, reads it as before.
		const missing = await stat(journalFileOf(runtime.gotuneHome)).then(
			() => false,
			(error: NodeJS.ErrnoException) => error.code === 'ENOENT',
		);
		if (missing) return [];
		const {openJournal} = await import('./journal.js');
		const journal = openJournal(runtime);
		const [sets, damaged] = await Promise.all([journal.changeSets(), journal.damaged()]);
		const damage: Check[] =
			damaged.length === 0
				? []
				: [
						{
							id: 'journal.damaged',
							group: 'journal',
							status: 'warn',
							message: `The journal ${journal.journalFile} has ${damaged.length} line${damaged.length === 1 ? '' : 's'} gotune cannot read, skipped: ${damaged
								.slice(0, 3)
								.map(d => `line ${d.line} (${d.reason})`)
								.join(', ')}${damaged.length > 3 ? ', ...' : ''}`,
							fix: 'history and rollback work without them; if the file was edited by hand, put the line back as it was or delete it',
						},
					];
		return [...damage, ...setChecks(sets)];
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const permission = code === 'EACCES' || code === 'EPERM';
		return [
			{
				id: 'journal.readable',
				group: 'journal',
				status: 'warn',
				message: `The journal could not be read: ${(error as Error).message}`,
				...(permission ? {fix: `Check the permissions of ${runtime.gotuneHome}`} : {}),
			},
		];
	}
}

/** One check per interrupted change set, or one line saying none is. */
function setChecks(sets: ChangeSet[]): Check[] {
	if (sets.length === 0) return [];
	const interrupted = sets.filter(set => set.status === 'interrupted');
	if (interrupted.length === 0) {
		const live = sets.filter(set => set.status === 'applied').length;
		return [
			{
				id: 'journal.interrupted',
				group: 'journal',
				status: 'ok',
				message: `Journal: ${sets.length} change set${sets.length === 1 ? '' : 's'} recorded (${live} in effect), none interrupted`,
			},
		];
	}
	return interrupted.map(set => {
		const keys = set.entries.map(e => (e.target.kind === 'goenv' ? e.target.key : e.target.path)).join(', ');
		const profile = set.origin.startsWith('profile:') ? set.origin.slice('profile:'.length) : undefined;
		return {
			id: 'journal.interrupted',
			group: 'journal',
			status: 'warn',
			message: maskSecrets(
				`Change set #${set.id} (${set.origin}, ${set.time}) was interrupted before it finished; ${keys} may be only partly changed`,
			),
			fix: maskSecrets(
				`gotune rollback --to ${set.id}   # undo it\ngotune finish ${set.id}        # or complete it${profile ? ` (or: gotune apply ${profile})` : ''}`,
			),
		};
	});
}
