/**
 * What the build-timing and hit-rate panels show. Only steps that actually ran a build or read cache
 * statistics add entries; until then the panels say there is no data (never a placeholder number).
 */
export type BuildTiming = {
	/** What was built, e.g. "go build ./... (cold cache)". */
	label: string;
	wallMs: number;
	/** Go version that built it. */
	go: string;
};

export type HitRate = {
	/** GOCACHE (build cache) or GOMODCACHE (module downloads). */
	cache: string;
	hits: number;
	total: number;
};

export type Measurements = {
	builds: BuildTiming[];
	hitRates: HitRate[];
};

export type Measurement = {kind: 'build'; build: BuildTiming} | {kind: 'hit-rate'; hitRate: HitRate};

export const NO_MEASUREMENTS: Measurements = {builds: [], hitRates: []};

export function addMeasurement(current: Measurements, measurement: Measurement): Measurements {
	if (measurement.kind === 'build') return {...current, builds: [...current.builds, measurement.build]};
	// A newer reading of the same cache replaces the old one: the panel shows the current rate, not a history.
	const others = current.hitRates.filter(rate => rate.cache !== measurement.hitRate.cache);
	return {...current, hitRates: [...others, measurement.hitRate]};
}
