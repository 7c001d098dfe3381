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
 * What a slow or stalled server does to builds (test/integration/cache-share-slow.test.ts): every lookup waits for the
 * server's answer. gotune-cacher bounds that wait by its --lookup-timeout (cacheprog/main.go, default 3 s) and, after
 * one timeout, the go command uses the local disk only; go-cacher's lookups have no timeout. No figure of a test run
 * is shown: numbers shown come from the user's machine.
 */
const SLOW_SERVER = {
	bundled:
		"every cache lookup waits for the server's answer, up to gotune-cacher's --lookup-timeout (default 3 s): a slow server slows every build; one that stops answering costs a go command one timeout, after which it uses the local disk only; while the server is unwell, undo this change set (gotune rollback)",
	other:
		"every cache lookup waits for the server's answer with no timeout: a slow server slows every build and a server that stops answering holds go commands until they are stopped; while the server is unwell, undo this change set (gotune rollback); gotune-cacher, the default client, bounds each lookup",
};

/** Where the server's access token (GOTUNE_CACHE_TOKEN) goes: a 0600 file for gotune-cacher; go-cacher's command line. */
function tokenRows(plan: SharePlan): PlanRow[] {
	if (plan.tokenFile)
		return [
			{
				label: 'token',
				text: `written to ${plan.tokenFile.path} (readable by you only${plan.tokenFile.replaces ? '; the file there now is set aside and put back on rollback' : ''}); GOCACHEPROG names the file, never the token`,
			},
		];
	if (plan.tokenInClear)
		return [
			{
				label: 'token',
				text: `${plan.client.binary} takes the token on its command line: it is written in clear in the GOENV file (readable by other users) and shows in ps on every go command; gotune-cacher, the default client, reads it from a file only you can read`,
			},
		];
	return [];
}

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
		...tokenRows(plan),
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
		{label: 'slow', text: plan.client.bundled ? SLOW_SERVER.bundled : SLOW_SERVER.other},
	];
}
