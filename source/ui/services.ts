import type {Runtime} from '../core/runtime.js';
import {createCacheServices, type CacheServices} from './services/cache.js';
import {createChangesServices, type ChangesServices} from './services/changes.js';
import {createInstallServices, type InstallServices} from './services/install.js';
import {createJournalServices, type JournalServices} from './services/journal.js';
import {createModuleServices, type ModuleServices} from './services/module.js';
import {journalOpener} from './services/open-journal.js';
import {createPreferencesServices, type PreferencesServices} from './services/preferences.js';
import {createProxyServices, type ProxyServices} from './services/proxy.js';
import {createSwitchServices, type SwitchServices} from './services/switch.js';
import {createTeamProfileServices, type TeamProfileServices} from './services/team-profile.js';
import {createToolchainServices, type ToolchainServices} from './services/toolchain.js';
import {createTroubleshootServices, type TroubleshootServices} from './services/troubleshoot.js';
import {createVerifyServices, type VerifyServices} from './services/verify.js';

/**
 * Everything the wizard's views may ask of the outside world. Views get this object as a prop and never import
 * process-running core modules themselves, so view tests can inject fakes with real-shaped data. Every group is
 * always there (test/view/fixtures.ts has a harmless default fake per group), so views have no "not available" branch.
 *
 * To add a group: write source/ui/services/NAME.ts exporting `NameServices = {name: {...}}` and
 * `createNameServices(runtime, journal)`, add it to the intersection and to createServices below (each group
 * lives under its own key, so groups cannot collide), and add its default fake to test/view/fixtures.ts.
 */
export type Services = ToolchainServices &
	JournalServices &
	ModuleServices &
	TeamProfileServices &
	ProxyServices &
	CacheServices &
	PreferencesServices &
	InstallServices &
	SwitchServices &
	VerifyServices &
	TroubleshootServices &
	ChangesServices;

export function createServices(runtime: Runtime): Services {
	// One lazily opened journal for every group that writes through it.
	const journal = journalOpener(runtime);
	return {
		...createToolchainServices(runtime),
		...createJournalServices(runtime, undefined, journal),
		...createTeamProfileServices(runtime, journal),
		...createModuleServices(runtime, journal),
		...createProxyServices(runtime, journal),
		...createCacheServices(runtime, journal),
		...createPreferencesServices(runtime),
		...createInstallServices(runtime),
		...createSwitchServices(runtime, journal),
		...createVerifyServices(runtime, journal),
		...createTroubleshootServices(runtime, journal),
		...createChangesServices(runtime),
	};
}
