import type {Runtime} from '../core/runtime.js';
import {createJournalServices, type JournalServices} from './services/journal.js';
import {createTeamProfileServices, type TeamProfileServices} from './services/team-profile.js';
import {createModuleServices, type ModuleServices} from './services/module.js';
import {createToolchainServices, type ToolchainServices} from './services/toolchain.js';

/**
 * Everything the wizard's views may ask of the outside world. Views get this object as a prop and never import
 * process-running core modules themselves, so view tests can inject fakes with real-shaped data.
 *
 * To add a group: write source/ui/services/NAME.ts exporting `NameServices = {name: {...}}` and
 * `createNameServices(runtime)`, then add it to the intersection and to the spread below (each group lives
 * under its own key, so groups cannot collide).
 */
// Journal, module and team profile are optional so view fixtures without them still type-check (the views cope).
export type Services = ToolchainServices & Partial<JournalServices> & Partial<ModuleServices> & Partial<TeamProfileServices>;

export function createServices(runtime: Runtime): Services {
	return {
		...createToolchainServices(runtime),
		...createJournalServices(runtime),
		...createTeamProfileServices(runtime),
		...createModuleServices(runtime),
	};
}
