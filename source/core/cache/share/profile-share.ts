import type {GoAdapter} from '../../go-adapter.js';
import {maskUrl} from '../../mask.js';
import type {ChangeSet, GoEnvChange, Journal} from '../../journal/index.js';
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
 * set (applyShare with the keys as extra steps). Without a ready SHARE, the keys alone (journal.apply).
 */
export async function applyProfileWithShare(
	go: GoAdapter | undefined,
	journal: Journal,
	changes: GoEnvChange[],
	share: ProfileShare | undefined,
	origin: string,
	context: {emit: (event: ShareEvent) => void; signal: AbortSignal},
): Promise<ChangeSet | undefined> {
	if (go === undefined || share === undefined || !share.ok || shareInPlace(share)) return journal.apply(changes, origin);
	const planned = await journal.plan(changes);
	const changing = changes.filter((_, index) => !planned[index]!.unchanged);
	return (await applyShare(go, journal, share.plan, origin, {...context, extra: changing})).changeSet;
}
