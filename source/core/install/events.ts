import type {StepProgress} from '../journal/index.js';

/** Progress of an install, in the order it happens. Numbers are measured as the work runs. */
export type InstallEvent =
	| {kind: 'index'; url: string}
	| {kind: 'download'; url: string; bytes: number; total: number; bytesPerSecond: number | null; etaSeconds: number | null}
	| {kind: 'verify'; sha256: string}
	/** The module zip's h1: hash checked against the checksum database NAME (signed tree head, record, inclusion proof). */
	| {kind: 'sumdb'; name: string}
	/** files and bytes written so far; read of total: the compressed archive consumed. */
	| {kind: 'extract'; files: number; bytes: number; read: number; total: number}
	| {kind: 'journal'; progress: StepProgress}
	| {kind: 'check'; goBin: string};

/** Rate over a sliding window of recent samples, so a stall shows as a falling rate rather than the run's average. */
export class RateMeter {
	private samples: Array<{time: number; bytes: number}> = [];

	constructor(
		private readonly windowMs = 3000,
		private readonly now: () => number = Date.now,
	) {}

	sample(bytes: number): {bytesPerSecond: number | null} {
		const time = this.now();
		this.samples.push({time, bytes});
		while (this.samples.length > 2 && time - this.samples[0]!.time > this.windowMs) this.samples.shift();
		const first = this.samples[0]!;
		const elapsed = (time - first.time) / 1000;
		return {bytesPerSecond: elapsed >= 0.2 ? (bytes - first.bytes) / elapsed : null};
	}
}

export function etaSeconds(bytes: number, total: number, bytesPerSecond: number | null): number | null {
	if (bytesPerSecond === null || bytesPerSecond <= 0 || total <= 0) return null;
	return Math.max(0, (total - bytes) / bytesPerSecond);
}
