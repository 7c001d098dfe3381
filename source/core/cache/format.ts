import {formatBytes} from '../../text/units.js';

export const formatBytesShort = formatBytes;

/** Copy rate and time left from two samples of bytes done; null until there is something to measure. */
export function rateAndEta(
	bytesDone: number,
	totalBytes: number,
	elapsedMs: number,
): {bytesPerSecond: number | null; etaMs: number | null} {
	if (elapsedMs <= 0 || bytesDone <= 0) return {bytesPerSecond: null, etaMs: null};
	const bytesPerSecond = bytesDone / (elapsedMs / 1000);
	return {bytesPerSecond, etaMs: Math.max(0, ((totalBytes - bytesDone) / bytesPerSecond) * 1000)};
}
