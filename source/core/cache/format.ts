/** Bytes as people read them (decimal units, like commands/progress.ts formatBytes; core does not import commands/). */
export function formatBytesShort(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Copy rate and time left from two samples of bytes done; null until there is something to measure. */
export function rateAndEta(bytesDone: number, totalBytes: number, elapsedMs: number): {bytesPerSecond: number | null; etaMs: number | null} {
	if (elapsedMs <= 0 || bytesDone <= 0) return {bytesPerSecond: null, etaMs: null};
	const bytesPerSecond = bytesDone / (elapsedMs / 1000);
	return {bytesPerSecond, etaMs: Math.max(0, (totalBytes - bytesDone) / bytesPerSecond * 1000)};
}
