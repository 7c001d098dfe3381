import type {BenchResult, Comparison, SideResult} from './bench.js';

/**
 * The `gotune bench --json` contract (issue 11): every number from a real run; a kind that was not measured has
 * medianMs, actions, hits and misses null and Go's words in `error`, never 0.
 */
export function sideJson(side: SideResult) {
	return {
		go: side.goVersion,
		runs: side.kinds.map(k => ({
			kind: k.kind,
			wallMs: k.wallMs,
			medianMs: k.stats?.medianMs ?? null,
			actions: k.actions,
			hits: k.hits,
			misses: k.misses,
			...(k.edited ? {edited: k.edited} : {}),
			...(k.error ? {error: k.error} : {}),
		})),
		modules: side.modules
			? {
					reused: side.modules.reused,
					downloaded: side.modules.downloaded,
					verified: side.modules.verified,
					...(side.modules.verified === false ? {verifyError: side.modules.verifyMessage} : {}),
				}
			: null,
		slowest: side.slowest,
		...(side.error ? {error: side.error} : {}),
	};
}

export function benchJson(result: BenchResult, extra: {changeSets?: string[]} = {}) {
	const current = result.sides.at(-1)!;
	const {go, ...rest} = sideJson(current);
	return {go, project: result.project, ...rest, comparison: result.comparison ? comparisonJson(result.comparison, extra.changeSets) : null};
}

function comparisonJson(comparison: Comparison, changeSets: string[] | undefined) {
	return {
		baseline: sideJson(comparison.baseline),
		current: sideJson(comparison.current),
		verdict: comparison.verdict,
		ratio: comparison.ratio === null ? null : Math.round(comparison.ratio * 1000) / 1000,
		perKind: comparison.perKind,
		...(changeSets ? {changeSets} : {}),
		...(comparison.error ? {error: comparison.error} : {}),
	};
}
