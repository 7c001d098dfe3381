import {maskSetting} from '../../mask.js';
import type {SharePlan} from './setup.js';

/** A check round trip this slow is said: each of a build's many lookups waits about as long. */
export const SLOW_MS = 500;

/** Measured (test/integration/cache-share.test.ts): what go-cacher does when its server goes away. */
const SERVER_DOWN_CAVEAT =
	'with the server down, a build under way goes on and later builds use the client\'s local disk, but go-cacher does not treat a failed upload as a miss: a go command that stores something its local disk lacks can fail once with "Put ... connection refused" (seen with go 1.26); running it again works';

/** Measured (test/integration/cache-share-slow.test.ts): go-cacher's HTTP client has no timeout and no flag to set one. */
const SLOW_SERVER_CAVEAT =
	'go-cacher has no timeout and no option to set one: every cache lookup waits for the server, so a slow server slows every build (400 ms per answer made a 6-package build 11.7 s instead of 2.0 s) and a server that stops answering holds go commands until they are stopped; while the server is unwell, undo this change set (gotune rollback)';

/** One row of the plan: a label (empty: it continues the row above) and its text. */
export type PlanRow = {label: string; text: string};

/**
 * The shared build cache plan as labelled rows, for `gotune cache share` (aligned columns) and the wizard's Cache
 * step (the text wrapped under its label). The token is masked.
 */
export function planRows(plan: SharePlan): PlanRow[] {
	const check = plan.serverCheck;
	return [
		{
			label: 'server',
			text: `${check.server}  ${check.ok ? `answers go-cacher's protocol (${check.ms} ms)${check.ms >= SLOW_MS ? '; slow: see below' : ''}` : ''}`,
		},
		{label: 'client', text: `go install ${plan.client.query}`},
		{
			label: '',
			text: `→ ${plan.binary}${plan.replacesBinary ? ' (the program there now is set aside, and put back on rollback)' : ''}`,
		},
		{label: 'GOENV', text: `GOCACHEPROG=${maskSetting('GOCACHEPROG', plan.value)}`},
		...(plan.current ? [{label: '', text: `(was ${maskSetting('GOCACHEPROG', plan.current)})`}] : []),
		...(plan.goflags !== undefined ? [{label: '', text: `GOFLAGS=${plan.goflags}`}] : []),
		{label: 'local', text: `the client also keeps every object in ${plan.diskDir ?? 'its cache directory'}`},
		...(plan.trimpath || plan.goflags !== undefined
			? []
			: [
					{
						label: 'note',
						text: 'without -trimpath go keys packages outside GOROOT by their directory: machines share the standard library and checkouts at the same path only (--trimpath adds it to GOFLAGS)',
					},
				]),
		{label: 'caveat', text: SERVER_DOWN_CAVEAT},
		{label: 'slow', text: SLOW_SERVER_CAVEAT},
	];
}
