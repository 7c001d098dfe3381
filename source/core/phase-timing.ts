/**
 * GOTUNE_DEBUG_TIMING=1: where a command's time goes. Code marks the end of each phase (markPhase); the command
 * writes them at its end (phaseTimings) as ms since the process started, each with the ms since the previous mark.
 * Off by default: a mark is then a no-op. Used by `cache move` (issue 18: the whole command against cp -a).
 */
let marks: Array<{label: string; at: number}> | undefined;

/** Starts recording when ENV asks for it (GOTUNE_DEBUG_TIMING non-empty). */
export function startPhaseTiming(env: Record<string, string | undefined>): void {
	if (env['GOTUNE_DEBUG_TIMING']) marks = [{label: 'process start → command', at: performance.now()}];
}

export function markPhase(label: string): void {
	marks?.push({label, at: performance.now()});
}

/** The recorded phases as lines ("timing: 412 ms (+38) label"); empty when timing is off. */
export function phaseTimings(): string[] {
	if (marks === undefined) return [];
	return marks.map((mark, index) => {
		const previous = index === 0 ? 0 : marks![index - 1]!.at;
		return `timing: ${mark.at.toFixed(0).padStart(5)} ms (+${(mark.at - previous).toFixed(0).padStart(4)}) ${mark.label}`;
	});
}
