import type {Runtime} from '../core/runtime.js';
import {createJournalServices, type JournalServices} from './services/journal.js';
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
// The journal is optional so view fixtures without one still type-check; the rollback log panel says when it is missing.
export type Services = ToolchainServices & Partial<JournalServices> & Partial<ModuleServices>;

export function createServices(runtime: Runtime): Services {
	return {
		...createToolchainServices(runtime),
		...createJournalServices(runtime),
		...createModuleServices(runtime),
	};
}
