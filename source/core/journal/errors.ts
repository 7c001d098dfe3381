/** A change the journal will not make; nothing was written. Commands show it as invalid input (exit 2). */
export class JournalRefusal extends Error {
	constructor(readonly problems: Array<{key?: string; message: string; hint?: string}>) {
		super(problems.map(p => (p.key ? `${p.key}: ${p.message}` : p.message) + (p.hint ? `\n  ${p.hint}` : '')).join('\n'));
	}
}

/** The journal could not do its work (lock held too long, disk error, no go to validate with): exit 1. */
export class JournalFailure extends Error {}
