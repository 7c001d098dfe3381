import type {Journal} from '../../core/journal/index.js';
import type {Runtime} from '../../core/runtime.js';

/** Opens the journal on first use; later calls get the same one. */
export type JournalOpener = () => Promise<Journal>;

/**
 * The one lazy journal opener the service groups share: the journal module is imported after the first frame
 * (it pulls in the go adapter), and only once however many groups write through it.
 */
export function journalOpener(runtime: Runtime): JournalOpener {
	let opened: Promise<Journal> | undefined;
	return () => (opened ??= import('../../core/journal/journal.js').then(m => m.openJournal(runtime)));
}
