import type {GoAdapter} from '../../go-adapter.js';
import {maskUrl} from '../../mask.js';
import type {ChangeSet, ChangeStep, GoEnvChange, Journal} from '../../journal/index.js';
import type {ProfileBuildCache} from '../../profile/profile.js';
import {CACHE_TOKEN_VARIABLE, DEFAULT_CLIENT} from './client.js';
import {applyShare, planShare, ShareFailure, ShareRefusal, type ShareEvent, type SharePlan} from './setup.js';

/** Already set up as the profile says: GOCACHEPROG has the planned value and its client is in place. */
export function shareInPlace(share: ProfileShare | undefined): boolean {
	return share?.ok === true && share.plan.current === share.plan.value && share.plan.replacesBinary;
}

/** A profile's buildCache as planned: ready to set up, or why not (server down, go too old) in plain words. */
export type ProfileShare = {ok: true; plan: SharePlan} | {ok: false; server: string; problem: string};

/**
 * Plans a team profile's buildCache with the very code of gotune cache share (planShare: client pinned, server
 * checked with go-tool-cache's protocol, go >= 1.24). -trimpath goes to GOFLAGS only when the profile does not set
 * GOFLAGS itself (its value then wins, and the lint says to add -trimpath there).
 */
export async function planProfileShare(go: GoAdapter, cache: ProfileBuildCache, profileEnv: Record<string, string>): Promise<ProfileShare> {
	const token = go.env[CACHE_TOKEN_VARIABLE] || undefined;
	try {
		const plan = await planShare(go, {
			server: cache.server,
			client: cache.client ?? DEFAULT_CLIENT,
			trimpath: cache.trimpath === true && profileEnv['GOFLAGS'] === undefined,
			...(token ? {token} : {}),
		});
		if (!plan.serverCheck.ok) return {ok: false, server: plan.serverCheck.server, problem: plan.serverCheck.message};
		return {ok: true, plan};
	} catch (error) {
		if (error instanceof ShareRefusal || error instanceof ShareFailure)
			return {ok: false, server: maskUrl(cache.server), problem: error.message.replace(/^--(server|client): /, 'buildCache: ')};
		throw error;
	}
}

/**
 * Applies a profile: its GOENV keys CHANGES, and, when SHARE is ready, the shared build cache with them in one change
 * set (applyShare with the keys as extra steps). STEPS: what else the change set puts in place (the wizard's
 * onboarding builds the profile's tools first). Without a ready SHARE, the keys (and STEPS) alone. `gotune apply` and
 * the wizard's onboarding both apply a profile through here.
 */
export async function applyProfileWithShare(
	go: GoAdapter | undefined,
	journal: Journal,
	changes: GoEnvChange[],
	share: ProfileShare | undefined,
	origin: string,
	context: {emit: (event: ShareEvent) => void; signal: AbortSignal; steps?: ChangeStep[]},
): Promise<ChangeSet | undefined> {
	const steps = context.steps ?? [];
	// The shared build cache still to set up, with the go that sets it up.
	const ready = go !== undefined && share?.ok === true && !shareInPlace(share) ? {go, plan: share.plan} : undefined;
	if (ready === undefined && steps.length === 0) return journal.apply(changes, origin);
	const planned = await journal.plan(changes);
	const changing = changes.filter((_, index) => !planned[index]!.unchanged);
	if (ready === undefined) {
		const keys = changing.map(({key, value}) => ({kind: 'goenv' as const, key, value}));
		return journal.applySteps([...keys, ...steps], origin, {signal: context.signal});
	}
	return (await applyShare(ready.go, journal, ready.plan, origin, {...context, extra: changing, steps})).changeSet;
}
