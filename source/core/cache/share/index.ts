/**
 * A build cache the team shares: GOCACHEPROG with go-tool-cache's client (gotune-cacher, its library with best-effort
 * HTTP; or go-cacher) talking to an
 * existing server (gocached). gotune re-implements no cache protocol: it installs the client with go install,
 * writes GOCACHEPROG through the journal, and checks and measures what the real programs do.
 */
export {CACHE_TOKEN_VARIABLE, DEFAULT_CLIENT, GO_CACHER_CLIENT, installText, MIN_GO} from './client.js';
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
export {clientLabel, shareState, type ShareState} from './state.js';
