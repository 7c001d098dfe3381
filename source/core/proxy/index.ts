/**
 * The Proxy step's core: which GOPROXY candidates to probe, the probe itself (a Task: all candidates at once over the
 * real module-proxy protocol), how go will fetch a module (route), composing GOPROXY from the results, private-module
 * patterns, GOSUMDB validation, and the proof download with the real go.
 */
export * from './candidates.js';
export * from './compose.js';
export * from './escape.js';
export * from './goproxy-list.js';
export * from './gosumdb.js';
export * from './match.js';
export * from './private.js';
export * from './probe.js';
export * from './prove.js';
export * from './route.js';
export * from './settings.js';
export * from './value-problems.js';
