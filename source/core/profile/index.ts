export {minGoVersion, readProfile, validateProfile, ProfileError, type Profile} from './profile.js';
export {PROFILE_ENV_KEYS, PROFILE_TOP_LEVEL_KEYS} from './keys.js';
export {findTeamProfile, TEAM_PROFILE_NAME} from './discover.js';
export {profileFromChangeSets, profileSavePath, sameAsProfileFile, saveProfile} from './from-journal.js';
