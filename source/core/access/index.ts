/**
 * Private modules that download: which hosts go fetches directly (GOPRIVATE/GONOPROXY), whether go's own request (the
 * go-get page) and the git go runs get through, the problem in plain words, and the fixes that reach the failing
 * request (a ~/.netrc entry, git's url.insteadOf, GOAUTH), as journal steps.
 */
export * from './check.js';
export * from './fixes.js';
export * from './git-probe.js';
export * from './targets.js';
export * from './known.js';
