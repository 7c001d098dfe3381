import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import {KEYS_WITHOUT_BUILD_CACHE, snapshotEnvironment} from '../environment.js';
import type {GoAdapter} from '../go-adapter.js';
import type {Source} from '../provenance.js';
import type {Task} from '../task.js';
import {filesystemOf, type FilesystemInfo} from './filesystems.js';
import {CACHE_KEY, CACHE_KINDS, type CacheKind} from './kinds.js';
import {moduleHoldings, type ToolchainHeld} from './modules.js';
import {cacheWarnings, type CacheWarning} from './warnings.js';
import {linkedCacheDir} from './link.js';
import {scanTree} from './walk.js';
import {stat} from 'node:fs/promises';
import {unmeasuredReport} from './unmeasured.js';
import {shareState, type ShareState} from './share/state.js';

export type CacheLocation = {
	kind: CacheKind;
	key: 'GOCACHE' | 'GOMODCACHE';
	/** As go reports it (go env); may be "off" or relative for GOCACHE, which go then refuses to use. */
	path: string;
	source: Source;
	/** Where it would be without any setting. */
	defaultPath: string | undefined;
	/** Set in the OS environment: go env -w cannot move it while that variable is set. */
	fromProcess: boolean;
	/** The value go would refuse (GOCACHE=off, a relative path), with go's rule; undefined when usable. */
	unusable?: string;
};

export type CacheReport = CacheLocation & {
	exists: boolean;
	bytes: number | null;
	files: number | null;
	filesystem: string | null;
	mountPoint: string | null;
	freeBytes: number | null;
	totalBytes: number | null;
	warnings: CacheWarning[];
	/** Module cache only. */
	modules?: number | null;
	versions?: number | null;
	toolchains?: ToolchainHeld[];
	/** Why counting failed (permission denied ...); the numbers are null then. */
	error?: string;
	/** The setting names a symbolic link: the directory it leads to, where the numbers were counted. */
	linkTarget?: string;
	/** Build cache only, when GOCACHEPROG is set: go keeps its cache through that program (a shared cache). */
	shared?: Extract<ShareState, {configured: true}>;
};

export type CacheReports = Record<CacheKind, CacheReport>;

export type InspectEvent =
	| {type: 'located'; locations: Record<CacheKind, CacheLocation>}
	| {type: 'counting'; kind: CacheKind; files: number; bytes: number}
	| {type: 'counted'; report: CacheReport};

/** os.UserCacheDir()/go-build and $GOPATH[0]/pkg/mod, the defaults go uses (go-build-cache.md, module-cache-layout.md). */
export function defaultCachePath(kind: CacheKind, env: Env, gopath: string | undefined): string | undefined {
	if (kind === 'gomodcache') {
		const first = (gopath ?? '').split(path.delimiter).find(Boolean) ?? (nonEmpty(env, 'HOME') ? path.join(env['HOME']!, 'go') : undefined);
		return first ? path.join(first, 'pkg', 'mod') : undefined;
	}
	const base =
		process.platform === 'darwin'
			? nonEmpty(env, 'HOME')
				? path.join(env['HOME']!, 'Library', 'Caches')
				: undefined
			: (nonEmpty(env, 'XDG_CACHE_HOME') ?? (nonEmpty(env, 'HOME') ? path.join(env['HOME']!, '.cache') : undefined));
	return base ? path.join(base, 'go-build') : undefined;
}

/** Where each cache is and where that setting comes from: one `go env -json`, no counting (the first frame never waits). */
export async function locateCaches(go: GoAdapter): Promise<Record<CacheKind, CacheLocation>> {
	// Only the keys go answers without its C compiler: where the caches are is all this needs.
	const snapshot = await snapshotEnvironment(go, {keys: KEYS_WITHOUT_BUILD_CACHE});
	if (snapshot.error) throw new Error(snapshot.error);
	const locate = (kind: CacheKind): CacheLocation => {
		const key = CACHE_KEY[kind];
		const value = snapshot.values[key] ?? '';
		const source = snapshot.provenance[key]?.source ?? 'default';
		let unusable: string | undefined;
		if (value === 'off')
			unusable = `${key}=off: go refuses to build without a build cache (since Go 1.12; go's words: build cache is disabled by GOCACHE=off). ${
				source === 'process'
					? 'Remove the export GOCACHE=off from your shell start-up file and open a new shell'
					: source === 'goenv'
						? 'Repair: go env -u GOCACHE'
						: `Repair: go env -w GOCACHE=${defaultCachePath(kind, go.env, snapshot.values['GOPATH']) ?? '$HOME/.cache/go-build'}`
			}`;
		else if (!path.isAbsolute(value)) unusable = `${key} is not an absolute path (${value || 'empty'}); go does not use it`;
		return {
			kind,
			key,
			path: value,
			source,
			defaultPath: defaultCachePath(kind, go.env, snapshot.values['GOPATH']),
			fromProcess: source === 'process',
			...(unusable ? {unusable} : {}),
		};
	};
	return {gocache: locate('gocache'), gomodcache: locate('gomodcache')};
}

/** Size (sum of regular files), count, filesystem, warnings and, for the module cache, what it holds. */
export async function measureCache(
	location: CacheLocation,
	{signal, onProgress}: {signal: AbortSignal; onProgress?: (files: number, bytes: number) => void},
): Promise<CacheReport> {
	const base = unmeasuredReport(location);
	if (location.unusable) return base;
	const linkTarget = await linkedCacheDir(location.path);
	const dir = linkTarget ?? location.path;
	const fs: FilesystemInfo | undefined = await filesystemOf(dir);
	const withFs: CacheReport = {
		...base,
		filesystem: fs?.type ?? null,
		mountPoint: fs?.mountPoint ?? null,
		freeBytes: fs?.freeBytes ?? null,
		totalBytes: fs?.totalBytes ?? null,
		warnings: cacheWarnings(location.kind, dir, fs),
		...(linkTarget ? {linkTarget} : {}),
	};
	const exists = await stat(dir).then(
		st => st.isDirectory(),
		() => false,
	);
	// A cache that does not exist yet holds nothing: 0 is measured, not a placeholder.
	if (!exists) return {...withFs, exists: false, bytes: 0, files: 0, ...(location.kind === 'gomodcache' ? {modules: 0, versions: 0} : {})};
	try {
		const {totals} = await scanTree(dir, {signal, keepEntries: false, onProgress: p => onProgress?.(p.files, p.bytes)});
		const holdings = location.kind === 'gomodcache' ? await moduleHoldings(dir, signal) : undefined;
		return {...withFs, exists: true, bytes: totals.bytes, files: totals.files, ...(holdings ?? {})};
	} catch (error) {
		if (signal.aborted) throw error;
		return {...withFs, exists: true, error: (error as Error).message};
	}
}

/** Locates both caches, then counts them one after the other, emitting progress; resolves with both reports. */
export const inspectCaches: Task<{go: GoAdapter}, InspectEvent, CacheReports> = async ({go}, {emit, signal}) => {
	const locations = await locateCaches(go);
	emit({type: 'located', locations});
	const reports = {} as CacheReports;
	for (const kind of CACHE_KINDS) {
		const report = await measureCache(locations[kind], {
			signal,
			onProgress: (files, bytes) => emit({type: 'counting', kind, files, bytes}),
		});
		reports[kind] = report;
		emit({type: 'counted', report});
	}
	// GOCACHEPROG (go >= 1.24; older go answers ""): the build cache goes through that program, maybe a shared one.
	const {values} = await go.envJson({signal, timeoutMs: 30_000}, ['GOCACHEPROG']);
	const shared = await shareState(go, values?.['GOCACHEPROG'] ?? '');
	if (shared.configured) reports.gocache = {...reports.gocache, shared};
	return reports;
};
