import {formatBytes, formatDuration} from '../../text/units.js';
import type {Theme} from '../theme.js';

export type ProgressInput = {
	done: number;
	/** Unknown (a download without Content-Length): no bar, no ETA. */
	total?: number;
	unit: 'count' | 'bytes';
	/** When the work started and the time now (ms), for the rate and the ETA. */
	startedAt: number;
	now: number;
	width: number;
	theme: Theme;
};

/**
 * One progress row, never wider than `width`: "[#####.....]  45%  9/20  3.1/s  ETA 4s". The bar shrinks first,
 * then the rate and ETA go, then the counts: a narrow terminal still shows the most useful part.
 */
export function progressLine({done, total, unit, startedAt, now, width, theme}: ProgressInput): string {
	const format = unit === 'bytes' ? formatBytes : (n: number) => String(n);
	const seconds = (now - startedAt) / 1000;
	const rate = seconds > 0 ? done / seconds : undefined;
	const known = total !== undefined && total > 0;
	const fraction = known ? Math.min(1, done / total) : undefined;
	const parts: string[] = [];
	if (fraction !== undefined) parts.push(`${Math.floor(fraction * 100)}%`);
	parts.push(known ? `${format(done)}/${format(total)}` : format(done));
	const extra: string[] = [];
	if (rate !== undefined && rate > 0) extra.push(unit === 'bytes' ? `${formatBytes(rate)}/s` : `${rate.toFixed(rate < 10 ? 1 : 0)}/s`);
	if (known && rate !== undefined && rate > 0 && done < total) extra.push(`ETA ${formatDuration(((total - done) / rate) * 1000)}`);
	const room = Math.max(0, Math.floor(width));
	const candidates = [[...parts, ...extra].join('  '), parts.join('  '), parts.at(-1) ?? ''];
	const text = candidates.find(candidate => candidate.length <= room) ?? '';
	const barRoom = room - text.length - (text ? 2 : 0) - 2;
	if (fraction === undefined || barRoom < 4) return text.slice(0, room);
	const cells = Math.min(barRoom, 40);
	const filled = Math.round(fraction * cells);
	return `[${theme.bar.done.repeat(filled)}${theme.bar.todo.repeat(cells - filled)}]${text ? `  ${text}` : ''}`;
}
