/** Median and spread of repeated runs, and the before/after verdict. Pure: every input is a measured number. */
export type Spread = {medianMs: number; minMs: number; maxMs: number; runs: number};

export function spread(values: number[]): Spread | undefined {
	if (values.length === 0) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
	return {medianMs: median, minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]!, runs: sorted.length};
}

export type Verdict = 'faster' | 'slower' | 'no measurable difference';

/**
 * CURRENT against BASELINE: when one side's min–max range overlaps the other's, the difference is within the runs'
 * spread and is reported as "no measurable difference". A side with one run has no spread to judge noise by, so no
 * difference is measurable either (0.99× from one run each is noise, not "faster"); the text says why (bench-text).
 */
export function verdict(baseline: Spread, current: Spread): {verdict: Verdict; ratio: number} {
	const ratio = baseline.medianMs === 0 ? 1 : current.medianMs / baseline.medianMs;
	if (baseline.runs < 2 || current.runs < 2) return {verdict: 'no measurable difference', ratio};
	const overlap = current.minMs <= baseline.maxMs && baseline.minMs <= current.maxMs;
	if (overlap || current.medianMs === baseline.medianMs) return {verdict: 'no measurable difference', ratio};
	return {verdict: current.medianMs < baseline.medianMs ? 'faster' : 'slower', ratio};
}
