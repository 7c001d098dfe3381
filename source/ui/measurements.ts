import type {BuildKind, MeasurementEvent} from '../core/measure/events.js';

/**
 * What the build-timing and hit-rate panels show, folded from MeasurementEvents (core/measure/events.ts). Only steps
 * that actually ran a build add entries; until then the panels say there is no data (never a placeholder number).
 */
export type BuildRun = {
	id: string;
	kind: BuildKind;
	label: string;
	go: string;
	run: number;
	of: number;
	status: 'running' | 'done' | 'failed';
	/** Packages done/total while running (from the -v stream). */
	done?: number;
	total?: number;
	wallMs?: number;
	hits?: number;
	misses?: number;
	slowest?: Array<{package: string; ms: number}>;
	/** Go's words when the build failed. */
	error?: string;
};

export type Measurements = {
	/** In the order they started; a run keeps its place while it is updated. */
	builds: BuildRun[];
	modules?: {reused: number; downloaded: number};
};

export const NO_MEASUREMENTS: Measurements = {builds: []};

/** Pure fold: the shell reducer calls it for every event a step records. Unknown ids are ignored. */
export function addMeasurement(current: Measurements, event: MeasurementEvent): Measurements {
	switch (event.type) {
		case 'build-started': {
			const {type: _type, ...rest} = event;
			return {...current, builds: [...current.builds.filter(b => b.id !== event.id), {...rest, status: 'running'}]};
		}
		case 'build-progress':
			return update(current, event.id, {done: event.done, total: event.total});
		case 'build-finished':
			return update(current, event.id, {
				status: 'done',
				wallMs: event.wallMs,
				hits: event.hits,
				misses: event.misses,
				slowest: event.slowest,
			});
		case 'build-failed':
			return update(current, event.id, {status: 'failed', error: event.error});
		case 'modules':
			if (current.modules?.reused === event.reused && current.modules.downloaded === event.downloaded) return current;
			return {...current, modules: {reused: event.reused, downloaded: event.downloaded}};
	}
}

/** Unchanged values return CURRENT itself, so the panels (memoised on it) write nothing when nothing changed. */
function update(current: Measurements, id: string, patch: Partial<BuildRun>): Measurements {
	const build = current.builds.find(b => b.id === id);
	if (build === undefined) return current;
	if (Object.entries(patch).every(([key, value]) => build[key as keyof BuildRun] === value)) return current;
	return {...current, builds: current.builds.map(b => (b.id === id ? {...b, ...patch} : b))};
}

export type {MeasurementEvent};
