import type {ChangeSet, PlannedChange} from '../../core/journal/contract.js';
import type {Profile} from '../../core/profile/profile.js';
import type {SettingProblem} from '../../core/profile/lint.js';
import type {Runtime} from '../../core/runtime.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

export type FoundProfile =
	| {kind: 'none'}
	| {kind: 'invalid'; file: string; message: string}
	| {kind: 'found'; file: string; profile: Profile; problems: SettingProblem[]};

export type TeamProfileServices = {
	teamProfile: {
		/** gotune.json in the current directory or at the repository root, with its lint problems (contradictory settings). */
		find: () => Promise<FoundProfile>;
		/** The profile against the current settings; rejects with Go's own words for a value go refuses. */
		plan: (profile: Profile) => Promise<PlannedChange[]>;
		/** Applies the chosen keys through the journal, origin `profile:FILE`; undefined when nothing changed. */
		apply: (file: string, profile: Profile, keys: string[]) => Promise<ChangeSet | undefined>;
	};
};

export function createTeamProfileServices(runtime: Runtime, journal: JournalOpener = journalOpener(runtime)): TeamProfileServices {
	const changes = (profile: Profile, keys?: string[]) =>
		Object.entries(profile.env)
			.filter(([key]) => keys === undefined || keys.includes(key))
			.map(([key, value]) => ({key, value}));
	return {
		teamProfile: {
			find: async () => {
				const {findTeamProfile, lintSettings, readProfile, ProfileError} = await import('../../core/profile/index.js');
				const file = await findTeamProfile(runtime.cwd);
				if (file === undefined) return {kind: 'none'};
				try {
					const profile = await readProfile(file);
					return {kind: 'found', file, profile, problems: lintSettings(profile)};
				} catch (error) {
					if (error instanceof ProfileError) return {kind: 'invalid', file, message: error.message};
					throw error;
				}
			},
			plan: async profile => (await journal()).plan(changes(profile)),
			apply: async (file, profile, keys) => (await journal()).apply(changes(profile, keys), `profile:${file}`),
		},
	};
}
