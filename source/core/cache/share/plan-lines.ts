import {maskSetting} from '../../mask.js';
import {installText, isGoCacher} from './client.js';
import type {SharePlan} from './setup.js';

/** A check round trip this slow is said: each of a build's many lookups waits about as long. */
export const SLOW_MS = 500;

/**
 * Measured (test/integration/cache-share.test.ts, the server killed mid-build): what each client does when its server
 * goes away. gotune-cacher: that build and every later go command succeed, even with its local disk emptied.
 */
const SERVER_DOWN = {
	bundled:
		'with the server down, builds go on: a lookup the server cannot answer is a miss and an upload it cannot take is skipped (the object stays on the local disk); gotune-cacher prints the first failed upload and how many failed, and never fails a build for them',
	goCacher:
		'go-cacher can fail a build when its server is down: it does not treat a failed upload as a miss, so a go command that stores something its local disk lacks can fail with "Put ... connection refused" (measured: go build, go list -export). gotune-cacher, the default client, does not fail builds',
	other:
		'gotune has not measured what this client does when its server is down; gotune-cacher, the default client, never fails a build for it',
};

/**
 * Measured (test/integration/cache-share-slow.test.ts, with go-cacher; gotune-cacher's lookups are the same library
 * code): a lookup has no timeout. gotune-cacher's uploads run in the background, each bounded by --upload-timeout.
 */
const SLOW_SERVER_CAVEAT =
	'a cache lookup has no timeout and no option to set one: every lookup waits for the server, so a slow server slows every build (400 ms per answer made a 6-package build 11.7 s instead of 2.0 s, measured with go-cacher) and a server that stops answering holds go commands until they are stopped; while the server is unwell, undo this change set (gotune rollback)';

function serverDownCaveat(plan: SharePlan): string {
	if (plan.client.bundled) return SERVER_DOWN.bundled;
	return isGoCacher(plan.binary) ? SERVER_DOWN.goCacher : SERVER_DOWN.other;
}

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
			text: `${check.server}  ${check.ok ? `answers go-tool-cache's protocol (${check.ms} ms)${check.ms >= SLOW_MS ? '; slow: see below' : ''}` : ''}`,
		},
		{label: 'client', text: installText(plan.client)},
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
		{label: plan.client.bundled ? 'down' : 'caveat', text: serverDownCaveat(plan)},
		{label: 'slow', text: SLOW_SERVER_CAVEAT},
	];
}
