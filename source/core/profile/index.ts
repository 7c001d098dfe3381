export {
	minGoVersion,
	profileStructureProblems,
	readProfile,
	readProfileText,
	teamToolchain,
	validateProfile,
	ProfileError,
	type Profile,
	type ProfileBuildCache,
} from './profile.js';
export {PROFILE_ENV_KEYS, PROFILE_TOP_LEVEL_KEYS} from './keys.js';
export {findTeamProfile, TEAM_PROFILE_NAME} from './discover.js';
export {profileFromChangeSets, profileSavePath, sameAsProfileFile, saveProfile} from './from-journal.js';
export {lintProfileText, lintSettings, MACHINE_KEYS, type LintProblem, type LintSeverity, type SettingProblem} from './lint.js';
export {parseJsonWithPositions, type Position} from './json-position.js';
export {goRequirements, type GoRequirement} from './go-requirement.js';
