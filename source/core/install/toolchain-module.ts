import type {Env} from '../env.js';
import {BODY_LIMITS, getBounded, netConfigFrom} from '../net/index.js';
import {maskSecrets} from '../mask.js';
import {parseGoproxy, type GoproxyEntry} from '../proxy/goproxy-list.js';
import {matchPrefixPatterns} from '../proxy/match.js';
import {parseGosumdb} from '../proxy/gosumdb.js';
import type {RouteSettings} from '../proxy/route.js';
import {TaskCancelled} from '../task.js';
import {HttpStatusFailure, InstallFailure, InstallRefusal} from './errors.js';
import type {Release} from './feed.js';
import type {GoPlatform} from './resolve.js';
import type {SumdbTarget} from './sumdb/client.js';

/** go publishes every release since 1.21 as versions of this module (toolchain/select.go gotoolchainModule). */
export const TOOLCHAIN_MODULE = 'golang.org/toolchain';
/** toolchain/select.go gotoolchainVersion: v0.0.1-go1.21.0.linux-amd64. */
const TOOLCHAIN_VERSION_PREFIX = 'v0.0.1-';

export function toolchainModuleVersion(goVersion: string, platform: GoPlatform): string {
	return `${TOOLCHAIN_VERSION_PREFIX}${goVersion}.${platform.os}-${platform.arch}`;
}

/** What the proxy route needs from the settings go would use. */
export type ToolchainRoute = {proxies: GoproxyEntry[]; sumdb: SumdbTarget; notes: string[]};

/**
 * How go fetches golang.org/toolchain with SETTINGS: the GOPROXY list as go parses it, and ALWAYS a checksum
 * database (modfetch/sumdb.go useSumDB: toolchains cannot be listed in go.sum, so GONOSUMDB and GOPRIVATE do not
 * exempt them, and GOSUMDB=off makes go refuse the download).
 */
export function toolchainRoute(settings: RouteSettings): ToolchainRoute {
	const parsed = parseGoproxy(settings.GOPROXY);
	if (parsed.error) throw new InstallRefusal(`GOPROXY=${maskSecrets(settings.GOPROXY)}: ${parsed.error}`);
	const notes: string[] = [];
	if (settings.GOSUMDB === 'off')
		throw new InstallRefusal(
			`GOSUMDB=off: go always verifies ${TOOLCHAIN_MODULE} against the checksum database (a toolchain cannot be listed in go.sum), so go itself refuses this download ("checksum database disabled by GOSUMDB=off"). Unset GOSUMDB or set it to a database, or use --from archive`,
		);
	const verdict = parseGosumdb(settings.GOSUMDB);
	if (!verdict.ok) throw new InstallRefusal(`GOSUMDB=${settings.GOSUMDB}: ${verdict.error}`);
	if (verdict.off) throw new InstallRefusal('GOSUMDB is off');
	for (const key of ['GONOSUMDB', 'GOPRIVATE'] as const) {
		if (settings[key] && safeMatch(settings[key], TOOLCHAIN_MODULE))
			notes.push(`${key} matches ${TOOLCHAIN_MODULE}, but go checks toolchains against the checksum database anyway; so does gotune`);
	}
	if (settings.GONOPROXY && safeMatch(settings.GONOPROXY, TOOLCHAIN_MODULE))
		throw new InstallRefusal(
			`GONOPROXY matches ${TOOLCHAIN_MODULE}: go would fetch it directly, and the toolchain module has no version control origin, so go itself fails. Remove the pattern or use --from archive`,
		);
	return {proxies: parsed.entries, sumdb: {name: verdict.name, key: verdict.key, ...(verdict.url ? {url: verdict.url} : {})}, notes};
}

function safeMatch(patterns: string, target: string): boolean {
	try {
		return matchPrefixPatterns(patterns, target);
	} catch {
		return false;
	}
}

/**
 * Walks the GOPROXY list as modfetch.TryProxies does: after "," only 404/410 move on, after "|" any error does;
 * "direct" fails (golang.org/toolchain has no version control origin: go itself fails there) and "off" refuses.
 * FN is tried with each proxy's base URL; the first answer wins.
 */
export async function tryProxies<T>(
	entries: GoproxyEntry[],
	what: string,
	fn: (base: string) => Promise<T>,
): Promise<{value: T; proxy: string}> {
	const errors: string[] = [];
	for (const entry of entries) {
		if (entry.url === 'off') {
			errors.push(`GOPROXY=off: module lookup disabled`);
			break;
		}
		if (entry.url === 'direct') {
			errors.push(
				`direct: ${TOOLCHAIN_MODULE} has no version control origin to fetch directly (go itself fails here: "unrecognized import path")`,
			);
			break;
		}
		if (!/^https?:\/\//.test(entry.url)) {
			errors.push(`${entry.url}: gotune fetches toolchains from http(s) proxies only`);
			if (entry.then !== '|') break;
			continue;
		}
		const base = entry.url.replace(/\/+$/, '');
		try {
			return {value: await fn(base), proxy: base};
		} catch (error) {
			if (error instanceof TaskCancelled) throw error;
			const message = maskSecrets((error as Error).message);
			errors.push(message);
			const notFound = error instanceof HttpStatusFailure && (error.status === 404 || error.status === 410);
			if (entry.then === null || (!notFound && entry.then !== '|')) break;
		}
	}
	throw new InstallFailure(`no proxy in GOPROXY served ${what}: ${errors.join('; ')}`);
}

/** <proxy>/golang.org/toolchain/@v/list → the releases it holds for PLATFORM, as the release index would list them. */
export async function listToolchains(
	entries: GoproxyEntry[],
	platform: GoPlatform,
	{env, signal, timeoutMs}: {env: Env; signal: AbortSignal; timeoutMs?: number},
): Promise<{releases: Release[]; proxy: string}> {
	const config = await netConfigFrom(env);
	const {value: text, proxy} = await tryProxies(entries, `the ${TOOLCHAIN_MODULE} version list`, async base => {
		const url = new URL(`${base}/${TOOLCHAIN_MODULE}/@v/list`);
		const deadline = AbortSignal.timeout(timeoutMs ?? 30_000);
		const answer = await getBounded(url, {
			config,
			signal: AbortSignal.any([signal, deadline]),
			limit: {maxBytes: BODY_LIMITS.moduleMetadata},
		}).catch((error: Error) => {
			if (signal.aborted) throw new TaskCancelled('reading the toolchain list');
			throw new InstallFailure(deadline.aborted ? `${url.href} did not answer in time` : `${url.href}: ${error.message}`);
		});
		if (answer.status !== 200) throw new HttpStatusFailure(`${url.href} answered HTTP ${answer.status}`, answer.status);
		return answer.body.toString('utf8');
	});
	const suffix = `.${platform.os}-${platform.arch}`;
	const releases: Release[] = [];
	for (const line of text.split('\n')) {
		const version = line.trim();
		if (!version.startsWith(TOOLCHAIN_VERSION_PREFIX) || !version.endsWith(suffix)) continue;
		const goVersion = version.slice(TOOLCHAIN_VERSION_PREFIX.length, -suffix.length);
		if (!/^go1\.\d+(\.\d+)?((rc|beta)\d+)?$/.test(goVersion)) continue;
		releases.push({
			version: goVersion,
			stable: !/(rc|beta)\d+$/.test(goVersion),
			files: [{filename: `${version}.zip`, os: platform.os, arch: platform.arch, version: goVersion, sha256: '', size: 0, kind: 'module'}],
		});
	}
	if (releases.length === 0) throw new InstallFailure(`${proxy} lists no ${TOOLCHAIN_MODULE} versions for ${platform.os}/${platform.arch}`);
	return {releases, proxy};
}
