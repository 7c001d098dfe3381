import type {CacheReport, Candidate, DiskBenchmark} from '../../../core/cache/index.js';
import type {CleanKind} from '../../../core/cache/clean.js';
import {SOURCE_WORDS} from '../../../core/provenance.js';
import {formatBytes} from '../../../text/units.js';
import {wrap} from '../../../text/wrap.js';
import type {SelectItem, SelectRow} from '../../kit/index.js';
import type {Counting} from './model.js';

/** "1 file", "587 files". */
const counted = (count: number, one: string, many: string) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
const files = (count: number) => counted(count, 'file', 'files');

/** A cache's size (or live count), or why there is none. */
export function reportSize(report: CacheReport, counting: Counting | undefined): string {
	return report.unusable
		? report.unusable
		: counting
			? `counting… ${files(counting.files)}, ${formatBytes(counting.bytes)}`
			: report.error
				? `could not count: ${report.error}`
				: report.bytes === null
					? 'counting…'
					: !report.exists
						? 'does not exist yet'
						: `${formatBytes(report.bytes)} in ${files(report.files ?? 0)}`;
}

export function detailLine(report: CacheReport): string {
	const fs =
		report.filesystem === null ? '' : ` · ${report.filesystem} at ${report.mountPoint}, ${formatBytes(report.freeBytes ?? 0)} free`;
	const held =
		report.kind === 'gomodcache' && typeof report.modules === 'number' && report.exists
			? ` · ${counted(report.modules, 'module', 'modules')}, ${counted(report.versions ?? 0, 'version', 'versions')}${report.toolchains?.length ? `, toolchains ${report.toolchains.map(t => t.version).join(' ')}` : ''}`
			: '';
	return `${report.path} (${SOURCE_WORDS[report.source]})${fs}${held}`;
}

/** The shared build cache behind GOCACHE (GOCACHEPROG): client, server, and a client that is gone. */
export function sharedLine(report: CacheReport): string | undefined {
	const shared = report.shared;
	if (!shared) return undefined;
	const client = shared.client.version
		? `${shared.client.path?.split('/').at(-1) ?? 'client'} ${shared.client.version}`
		: `! client missing (every go command fails): ${shared.binary}`;
	return `GOCACHEPROG ${client} · server ${shared.server ?? '(none)'}`;
}

/** A candidate row with its benchmark as a bar relative to the fastest candidate: "▇▇▇▇▇▇···· 420 ops/s". */
export function candidateLine(
	candidate: Candidate,
	bench: DiskBenchmark | undefined,
	relative: number | null,
	barWidth = 12,
	bar = {done: '█', todo: '·'},
): string {
	const origin = candidate.origin === 'default' ? 'default location' : `${candidate.filesystem} at ${candidate.mountPoint}`;
	const speed =
		bench === undefined
			? 'benchmarking…'
			: bench.opsPerSecond === null
				? `benchmark failed: ${bench.error ?? 'unknown error'}`
				: `${bar.done.repeat(Math.max(1, Math.round((relative ?? 0) * barWidth)))}${bar.todo.repeat(barWidth - Math.max(1, Math.round((relative ?? 0) * barWidth)))} ${Math.round(bench.opsPerSecond)} files/s`;
	const room = candidate.fits ? `${formatBytes(candidate.freeBytes)} free` : `only ${formatBytes(candidate.freeBytes)} free: too small`;
	return `${candidate.path}  (${origin}, ${room})  ${speed}`;
}

/** The key column of a cache's row: "GOCACHE    " (the size wraps under its own column, not under the key). */
const KEY_COLUMN = 11;

/**
 * A cache as a row of the overview's list (SelectList): the key and its size (a long one wraps under its own column),
 * then with DETAILS its path, filesystem, shared build cache and warnings, each wrapped whole at ROOM cells (the
 * list's room after the cursor column: selectRoom). Nothing is cut (issue 23).
 */
export function cacheItem(report: CacheReport, counting: Counting | undefined, room: number, details: boolean): SelectItem {
	const sizeRoom = Math.max(1, room - KEY_COLUMN);
	const [first = '', ...more] = room > KEY_COLUMN + 8 ? wrap(reportSize(report, counting), sizeRoom, '') : [''];
	const narrow = room <= KEY_COLUMN + 8 ? wrap(reportSize(report, counting), room, ' ') : [];
	const rows: SelectRow[] = [
		...more.map(text => ({text: `${' '.repeat(KEY_COLUMN)}${text}`, lit: true})),
		// Too narrow for two columns: the size under the key, indented.
		...narrow.map(text => ({text, lit: true})),
	];
	if (details) {
		rows.push(...wrap(detailLine(report), room, ' ').map(text => ({text, dim: true})));
		const shared = sharedLine(report);
		if (shared) rows.push(...wrap(shared, room, ' ').map(text => ({text, color: report.shared?.binaryExists ? undefined : 'yellow'})));
		for (const warning of report.warnings) rows.push(...wrap(`! ${warning.message}`, room, ' ').map(text => ({text, color: 'yellow'})));
	}
	return {id: report.kind, label: `${report.key.padEnd(KEY_COLUMN - 1)} ${first}`.trimEnd(), rows};
}

export const CLEAN_LABEL: Record<CleanKind, string> = {
	cache: 'go clean -cache',
	modcache: 'go clean -modcache',
	testcache: 'go clean -testcache',
	fuzzcache: 'go clean -fuzzcache',
};
