import type {InstallEvent} from '../../core/install/events.js';
import type {InstallPlan, InstallResult} from '../../core/install/install.js';
import type {Runtime} from '../../core/runtime.js';
import type {Task} from '../../core/task.js';

/** A release the Toolchain step offers to install. */
export type ReleaseChoice = {version: string; note: string};

export type InstallServices = {
	install: {
		/** Stable releases from the mirror (GOTUNE_GO_MIRROR, else go.dev): the newest of each supported major first, then the rest, newest first. */
		releases: Task<void, InstallEvent, ReleaseChoice[]>;
		/** What installing VERSION would do (reads the index again; changes nothing). */
		plan: Task<{version: string}, InstallEvent, InstallPlan>;
		/** Downloads, verifies, extracts and applies the plan as one journal change set. */
		run: Task<InstallPlan, InstallEvent, InstallResult>;
		/** The team profile's go.minVersion (gotune.json here or at the repository root); undefined without one. */
		requirement: () => Promise<string | undefined>;
	};
};

/** Core is imported when the user asks for an install, never on the first frame. */
export function createInstallServices(runtime: Runtime): InstallServices {
	return {
		install: {
			releases: async (_input, context) => {
				const [{fetchReleaseIndex, normalizeMirror, chosenMirror}, {offeredReleases}] = await Promise.all([
					import('../../core/install/feed.js'),
					import('../../core/install/resolve.js'),
				]);
				const mirror = normalizeMirror(chosenMirror(undefined, runtime.env));
				context.emit({kind: 'index', url: mirror.href});
				return offeredReleases(await fetchReleaseIndex(mirror, {env: runtime.env, signal: context.signal}));
			},
			plan: async ({version}, context) => {
				const {planInstall} = await import('../../core/install/install.js');
				return planInstall(runtime, {version}, context);
			},
			run: async (plan, context) => {
				const {runInstall} = await import('../../core/install/install.js');
				return runInstall(runtime, plan, context);
			},
			requirement: async () => {
				const {findTeamProfile, readProfile} = await import('../../core/profile/index.js');
				const file = await findTeamProfile(runtime.cwd);
				if (file === undefined) return undefined;
				const profile = await readProfile(file).catch(() => undefined);
				return profile?.go?.minVersion;
			},
		},
	};
}
