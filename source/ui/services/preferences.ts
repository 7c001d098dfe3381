import type {Runtime} from '../../core/runtime.js';

export type PreferencesServices = {
	preferences: {
		/** The panel (by id) the user last chose, from an earlier run; undefined when none or unreadable. */
		lastPanel: () => Promise<string | undefined>;
		/** Remembers the chosen panel; failures are ignored (a preference never fails the wizard). */
		setLastPanel: (id: string) => void;
		/** The step (by id) the last run stopped at, to offer resuming there; undefined when none or it finished. */
		lastStep: () => Promise<string | undefined>;
		/** Remembers the step shown (undefined: the run finished, nothing to resume); failures are ignored. */
		setLastStep: (id: string | undefined) => void;
	};
};

/** conf (core/preferences.ts) is imported on first use, after the first frame. */
export function createPreferencesServices(runtime: Runtime): PreferencesServices {
	const core = () => import('../../core/preferences.js');
	return {
		preferences: {
			lastPanel: async () => (await core()).readPreference(runtime.gotuneHome, 'lastPanel').catch(() => undefined),
			setLastPanel: id => {
				void core()
					.then(m => m.writePreference(runtime.gotuneHome, 'lastPanel', id))
					.catch(() => undefined);
			},
			lastStep: async () => (await core()).readPreference(runtime.gotuneHome, 'lastStep').catch(() => undefined),
			setLastStep: id => {
				void core()
					.then(m => m.writePreference(runtime.gotuneHome, 'lastStep', id))
					.catch(() => undefined);
			},
		},
	};
}
