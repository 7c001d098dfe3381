/**
 * Fault injection for the crash-safety tests: GOTUNE_TEST_CRASH_AT=<point> makes this process SIGKILL itself at that
 * point of an apply. A real crash (power loss, OOM kill) cannot be produced on demand at an exact point, so the tests
 * need this hook; it reads process.env directly because it is a test hook, not a setting users see.
 */
export const CRASH_POINTS = ['before-journal', 'after-journal', 'after-temp-write', 'after-file-write', 'before-mark'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export function crashPoint(point: CrashPoint): void {
	if (process.env['GOTUNE_TEST_CRASH_AT'] === point) process.kill(process.pid, 'SIGKILL');
}
