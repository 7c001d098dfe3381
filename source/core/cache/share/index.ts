/**
 * A build cache the team shares: GOCACHEPROG with an existing client (go-tool-cache's go-cacher) talking to an
 * existing server (gocached). gotune re-implements no cache protocol: it installs the pinned client with go install,
 * writes GOCACHEPROG through the journal, and checks and measures what the real programs do.
 */
export {CACHE_TOKEN_VARIABLE, DEFAULT_CLIENT, MIN_GO} from './client.js';
export {applyProfileWithShare, planProfileShare, shareInPlace, type ProfileShare} from './profile-share.js';
export {
	applyShare,
	planShare,
	shareGoVersion,
	ShareFailure,
	ShareRefusal,
	type ShareEvent,
	type SharePlan,
	type ShareRequest,
	type ShareResult,
} from './setup.js';
export {checkServer, type ServerCheck} from './server-check.js';
export {shareState, type ShareState} from './state.js';
