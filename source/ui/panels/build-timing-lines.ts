import {formatMs} from '../../text/timing.js';
import {progressLine} from '../kit/progress.js';
import type {BuildRun, Measurements} from '../measurements.js';
import type {Theme} from '../theme.js';

export type TimingLine = {text: string; tone?: 'dim' | 'red' | 'bold'};

/** "before cold 2/3" → "before cold": runs of one kind (and side) form a group. */
function groupOf(build: BuildRun): string {
	return build.label.replace(/\s+\d+\/\d+$/, '');
}

/** "162–202 ms", "1.1–1.4 s": one unit when both ends share it. */
export function formatRange(min: number, max: number): string {
	const a = formatMs(min);
	const b = formatMs(max);
	const unit = /\s(\S+)$/.exec(a)?.[1];
	return unit !== undefined && unit === /\s(\S+)$/.exec(b)?.[1] && !a.includes('min') ? `${a.replace(/\s\S+$/, '')}–${b}` : `${a}–${b}`;
}

function spreadOf(values: number[]) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
	return {median, min: sorted[0]!, max: sorted.at(-1)!};
}

/**
 * The build-timing panel as lines, at most HEIGHT of them, each at most WIDTH wide: one bar per run (length scaled
 * to the slowest run shown), a running build's bar grows with packages done/total, and a kind whose runs are all
 * done gets its median and min–max. When the panel is short (the narrow tabbed layout gives 2–3 lines), finished
 * kinds collapse into their median line and only the newest rows are kept.
 */
export function buildTimingLines(measurements: Measurements, width: number, height: number, theme: Theme): TimingLine[] {
	if (measurements.builds.length === 0) return [{text: 'No builds measured yet.', tone: 'dim'}];
	// A 30-column panel: "incr" leaves room for the numbers.
	const builds =
		width < 40 ? measurements.builds.map(b => ({...b, label: b.label.replace(/\bincremental\b/, 'incr')})) : measurements.builds;
	const groups = new Map<string, BuildRun[]>();
	for (const build of builds) groups.set(groupOf(build), [...(groups.get(groupOf(build)) ?? []), build]);
	const labelWidth = Math.min(Math.max(...builds.map(b => b.label.length)), Math.floor(width / 2));
	const slowest = Math.max(1, ...builds.map(b => b.wallMs ?? 0));
	const bar = (ms: number, room: number) => theme.bar.done.repeat(Math.max(1, Math.round((ms / slowest) * room)));
	const fit = (text: string) => (text.length > width ? text.slice(0, Math.max(0, width - 1)) + theme.ellipsis : text);

	const runLine = (build: BuildRun): TimingLine => {
		const label = build.label.slice(0, labelWidth).padEnd(labelWidth);
		if (build.status === 'failed') return {text: fit(`${label} failed: ${(build.error ?? '').split('\n')[0]}`), tone: 'red'};
		if (build.status === 'running' || build.wallMs === undefined) {
			const room = width - labelWidth - 1;
			const progress =
				build.total === undefined
					? 'starting'
					: progressLine({done: build.done ?? 0, total: build.total, unit: 'count', startedAt: 0, now: 0, width: room, theme});
			return {text: fit(`${label} ${progress}`)};
		}
		const value = formatMs(build.wallMs);
		return {text: fit(`${label} ${bar(build.wallMs, Math.max(1, width - labelWidth - value.length - 2))} ${value}`)};
	};
	const summaryLine = (group: string, runs: BuildRun[]): TimingLine => {
		const {median, min, max} = spreadOf(runs.map(r => r.wallMs!));
		const value = runs.length > 1 ? `${formatMs(median)} (${formatRange(min, max)})` : formatMs(median);
		const label = group.slice(0, labelWidth).padEnd(labelWidth);
		const room = width - labelWidth - value.length - 2;
		return {text: fit(room >= 3 ? `${label} ${bar(median, room)} ${value}` : `${label} ${value}`), tone: 'bold'};
	};
	const complete = (runs: BuildRun[]) =>
		runs.every(r => r.status === 'done' && r.wallMs !== undefined) && runs.length >= (runs[0]?.of ?? 1);

	const full: TimingLine[] = [];
	const compact: TimingLine[] = [];
	const medians: string[] = [];
	const spreads: string[] = [];
	let current: TimingLine | undefined;
	for (const [group, runs] of groups) {
		const done = complete(runs);
		full.push(...runs.map(runLine));
		if (done && runs.length > 1) full.push(summaryLine(group, runs));
		if (done) {
			compact.push(summaryLine(group, runs));
			const {median, min, max} = spreadOf(runs.map(r => r.wallMs!));
			medians.push(`${group} ${formatMs(median)}`);
			if (runs.length > 1) spreads.push(`${group} ${formatRange(min, max)}`);
		} else {
			compact.push(...runs.map(runLine));
			current = runLine(runs.find(r => r.status !== 'done') ?? runs.at(-1)!);
		}
	}
	if (full.length <= height) return full;
	if (compact.length <= height) return compact;
	// The narrow row (2–3 lines): every finished kind's median on one line, their spreads on the next, the build
	// that is running last.
	const merged: TimingLine[] = [];
	if (medians.length > 0) merged.push({text: fit(`median ${medians.join(' · ')}`), tone: 'bold'});
	if (spreads.length > 0) merged.push({text: fit(`spread ${spreads.join(' · ')}`)});
	if (current) merged.splice(Math.min(merged.length, Math.max(0, height - 1)), 0, current);
	return merged.slice(0, Math.max(1, height));
}
