import type {Check} from '../checks.js';
import {maskSecrets} from '../mask.js';
import type {Runtime} from '../runtime.js';
import {openJournal} from './journal.js';

/**
 * Doctor (and the wizard) report change sets a crash cut short: the GOENV file may hold part of one. Reading only;
 * an unreadable journal is reported, never fatal.
 */
export async function journalChecks(runtime: Runtime): Promise<Check[]> {
	try {
		const journal = openJournal(runtime);
		const sets = await journal.changeSets();
		if (sets.length === 0) return [];
		const interrupted = sets.filter(set => set.status === 'interrupted');
		if (interrupted.length === 0) {
			const live = sets.filter(set => set.status === 'applied').length;
			return [{id: 'journal.interrupted', group: 'journal', status: 'ok', message: `Journal: ${sets.length} change set${sets.length === 1 ? '' : 's'} recorded (${live} in effect), none interrupted`}];
		}
		return interrupted.map(set => {
			const keys = set.entries.map(e => (e.target.kind === 'goenv' ? e.target.key : e.target.path)).join(', ');
			const profile = set.origin.startsWith('profile:') ? set.origin.slice('profile:'.length) : undefined;
			return {
				id: 'journal.interrupted',
				group: 'journal',
				status: 'warn',
				message: maskSecrets(`Change set #${set.id} (${set.origin}, ${set.time}) was interrupted before it finished; ${keys} may be only partly changed`),
				fix: maskSecrets(`gotune rollback --to ${set.id}   # undo it${profile ? `\ngotune apply ${profile}   # or finish it` : ''}`),
			};
		});
	} catch (error) {
		return [{id: 'journal.readable', group: 'journal', status: 'warn', message: `The journal could not be read: ${(error as Error).message}`, fix: `Check the permissions of ${runtime.gotuneHome}`}];
	}
}
