import path from 'node:path';
import type {Check} from '../checks.js';
import type {Runtime} from '../runtime.js';
import type {ToolchainFindings} from '../steps/toolchain.js';
import {findTeamProfile} from './discover.js';

/** Check ids of the team profile's Go requirements: `gotune doctor --strict` makes a failed one an error. */
export const TEAM_GO_CHECK_IDS = ['team-profile.go-min-version', 'team-profile.go-toolchain'] as const;

/**
 * `gotune doctor` in a repository with a team profile (gotune.json here or at the repository root): does the
 * installed go meet the profile's go.minVersion and go.toolchain? Reuses the toolchain check's `go version`; without
 * a profile it costs a few stat calls and nothing else.
 */
export async function teamProfileChecks(runtime: Runtime, toolchain: Promise<ToolchainFindings>): Promise<Check[]> {
	const file = await findTeamProfile(runtime.cwd);
	if (file === undefined) return [];
	const shown = path.relative(runtime.cwd, file) || file;
	// The profile's reader and rules are loaded only when there is a profile: doctor without one skips their code too.
	const [{ProfileError, readProfile}, {goRequirements}] = await Promise.all([import('./profile.js'), import('./go-requirement.js')]);
	let profile;
	try {
		profile = await readProfile(file);
	} catch (error) {
		if (!(error instanceof ProfileError)) throw error;
		return [
			{
				id: 'team-profile.valid',
				status: 'warn',
				message: `the team profile ${shown} is not valid, so its Go requirements are not checked`,
				fix: `gotune profile check ${shown}`,
				group: 'toolchain',
			},
		];
	}
	if (profile.go === undefined) return [];
	const {discovery} = await toolchain;
	// No go, or one that does not answer `go version`: the toolchain check already says so; say what the team needs.
	return goRequirements(profile, discovery.winner?.version).map(requirement => ({
		id: requirement.kind === 'minVersion' ? TEAM_GO_CHECK_IDS[0] : TEAM_GO_CHECK_IDS[1],
		status: requirement.ok === true ? 'ok' : 'warn',
		message: `${requirement.message} (${shown})`,
		...(requirement.fix ? {fix: requirement.fix} : {}),
		group: 'toolchain',
	}));
}
