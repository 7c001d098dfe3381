import path from 'node:path';

/** Where the journal lives under GOTUNE_HOME; its own module so a reader can look for the file without loading the journal. */
export const JOURNAL_FILE_NAME = 'journal.jsonl';

export function journalDir(gotuneHome: string): string {
	return path.join(gotuneHome, 'journal');
}

export function journalFileOf(gotuneHome: string): string {
	return path.join(journalDir(gotuneHome), JOURNAL_FILE_NAME);
}
