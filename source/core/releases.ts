import type {Env} from './env.js';
import {BODY_LIMITS} from './net/body.js';
import {netConfigFrom} from './net/config.js';
import {getBounded} from './net/get.js';
import {readPreference, writePreference} from './preferences.js';
import {compareGoVersions, majorOf, parseGoVersion, type GoVersion} from './version.js';

/** The shape of https://go.dev/dl/?mode=json (only the fields gotune reads). */
export type FeedRelease = {version: string; stable: boolean};

export type ReleaseTable = {
	/** Day the table was read from the feed. */
	asOf: string;
	origin: 'bundled' | 'feed';
	releases: FeedRelease[];
};

/** Snapshot of the go.dev feed as read on its date; refreshed by `refreshReleaseTable` when the network allows. */
export const BUNDLED_RELEASES: ReleaseTable = {
	asOf: '2026-09-23',
	origin: 'bundled',
	releases: [
		{version: 'go1.27.1', stable: true},
		{version: 'go1.26.8', stable: true},
	],
};

export const RELEASE_FEED_URL = 'https://go.dev/dl/?mode=json';

export type SupportStatus = {
	status: 'supported' | 'unsupported' | 'newer-than-table' | 'unknown';
	/** The two newest majors in the table, newest first ("1.27", "1.26"). */
	supportedMajors: string[];
	/** Newest patch of this version's major, when it is newer than this version. */
	latestPatch?: string;
	newestRelease?: string;
	table: ReleaseTable;
};

export function supportStatus(version: GoVersion | undefined, table: ReleaseTable): SupportStatus {
	const stable = table.releases
		.filter(release => release.stable)
		.map(release => parseGoVersion(release.version))
		.filter((v): v is GoVersion => v !== undefined)
		.sort((a, b) => compareGoVersions(b, a));
	const majors = [...new Set(stable.map(majorOf))].slice(0, 2);
	const base = {supportedMajors: majors, newestRelease: stable[0]?.raw, table};
	if (version === undefined || stable.length === 0) return {status: 'unknown', ...base};
	const major = majorOf(version);
	if (compareGoVersions(version, stable[0]!) > 0 && !majors.includes(major)) return {status: 'newer-than-table', ...base};
	if (!majors.includes(major)) return {status: 'unsupported', ...base};
	const newestOfMajor = stable.find(v => majorOf(v) === major);
	const behind = newestOfMajor !== undefined && compareGoVersions(version, newestOfMajor) < 0;
	return {status: 'supported', ...base, ...(behind ? {latestPatch: newestOfMajor.raw} : {})};
}

/** The cached feed when gotune has read one, else the bundled snapshot. Never touches the network. */
export async function loadReleaseTable(gotuneHome: string): Promise<ReleaseTable> {
	// No cache yet, or one of the wrong shape (hand-edited, older gotune): the bundled table is the answer.
	const cached = (await readPreference(gotuneHome, 'releaseTable')) as Partial<ReleaseTable> | undefined;
	if (Array.isArray(cached?.releases) && typeof cached.asOf === 'string' && cached.asOf >= BUNDLED_RELEASES.asOf)
		return cached as ReleaseTable;
	return BUNDLED_RELEASES;
}

/**
 * Reads the feed (bounded in time and size) through gotune's network layer, so HTTPS_PROXY/NO_PROXY, SSL_CERT_FILE
 * and ~/.netrc apply as they do for go, and caches it. Any failure returns undefined: a network problem must never
 * fail a check, it only leaves the table at its older date.
 */
export async function refreshReleaseTable(
	gotuneHome: string,
	{env, url = RELEASE_FEED_URL, timeoutMs = 3000, now = new Date()}: {env: Env; url?: string; timeoutMs?: number; now?: Date},
): Promise<ReleaseTable | undefined> {
	try {
		const signal = AbortSignal.timeout(timeoutMs);
		const config = await netConfigFrom(env);
		const response = await getBounded(new URL(url), {config, signal, limit: {maxBytes: BODY_LIMITS.releaseFeed}});
		if (response.status !== 200) return undefined;
		const body = JSON.parse(response.body.toString('utf8')) as unknown;
		if (!Array.isArray(body)) return undefined;
		const releases = body
			.filter((r): r is FeedRelease => typeof r?.version === 'string' && typeof r?.stable === 'boolean')
			.map(({version, stable}) => ({version, stable}));
		if (releases.length === 0) return undefined;
		const table: ReleaseTable = {asOf: now.toISOString().slice(0, 10), origin: 'feed', releases};
		// Kept in gotune's preferences (atomic write, 0600); a table that cannot be kept is still used this time.
		await writePreference(gotuneHome, 'releaseTable', table);
		return table;
	} catch {
		return undefined;
	}
}
