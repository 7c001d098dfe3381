/**
 * Per-package hit/miss from `go build -debug-actiongraph=FILE` (go-facts §4.4, §4.5): a `build` action whose Cmd is
 * non-empty ran the compiler (a miss); an empty Cmd was satisfied without running a tool (a hit: the build cache, or
 * in Go 1.19 the prebuilt standard library in $GOROOT/pkg). Other modes (`built-in package` for unsafe, `nop`,
 * `link`, `link-install`, `go build`) are not build actions. Built/NeedBuild are captured before execution and
 * are not used.
 */
export type GraphAction = {
	Mode?: string;
	Package?: string;
	Cmd?: string[] | null;
	/** Nanoseconds of the tool runs (absent before Go records them). */
	CmdReal?: number;
};

export type PackageBuild = {package: string; hit: boolean; ms: number};

export type GraphSummary = {
	packages: PackageBuild[];
	actions: number;
	hits: number;
	misses: number;
	/** The link ran (a new binary was written) for at least one main package. */
	linked: boolean;
};

export function summarizeActionGraph(json: string): GraphSummary {
	const parsed = JSON.parse(json) as unknown;
	if (!Array.isArray(parsed)) throw new Error('the action graph is not a JSON array');
	const packages: PackageBuild[] = [];
	let linked = false;
	for (const action of parsed as GraphAction[]) {
		const ran = Array.isArray(action.Cmd) && action.Cmd.length > 0;
		if (action.Mode === 'link' && ran) linked = true;
		if (action.Mode !== 'build' || !action.Package) continue;
		packages.push({package: action.Package, hit: !ran, ms: ran ? (action.CmdReal ?? 0) / 1e6 : 0});
	}
	const misses = packages.filter(p => !p.hit).length;
	return {packages, actions: packages.length, hits: packages.length - misses, misses, linked};
}

/**
 * Cross-check with the `-v` stream: go prints the import path of every package whose build action was not satisfied
 * by the cache, so the set of misses and the set of -v packages must be the same. Returns what differs.
 */
export function crossCheck(summary: GraphSummary, verbosePackages: Iterable<string>): {onlyInGraph: string[]; onlyInVerbose: string[]} {
	const misses = new Set(summary.packages.filter(p => !p.hit).map(p => p.package));
	const verbose = new Set(verbosePackages);
	return {
		onlyInGraph: [...misses].filter(p => !verbose.has(p)).sort(),
		onlyInVerbose: [...verbose].filter(p => !misses.has(p)).sort(),
	};
}

/** The slowest compiles of one build, slowest first. */
export function slowestCompiles(packages: PackageBuild[], count = 5): Array<{package: string; ms: number}> {
	return packages
		.filter(p => !p.hit)
		.sort((a, b) => b.ms - a.ms || a.package.localeCompare(b.package))
		.slice(0, count)
		.map(p => ({package: p.package, ms: Math.round(p.ms)}));
}
