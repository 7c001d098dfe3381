/**
 * Fault injection for the crash-safety tests: GOTUNE_TEST_CRASH_AT=<point> makes this process SIGKILL itself at that
 * point of an apply. A real crash (power loss, OOM kill) cannot be produced on demand at an exact point, so the tests
 * need this hook; it reads process.env directly because it is a test hook, not a setting users see.
 */
export const CRASH_POINTS = ['before-journal', 'after-journal', 'after-temp-write', 'after-file-write', 'before-mark'] as const;

/**
 * The boundaries of journal.applySteps (and of undoing or finishing its change sets): each is a moment at which the
 * disk holds a state the next gotune must recognise. `steps-*` points are before/after the whole set; the others fire
 * after (or in the middle of) one step's work.
 */
export const STEP_CRASH_POINTS = [
	'steps-after-journal', // intent recorded, nothing done yet
	'after-goenv-step', // a GOENV key written
	'after-block-write', // a start-up file written
	'mid-copy', // half of a cross-filesystem copy done (into the staging directory)
	'after-copy', // copy verified, not yet renamed into place
	'after-move', // the moved tree is at its destination (rename, or staged copy renamed)
	'mid-source-delete', // the source of a copied move renamed aside and half deleted
	'after-source-delete', // the source of a copied move gone
	'after-put', // a staged tree put in place
	'after-aside', // a tree set aside
	'steps-before-mark', // every step done, the set not yet marked applied
	'mid-copy-back', // rollback of a copied move: half copied back
	'mid-tree-remove', // rollback: a tree renamed aside for removal, half deleted
] as const;

export type StepCrashPoint = (typeof STEP_CRASH_POINTS)[number];
export type CrashPoint = (typeof CRASH_POINTS)[number] | (typeof STEP_CRASH_POINTS)[number];

export function crashPoint(point: CrashPoint): void {
	if (crashWanted(point)) process.kill(process.pid, 'SIGKILL');
}

/** Whether a test asked for a crash at POINT (for code that must fire it elsewhere: the copy's worker threads). */
export function crashWanted(point: CrashPoint): boolean {
	return process.env['GOTUNE_TEST_CRASH_AT'] === point;
}
