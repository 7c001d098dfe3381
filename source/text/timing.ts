/** Wall times as people compare them: 850 ms, 12.3 s, 2 min 05 s (build timing panel, bench, report). */
export function formatMs(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	const minutes = Math.floor(ms / 60_000);
	return `${minutes} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

/** Median with its spread: "1.2 s (1.1–1.4 s)"; a single run has no spread to show. */
export function formatSpread({medianMs, minMs, maxMs}: {medianMs: number; minMs: number; maxMs: number}, runs: number): string {
	return runs <= 1 ? formatMs(medianMs) : `${formatMs(medianMs)} (${formatMs(minMs)}–${formatMs(maxMs)})`;
}

export function percent(part: number, whole: number): string {
	return whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
}
