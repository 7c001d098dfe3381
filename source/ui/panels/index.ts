import {BuildTimingPanel} from './build-timing.js';
import {HitRatesPanel} from './hit-rates.js';
import {RollbackLogPanel} from './rollback-log.js';
import type {PanelDefinition} from './types.js';

/**
 * The panels beside (>= 100 columns) or below (narrower) the step, in Tab order.
 */
export const PANELS: PanelDefinition[] = [
	{id: 'build-timing', title: 'Build timing', View: BuildTimingPanel},
	{id: 'hit-rates', title: 'Hit rates', View: HitRatesPanel},
	{id: 'rollback-log', title: 'Rollback log', View: RollbackLogPanel},
];

export type {PanelDefinition, PanelViewProps} from './types.js';
