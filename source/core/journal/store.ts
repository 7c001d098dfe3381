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
	/**
	 * The whole GOENV file before and after, so rolling back an untouched file restores it byte for byte. null = absent.
	 * encoding 'latin1': binary strings (one character per byte); older records hold the file decoded as UTF-8.
	 */
	goenv?: {file: string; before: string | null; after: string; encoding?: 'latin1'};
	entries: BeginEntry[];
};
export type BeginEntry = {id: string; target: ChangeTarget; before: TargetState; after?: TargetState; detail?: StepDetail};
/** `after` is given for entries whose result was only known once an external program ran (applyExternal). */
export type AppliedRecord = {type: 'applied'; changeSetId: string; time: string; after?: Record<string, TargetState>};
export type RolledBackRecord = {type: 'rolled-back'; time: string; entryIds: string[]; forced?: boolean};
/** An external program failed without changing anything: nothing to undo, nothing to show. */
export type AbandonedRecord = {type: 'abandoned'; changeSetId: string; time: string; reason: string};

/** A phase of one entry's work that later decisions depend on (a copied move's source deletion has begun / ended). */
export type ProgressRecord = {
	type: 'progress';
	changeSetId: string;
	entryId: string;
	phase: 'source-deleting' | 'source-deleted';
	time: string;
};

export type JournalRecord = BeginRecord | AppliedRecord | RolledBackRecord | AbandonedRecord | ProgressRecord;

/** A line of the journal that was skipped: torn by a crash mid-append, or not a record gotune writes. */
export type DamagedLine = {line: number; reason: string};

export async function readRecords(file: string): Promise<JournalRecord[]> {
	return (await readJournal(file)).records;
}

/** Every readable record, and the lines that were skipped (each reported, none fatal). */
export async function readJournal(file: string): Promise<{records: JournalRecord[]; damaged: DamagedLine[]}> {
	const text = await readFile(file, 'utf8').catch(error => {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
		throw error;
	});
	const records: JournalRecord[] = [];
	const damaged: DamagedLine[] = [];
	for (const [index, line] of text.split('\n').entries()) {
		if (line.trim() === '') continue;
		let parsed: unknown;
		try {
			parsed = JSON.parse(line);
		} catch {
			// A torn line from a crash mid-append: the operation it began never started.
			damaged.push({line: index + 1, reason: 'not JSON (a write cut short)'});
			continue;
		}
		const problem = shapeProblem(parsed);
		if (problem === undefined) records.push(parsed as JournalRecord);
		else damaged.push({line: index + 1, reason: problem});
	}
	return {records, damaged};
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stateProblem(state: unknown): boolean {
	return !isObject(state) || typeof state['present'] !== 'boolean' || (state['present'] === true && !isString(state['value']));
}

function targetProblem(target: unknown): boolean {
	if (!isObject(target)) return true;
	switch (target['kind']) {
		case 'goenv':
			return !isString(target['key']);
		case 'file':
		case 'directory':
			return !isString(target['path']);
		case 'startup-block':
			return !isString(target['path']) || !isString(target['marker']);
		default:
			return true;
	}
}

/** Why a parsed line is not a record this gotune reads (valid JSON of the wrong shape); undefined when it is one. */
function shapeProblem(value: unknown): string | undefined {
	if (!isObject(value)) return 'not a journal record';
	const type = value['type'];
	switch (type) {
		case 'begin': {
			if (!isString(value['changeSetId']) || !isString(value['time']) || !isString(value['origin']) || typeof value['pid'] !== 'number')
				return 'a "begin" record without its id, time, origin or pid';
			const goenv = value['goenv'];
			if (
				goenv !== undefined &&
				(!isObject(goenv) ||
					!isString(goenv['file']) ||
					!isString(goenv['after']) ||
					!(goenv['before'] === null || isString(goenv['before'])))
			)
				return 'a "begin" record with a malformed goenv';
			const entries = value['entries'];
			if (!Array.isArray(entries) || entries.length === 0) return 'a "begin" record without entries';
			for (const entry of entries) {
				if (
					!isObject(entry) ||
					!isString(entry['id']) ||
					targetProblem(entry['target']) ||
					stateProblem(entry['before']) ||
					(entry['after'] !== undefined && stateProblem(entry['after']))
				) {
					return 'a "begin" record with a malformed entry';
				}
			}
			return undefined;
		}
		case 'applied':
			return isString(value['changeSetId']) && (value['after'] === undefined || isObject(value['after']))
				? undefined
				: 'an "applied" record without its change set id';
		case 'abandoned':
			return isString(value['changeSetId']) ? undefined : 'an "abandoned" record without its change set id';
		case 'rolled-back':
			return Array.isArray(value['entryIds']) && value['entryIds'].every(isString)
				? undefined
				: 'a "rolled-back" record without its entry ids';
		case 'progress':
			return isString(value['changeSetId']) && isString(value['entryId']) && isString(value['phase'])
				? undefined
				: 'a "progress" record without its ids';
		default:
			return `a record of unknown type ${JSON.stringify(type)?.slice(0, 40) ?? ''}`;
	}
}

export async function appendRecord(file: string, record: JournalRecord): Promise<void> {
	await appendLineDurable(file, JSON.stringify(record));
}
