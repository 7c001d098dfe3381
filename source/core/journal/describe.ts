import type {JournalEntry, RollbackStep} from './contract.js';

/**
 * Plain words for start-up-block and directory entries (history, rollback, the rollback log): their states are block
 * texts and tree locations, which read badly as "old → new" values. GOENV keys and whole files keep their own format.
 */

/** ~/.bashrc instead of /home/ana/.bashrc. */
export function tildePath(p: string, home: string | undefined): string {
	if (home === undefined || home === '' || home === '/') return p;
	const base = home.replace(/\/+$/, '');
	return p === base ? '~' : p.startsWith(`${base}/`) ? `~${p.slice(base.length)}` : p;
}

/**
 * What an entry did, e.g. `~/.bashrc: gotune block "go-path" added`, `directory /a → /b (moved)`; undefined for GOENV
 * keys and files. AS 'plan' words it as what finishing will do; otherwise an interrupted move is not said to be done
 * (its copy may never have started).
 */
export function describeChange(entry: JournalEntry, home?: string, as: 'record' | 'plan' = 'record'): string | undefined {
	const {target, detail} = entry;
	if (target.kind === 'startup-block') {
		return `${tildePath(target.path, home)}: gotune block "${target.marker}" ${entry.before.present ? 'replaced' : 'added'}`;
	}
	if (target.kind !== 'directory' || detail === undefined) return undefined;
	const at = (p: string) => tildePath(p, home);
	switch (detail.kind) {
		case 'move-dir': {
			const how = detail.sameFs ? 'moved' : detail.keepSource ? 'copied, original kept' : 'copied, original deleted';
			if (entry.status === 'interrupted' && as === 'record') {
				const planned = detail.sameFs ? 'a rename' : detail.keepSource ? 'a copy, original kept' : 'a copy, then the original deleted';
				return `directory ${at(detail.from)} → ${at(detail.to)} (${planned}: interrupted, not known to be done; gotune finish ${entry.changeSetId} completes it)`;
			}
			return `directory ${at(detail.from)} → ${at(detail.to)} (${how})`;
		}
		case 'put-dir':
			return `${detail.file ? 'file' : 'directory'} ${at(detail.to)} (put in place)`;
		case 'set-aside':
			return `${detail.file ? 'file' : 'directory'} ${at(detail.path)} → ${at(detail.aside)} (set aside)`;
		default:
			return undefined;
	}
}

/** What undoing an entry does (or why it is left), for rollback plans; undefined for GOENV keys and files. */
export function describeUndo({entry, action}: RollbackStep, force: boolean, home?: string): string | undefined {
	const {target, detail} = entry;
	if (target.kind === 'startup-block') {
		const name = `${tildePath(target.path, home)}: gotune block "${target.marker}"`;
		const undo = entry.before.present ? 'put back as it was' : 'removed';
		if (action === 'restore') return `${name} ${undo} (the rest of the file is kept as it is)`;
		if (action === 'already') return `${name} already ${entry.before.present ? 'as it was' : 'gone'}`;
		return `${name}: conflict: the block was edited since gotune added it; ${force ? `--force: ${undo}` : `left as is (--force: ${undo})`}`;
	}
	if (target.kind !== 'directory' || detail === undefined || detail.kind === 'startup-block') return undefined;
	const at = (p: string) => tildePath(p, home);
	const [now, then] =
		detail.kind === 'move-dir'
			? [detail.to, detail.from]
			: detail.kind === 'set-aside'
				? [detail.aside, detail.path]
				: [detail.to, undefined];
	const noun = detail.kind !== 'move-dir' && detail.file ? 'file' : 'directory';
	if (action === 'conflict') {
		return `${noun} ${at(target.path)}: conflict: it is not where gotune left it (${at(now)}) or something else is in its place; left as is, move it by hand`;
	}
	if (action === 'already') return then === undefined ? `${noun} ${at(now)} already gone` : `${noun} ${at(then)} already back`;
	if (detail.kind === 'move-dir' && detail.keepSource) return `directory ${at(then!)} was kept; the copy at ${at(now)} is left in place`;
	if (then === undefined) return `${noun} ${at(now)} removed`;
	return `${noun} ${at(now)} → ${at(then)} (${detail.kind === 'move-dir' ? 'moved back' : 'put back'})`;
}
