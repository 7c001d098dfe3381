/**
 * Measurement events: what the Verify step (and the Cache step after a move) stream into the build-timing and
 * hit-rate panels while a build runs. Every number comes from a real go run on this machine (rule 7); a failed
 * measurement carries Go's error instead of a number. Ids let a panel update one bar while its build runs.
 *
 * Flow (one way): core task emits → step view forwards with `record(event)` → shell reducer folds them into
 * Measurements (ui/measurements.ts) → panels get them as props.
 */
export type BuildKind = 'cold' | 'warm' | 'incremental';

export type MeasurementEvent =
	| {type: 'build-started'; id: string; kind: BuildKind; label: string; go: string; run: number; of: number}
	/** Packages done/total from the `-v` stream (total from `go list -deps` before the build). */
	| {type: 'build-progress'; id: string; done: number; total: number}
	| {
			type: 'build-finished';
			id: string;
			wallMs: number;
			/** From -debug-actiongraph: build actions with an empty Cmd (hits) and with a non-empty one (misses). */
			hits: number;
			misses: number;
			/** Slowest compiles of this build (CmdReal from the action graph), slowest first. */
			slowest: Array<{package: string; ms: number}>;
	  }
	| {type: 'build-failed'; id: string; error: string}
	/** Module cache: `go: downloading M V` lines counted against the requirements already in GOMODCACHE. */
	| {type: 'modules'; reused: number; downloaded: number};
