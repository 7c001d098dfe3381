import {formatMs} from '../../text/timing.js';
import type {Measurements} from '../measurements.js';
import type {Theme} from '../theme.js';

export type HitLine = {text: string; tone?: 'dim' | 'bold'};

/** example.com/mod/internal/filter → internal/filter; std paths stay whole. */
export function shortPackage(importPath: string): string {
	const parts = importPath.split('/');
	return parts[0]?.includes('.') && parts.length > 2 ? parts.slice(-2).join('/') : importPath;
}

/**
 * The hit-rates panel as lines: the last finished build's build-cache hits/total as a gauge and a percentage, the
 * slowest compiles of the last build that compiled anything, and the module cache's reused vs downloaded. The
 * gauge comes first, then modules, then the slowest packages, as many as HEIGHT allows.
 */
export function hitRateLines(measurements: Measurements, width: number, height: number, theme: Theme): HitLine[] {
	const done = measurements.builds.filter(b => b.status === 'done' && b.hits !== undefined && b.misses !== undefined);
	const last = done.at(-1);
	const lines: HitLine[] = [];
	const fit = (text: string) => (text.length > width ? text.slice(0, Math.max(0, width - 1)) + theme.ellipsis : text);
	if (last === undefined) lines.push({text: 'No hit rates measured yet.', tone: 'dim'});
	else {
		const total = last.hits! + last.misses!;
		const numbers = total === 0 ? 'no build actions' : `${Math.round((last.hits! / total) * 100)}% ${last.hits}/${total}`;
		const tail = ` ${numbers} ${last.label}`;
		const room = Math.min(20, width - tail.length - 2);
		const gauge =
			total > 0 && room >= 4
				? `[${theme.bar.done.repeat(Math.round((last.hits! / total) * room))}${theme.bar.todo.repeat(room - Math.round((last.hits! / total) * room))}]`
				: 'cache';
		lines.push({text: fit(`${gauge}${tail}`), tone: 'bold'});
	}
	if (measurements.modules) {
		const {reused, downloaded} = measurements.modules;
		const long = `modules: ${reused} reused, ${downloaded} downloaded`;
		lines.push({text: fit(long.length <= width ? long : `modules: ${reused} reused, ${downloaded} new`)});
	}
	const compiled = done.findLast(b => (b.slowest?.length ?? 0) > 0);
	if (compiled && lines.length < height) {
		const items = compiled.slowest!.map(s => `${shortPackage(s.package)} ${formatMs(s.ms)}`);
		const room = height - lines.length;
		const intro = `slowest (${compiled.label}): `;
		if (room === 1) lines.push({text: fit(intro + items.join(', '))});
		else {
			lines.push({text: fit(`slowest compiles, ${compiled.label}:`), tone: 'dim'});
			for (const item of items.slice(0, room - 1)) lines.push({text: fit(`  ${item}`)});
		}
	} else if (last && (last.misses ?? 0) === 0 && lines.length < height) {
		lines.push({text: fit('nothing compiled: every package came from the cache'), tone: 'dim'});
	}
	return lines.slice(0, Math.max(1, height));
}
