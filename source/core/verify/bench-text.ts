import {formatMs, formatSpread, percent} from '../../text/timing.js';
import type {BenchResult, Comparison, SideResult} from './bench.js';

/** How many of go's lines a kind that was not measured shows (go build prints up to 10 errors per package). */
const ERROR_LINES = 6;

/** Plain lines for `gotune bench` and the report: one row per kind, then modules and the slowest compiles. */
export function sideLines(side: SideResult, runs: number): string[] {
	const lines: string[] = [];
	let told: string | undefined;
	for (const kind of side.kinds) {
		const name = kind.kind.padEnd(12);
		if (kind.stats === null) {
			const error = kind.error ?? side.error ?? 'no result';
			if (error === told) {
				lines.push(`${name} not measured (the same reason)`);
				continue;
			}
			// go's first lines: a compile error is "# package" and then the file:line: message that says what is wrong.
			const [first = '', ...more] = error.split('\n').filter(line => line.trim() !== '');
			lines.push(`${name} not measured: ${first}`, ...more.slice(0, ERROR_LINES - 1).map(line => `${' '.repeat(13)}${line}`));
			told = error;
			continue;
		}
		const time = formatSpread(kind.stats, runs).padEnd(24);
		const cache = `build cache ${kind.hits}/${kind.actions} hits (${percent(kind.hits!, kind.actions!)})`;
		// A hit with an empty cache: a package go did not compile at all (Go 1.19's prebuilt std in $GOROOT/pkg).
		const prebuilt = kind.kind === 'cold' && kind.hits! > 0 ? ' (packages go did not compile: prebuilt in $GOROOT/pkg)' : '';
		lines.push(`${name} ${time} ${cache}${prebuilt}${kind.edited ? `, after editing ${kind.edited}` : ''}`);
	}
	if (side.modules) {
		const verify =
			side.modules.verified === null
				? ''
				: side.modules.verified
					? '; go mod verify: ok'
					: `; go mod verify failed: ${firstLine(side.modules.verifyMessage)}`;
		lines.push(`modules      ${side.modules.reused} reused from the module cache, ${side.modules.downloaded} downloaded${verify}`);
	}
	if (side.slowest.length > 0)
		lines.push(
			`slowest      ${side.slowest
				.slice(0, 3)
				.map(s => `${s.package} ${formatMs(s.ms)}`)
				.join(', ')} (cold compiles)`,
		);
	return lines;
}

export function comparisonLines(comparison: Comparison): string[] {
	if (comparison.verdict === null || comparison.ratio === null) return [`before/after: ${comparison.error ?? 'not measured'}`];
	const lines = [
		`before/after: ${comparison.verdict}${verdictNote(comparison)}, now ${comparison.ratio.toFixed(2)}× the time before (cold + warm + incremental)`,
	];
	for (const kind of comparison.perKind) {
		if ('error' in kind) continue;
		const before = comparison.baseline.kinds.find(k => k.kind === kind.kind)?.stats;
		const now = comparison.current.kinds.find(k => k.kind === kind.kind)?.stats;
		if (!before || !now) continue;
		lines.push(
			`  ${kind.kind.padEnd(12)} before ${formatMs(before.medianMs).padEnd(9)} now ${formatMs(now.medianMs).padEnd(9)} ${kind.verdict}`,
		);
	}
	return lines;
}

export function benchLines(result: BenchResult, runs: number): string[] {
	const current = result.sides.at(-1)!;
	return [...sideLines(current, runs), ...(result.comparison ? comparisonLines(result.comparison) : [])];
}

function firstLine(text: string): string {
	return text.split('\n')[0] ?? '';
}

/** Why there is no measurable difference: within the runs' spread, or one run of a kind (no spread at all). */
function verdictNote(comparison: Comparison): string {
	if (comparison.verdict !== 'no measurable difference') return '';
	const single = [comparison.baseline, comparison.current].some(side =>
		side.kinds.some(kind => kind.stats !== null && kind.stats.runs < 2),
	);
	return single ? ' (one run of each has no spread to tell one by; 3 runs or more can)' : " (within the runs' spread)";
}
