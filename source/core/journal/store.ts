import {readFile} from 'node:fs/promises';
import type {ChangeTarget, StepDetail, TargetState} from './contract.js';
import {appendLineDurable} from './durable-fs.js';

/**
 * The journal on disk: one JSON record per line, appended and fsynced (mode 0600). Append-only, so a crash can at
 * worst leave a torn last line, which reading skips. A change set's status follows from which records exist:
 * begin without applied = interrupted.
 */
export type BeginRecord = {
	type: 'begin';
	changeSetId: string;
	time: string;
	origin: string;
	pid: number;
	/** The whole GOENV file before and after, so rolling back an untouched file restores it byte for byte. null = absent. */
	goenv?: {file: string; before: string | null; after: string};
	entries: BeginEntry[];
};
export type BeginEntry = {id: string; target: ChangeTarget; before: TargetState; after?: TargetState; detail?: StepDetail};
/** `after` is given for entries whose result was only known once an external program ran (applyExternal). */
export type AppliedRecord = {type: 'applied'; changeSetId: string; time: string; after?: Record<string, TargetState>};
export type RolledBackRecord = {type: 'rolled-back'; time: string; entryIds: string[]; forced?: boolean};
/** An external program failed without changing anything: nothing to undo, nothing to show. */
export type AbandonedRecord = {type: 'abandoned'; changeSetId: string; time: string; reason: string};

/** A phase of one entry's work that later decisions depend on (a copied move's source deletion has begun / ended). */
export type ProgressRecord = {type: 'progress'; changeSetId: string; entryId: string; phase: 'source-deleting' | 'source-deleted'; time: string};

export type JournalRecord = BeginRecord | AppliedRecord | RolledBackRecord | AbandonedRecord | ProgressRecord;

export async function readRecords(file: string): Promise<JournalRecord[]> {
	const text = await readFile(file, 'utf8').catch(error => {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
		throw error;
	});
	const records: JournalRecord[] = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		try {
			const record = JSON.parse(line) as JournalRecord;
			if (record && typeof record === 'object' && typeof record.type === 'string') records.push(record);
		} catch {
			// A torn line from a crash mid-append: the operation it began never started.
		}
	}
	return records;
}

export async function appendRecord(file: string, record: JournalRecord): Promise<void> {
	await appendLineDurable(file, JSON.stringify(record));
}
