// The Proxy step's pure rules, one chunk loaded with the step (services/proxy.ts), not before the first frame.
export {validateCandidateUrl} from '../../core/proxy/candidates.js';
export {composeGoproxy, goproxyWarnings} from '../../core/proxy/compose.js';
export {parseGosumdb} from '../../core/proxy/gosumdb.js';
export {checkPatterns} from '../../core/proxy/private.js';
export {routeModule} from '../../core/proxy/route.js';
