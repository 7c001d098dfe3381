/**
 * The Cache step's core: where GOCACHE and GOMODCACHE are and what they hold (inspect), where they could go (targets,
 * with a bounded disk benchmark), moving them through the journal (move: one change set with the DirectoryCopier in
 * copier.ts), and go clean with sizes before and after (clean).
 */
export * from './kinds.js';
export * from './inspect.js';
export * from './move.js';
export * from './clean.js';
export * from './targets.js';
export {createCacheCopier, CopyVerificationError} from './copier.js';
export {checkTarget, spaceNeeded} from './refusals.js';
export {formatBytesShort, rateAndEta} from './format.js';
export {hash1, hashZip} from './dirhash.js';
export {removeTree} from './remove.js';
export type {CacheWarning} from './warnings.js';
