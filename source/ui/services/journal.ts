import type {ChangeSet, RollbackResult} from '../../core/journal/contract.js';
import type {Runtime} from '../../core/runtime.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

export type JournalServices = {
	journal: {
		/** Change sets, newest first. */
		list: () => Promise<ChangeSet[]>;
		/** Calls LISTENER when any gotune process records something; returns the unsubscribe function. */
		watch: (listener: () => void) => () => void;
		/** Undoes the given change sets, or every live change set recorded since this wizard started ('run'). */
		undo: (what: {changeSets: string[]} | 'run') => Promise<RollbackResult>;
		/** Change sets recorded since this wizard started, still in effect. */
		fromThisRun: (sets: ChangeSet[]) => ChangeSet[];
	};
};

/** The journal is imported lazily, like the other core services, so the first frame does not wait for it. */
export function createJournalServices(
	runtime: Runtime,
	startedAt = new Date().toISOString(),
	journal: JournalOpener = journalOpener(runtime),
): JournalServices {
	const fromThisRun = (sets: ChangeSet[]) => sets.filter(set => set.time >= startedAt && set.status !== 'rolled-back');
	return {
		journal: {
			list: async () => (await journal()).changeSets(),
			watch: listener => {
				let stop: (() => void) | undefined;
				let closed = false;
				void journal().then(opened => {
					if (!closed) stop = opened.watch(listener);
				});
				return () => {
					closed = true;
					stop?.();
				};
			},
			undo: async what => {
				const opened = await journal();
				const ids = what === 'run' ? fromThisRun(await opened.changeSets()).map(set => set.id) : what.changeSets;
				return opened.rollback({kind: 'change-sets', ids});
			},
			fromThisRun,
		},
	};
}
