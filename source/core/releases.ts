import type {Env} from './env.js';
import {readPreference, writePreference} from './preferences.js';
import {compareGoVersions, majorOf, parseGoVersion, type GoVersion} from './version.js';

/** The shape of https://go.dev/dl/?mode=json (only the fields gotune reads). */
export type FeedRelease = {version: string; stable: boolean};

export type ReleaseTable = {
	/** Day the table was read from the feed. */
	asOf: string;
	/** bundled with gotune; read from the go.dev feed (or GOTUNE_GO_MIRROR); or from the module proxy's golang.org/toolchain list. */
	origin: 'bundled' | 'feed' | 'proxy';
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
	{
		env,
		url = RELEASE_FEED_URL,
		goproxy,
		timeoutMs = 3000,
		now = new Date(),
	}: {env: Env; url?: string; goproxy?: string; timeoutMs?: number; now?: Date},
): Promise<ReleaseTable | undefined> {
	const table = (await readFeed(env, url, timeoutMs, now)) ?? (goproxy ? await readToolchainList(env, goproxy, timeoutMs, now) : undefined);
	// Kept in gotune's preferences (atomic write, 0600); a table that cannot be kept is still used this time.
	if (table) await writePreference(gotuneHome, 'releaseTable', table).catch(() => undefined);
	return table;
}

/**
 * The network layer, loaded only when the feed is read: `gotune doctor` reads the cached table and never the network,
 * and the layer's modules were a tenth of the code doctor loaded before it ran anything (issue 18, item 17).
 */
const network = () => Promise.all([import('./net/body.js'), import('./net/config.js'), import('./net/get.js')]);

async function readFeed(env: Env, url: string, timeoutMs: number, now: Date): Promise<ReleaseTable | undefined> {
	try {
		const signal = AbortSignal.timeout(timeoutMs);
		const [{BODY_LIMITS}, {netConfigFrom}, {getBounded}] = await network();
		const config = await netConfigFrom(env);
		const response = await getBounded(new URL(url), {config, signal, limit: {maxBytes: BODY_LIMITS.releaseFeed}});
		if (response.status !== 200) return undefined;
		const body = JSON.parse(response.body.toString('utf8')) as unknown;
		if (!Array.isArray(body)) return undefined;
		const releases = body
			.filter((r): r is FeedRelease => typeof r?.version === 'string' && typeof r?.stable === 'boolean')
			.map(({version, stable}) => ({version, stable}));
		if (releases.length === 0) return undefined;
		return {asOf: now.toISOString().slice(0, 10), origin: 'feed', releases};
	} catch {
		return undefined;
	}
}

/**
 * Where go.dev cannot be reached (a company network, a region served only by a mirror) the module proxy still lists
 * every release go can switch to: golang.org/toolchain, v0.0.1-go1.27.3.linux-amd64 and so on (Go >= 1.21). Its
 * final releases of this machine's platform make the table; the proxies of GOPROXY are asked in order.
 */
async function readToolchainList(env: Env, goproxy: string, timeoutMs: number, now: Date): Promise<ReleaseTable | undefined> {
	const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${{x64: 'amd64', ia32: '386', arm64: 'arm64'}[process.arch as string] ?? process.arch}`;
	const proxies = goproxy
		.split(/[,|]/)
		.map(entry => entry.trim())
		.filter(entry => /^https?:\/\//.test(entry));
	const loaded = await network().catch(() => undefined);
	if (loaded === undefined) return undefined;
	const [{BODY_LIMITS}, {netConfigFrom}, {getBounded}] = loaded;
	const config = await netConfigFrom(env).catch(() => undefined);
	if (config === undefined) return undefined;
	const signal = AbortSignal.timeout(timeoutMs);
	for (const proxy of proxies) {
		try {
			const response = await getBounded(new URL(`${proxy.replace(/\/+$/, '')}/golang.org/toolchain/@v/list`), {
				config,
				signal,
				limit: {maxBytes: BODY_LIMITS.releaseFeed},
			});
			if (response.status !== 200) continue;
			const releases = releasesFromToolchainList(response.body.toString('utf8'), platform);
			if (releases.length > 0) return {asOf: now.toISOString().slice(0, 10), origin: 'proxy', releases};
		} catch {
			// The next proxy, if any; a failure only leaves the table at its older date.
		}
	}
	return undefined;
}

/** v0.0.1-go1.27.3.linux-amd64 lines → final releases (no rc/beta) of PLATFORM, newest first. */
export function releasesFromToolchainList(list: string, platform: string): FeedRelease[] {
	const suffix = `.${platform}`;
	const versions = list
		.split('\n')
		.map(line => line.trim())
		.filter(line => line.startsWith('v0.0.1-go') && line.endsWith(suffix))
		.map(line => line.slice('v0.0.1-'.length, -suffix.length))
		.map(version => parseGoVersion(version))
		.filter((v): v is GoVersion => v !== undefined && v.prerelease === undefined && !v.devel && v.patch !== undefined);
	return versions.sort((a, b) => compareGoVersions(b, a)).map(v => ({version: v.raw, stable: true}));
}
