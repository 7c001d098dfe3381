import type {ChangeSet, ChangeStatus, JournalEntry, TargetState} from './contract.js';
import type {BeginRecord, JournalRecord} from './store.js';

export type ChangeSetState = ChangeSet & {begin: BeginRecord; progress: Set<string>};

/** Key of a progress phase in ChangeSetState.progress. */
export const progressKey = (entryId: string, phase: string) => `${entryId}:${phase}`;

/**
 * Folds the records into change sets, newest first. `inProgress(begin)` says whether a begun set is still being
 * applied by a live process holding the lock; such a set is not shown yet (it is not interrupted).
 */
export function foldRecords(records: JournalRecord[], inProgress: (begin: BeginRecord) => boolean): ChangeSetState[] {
	const begins = new Map<string, BeginRecord>();
	const applied = new Map<string, Record<string, TargetState> | undefined>();
	const abandoned = new Set<string>();
	const rolledBack = new Set<string>();
	const progress = new Map<string, Set<string>>();
	for (const record of records) {
		if (record.type === 'progress') {
			if (!progress.has(record.changeSetId)) progress.set(record.changeSetId, new Set());
			progress.get(record.changeSetId)!.add(progressKey(record.entryId, record.phase));
		}
		if (record.type === 'begin') begins.set(record.changeSetId, record);
		else if (record.type === 'applied') applied.set(record.changeSetId, record.after);
		else if (record.type === 'abandoned') abandoned.add(record.changeSetId);
		else if (record.type === 'rolled-back') for (const id of record.entryIds) rolledBack.add(id);
	}
	const sets: ChangeSetState[] = [];
	for (const begin of begins.values()) {
		if (abandoned.has(begin.changeSetId)) continue;
		const isApplied = applied.has(begin.changeSetId);
		if (!isApplied && inProgress(begin)) continue;
		const afterFromMark = applied.get(begin.changeSetId) ?? {};
		// A file an external program left as it was (go get without a go.sum change) is no change: not shown, not undone.
		const changed = begin.entries.filter(entry => {
			const after = afterFromMark[entry.id];
			return !(entry.target.kind === 'file' && after !== undefined && sameFile(entry.before, after));
		});
		const entries: JournalEntry[] = changed.map(entry => {
			const after = afterFromMark[entry.id] ?? entry.after;
			const status: ChangeStatus = rolledBack.has(entry.id) ? 'rolled-back' : isApplied ? 'applied' : 'interrupted';
			return {
				id: entry.id,
				changeSetId: begin.changeSetId,
				time: begin.time,
				origin: begin.origin,
				target: entry.target,
				before: entry.before,
				after: after ?? {present: false},
				status,
				...(after === undefined ? {afterUnknown: true} : {}),
				...(entry.detail ? {detail: entry.detail} : {}),
			};
		});
		sets.push({
			id: begin.changeSetId,
			time: begin.time,
			origin: begin.origin,
			status: setStatus(entries),
			entries,
			begin,
			progress: progress.get(begin.changeSetId) ?? new Set(),
		});
	}
	return sets.sort((a, b) => Number(b.id) - Number(a.id));
}

function sameFile(a: TargetState, b: TargetState): boolean {
	return a.present ? b.present && a.value === b.value : !b.present;
}

function setStatus(entries: JournalEntry[]): ChangeStatus {
	if (entries.some(e => e.status === 'interrupted')) return 'interrupted';
	return entries.some(e => e.status === 'applied') ? 'applied' : 'rolled-back';
}

/** Sequential ids read well in `gotune rollback --to 7`; assigned under the lock, so never reused. */
export function nextChangeSetId(records: JournalRecord[]): string {
	let max = 0;
	for (const record of records) if (record.type === 'begin') max = Math.max(max, Number(record.changeSetId) || 0);
	return String(max + 1);
}

/** A live set: something in it can still be undone. */
export function isLive(set: ChangeSet): boolean {
	return set.entries.some(entry => entry.status !== 'rolled-back');
}
