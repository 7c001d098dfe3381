import {BuildTimingPanel} from './build-timing.js';
import {HitRatesPanel} from './hit-rates.js';
import {RollbackLogPanel} from './rollback-log.js';
import type {PanelDefinition} from './types.js';

/**
 * The panels beside (>= 100 columns) or below (narrower) the step, in Tab order; one summary line while all are empty.
 */
export const PANELS: PanelDefinition[] = [
	{id: 'build-timing', title: 'Build timing', View: BuildTimingPanel, empty: ({measurements}) => measurements.builds.length === 0},
	{
		id: 'hit-rates',
		title: 'Hit rates',
		View: HitRatesPanel,
		// Its lines: a finished build's hits and misses, or the module cache's reuse (hit-rates-lines.ts).
		empty: ({measurements}) =>
			measurements.modules === undefined &&
			!measurements.builds.some(b => b.status === 'done' && b.hits !== undefined && b.misses !== undefined),
	},
	{
		id: 'rollback-log',
		title: 'Rollback log',
		View: RollbackLogPanel,
		empty: ({changeSets}) => changeSets === undefined || changeSets === 0,
	},
];

export type {PanelDefinition, PanelViewProps} from './types.js';
