import {readPreference, writePreference} from '../preferences.js';
import type {ProbeResult} from './probe.js';

/** What `gotune probe --json` prints, and what gotune keeps of the last probe for `gotune report`. */
export type ProbeDocument = {
	module: string;
	/** The probe's results as ProbeResult has them, without the internals (sumdb, versions, failedAt, elapsedMs). */
	candidates: Array<
		Pick<
			ProbeResult,
			'url' | 'source' | 'ok' | 'status' | 'error' | 'latencyMs' | 'connectMs' | 'tlsMs' | 'firstByteMs' | 'bytesPerSec' | 'detail'
		>
	>;
	goproxy: string | null;
};

export function probeDocument(module: string, results: ProbeResult[], goproxy: string | null): ProbeDocument {
	const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
	return {
		module,
		candidates: results.map(r => ({
			url: r.url,
			source: r.source,
			ok: r.ok,
			status: r.status,
			error: r.error,
			latencyMs: round(r.latencyMs),
			connectMs: round(r.connectMs),
			tlsMs: round(r.tlsMs),
			firstByteMs: round(r.firstByteMs),
			bytesPerSec: r.bytesPerSec === null ? null : Math.round(r.bytesPerSec),
			detail: r.detail,
		})),
		goproxy,
	};
}

/**
 * Keeps the last probe (gotune probe or the Proxy step) with its time, for the report. Losing it is harmless:
 * false when it could not be written, never an error.
 */
export async function saveLastProbe(gotuneHome: string, document: ProbeDocument): Promise<boolean> {
	return writePreference(gotuneHome, 'lastProbe', {time: new Date().toISOString(), result: document});
}

export async function loadLastProbe(gotuneHome: string): Promise<{time: string; result: ProbeDocument} | undefined> {
	const stored = await readPreference(gotuneHome, 'lastProbe');
	if (!stored || typeof stored.time !== 'string' || typeof stored.result !== 'object' || stored.result === null) return undefined;
	const result = stored.result as Partial<ProbeDocument>;
	return Array.isArray(result.candidates) && typeof result.module === 'string'
		? {time: stored.time, result: result as ProbeDocument}
		: undefined;
}
