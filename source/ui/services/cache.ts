import type {
	CacheKind,
	CacheReport,
	CacheReports,
	Candidate,
	CleanEvent,
	CleanKind,
	CleanResult,
	DiskBenchmark,
	BenchmarkEvent,
	InspectEvent,
	MoveEvent,
	MoveResult,
} from '../../core/cache/index.js';
import type {TargetCheck} from '../../core/cache/refusals.js';
import type {ShareEvent, SharePlan, ShareRequest, ShareResult} from '../../core/cache/share/index.js';
import type {Runtime} from '../../core/runtime.js';
import type {Task} from '../../core/task.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

/** A move as the wizard plans it: one cache to one directory. */
export type CacheMoveInput = {kind: CacheKind; to: string; keepSource: boolean};

export type CacheServices = {
	cache: {
		/** Where both caches are (one go env), then their sizes counted in the background with progress. */
		inspect: Task<Record<string, never>, InspectEvent, CacheReports>;
		/** The default location and mounted filesystems with room for REPORT's cache. */
		candidates: (report: CacheReport) => Promise<Candidate[]>;
		/** Candidates are only offered inside this directory (--sandbox): the step says so when none is left. */
		within: string | undefined;
		/** The bounded small-file benchmark over PATHS (about 5 s altogether). */
		benchmark: Task<{paths: string[]}, BenchmarkEvent, DiskBenchmark[]>;
		/** Every refusal for moving REPORT's cache to TO (a typed path is checked as typed), and how it would move. */
		check: (report: CacheReport, to: string, keepSource: boolean) => Promise<TargetCheck>;
		/** Plans and moves through the journal as one change set (origin wizard:cache). */
		move: Task<CacheMoveInput, MoveEvent, MoveResult>;
		/** go clean -KIND with sizes before and after. */
		clean: Task<{kind: CleanKind}, CleanEvent, CleanResult>;
		/** The go in use, and whether it has GOCACHEPROG (go1.24 and later). */
		shareGo: Task<Record<string, never>, never, {goVersion: string; supported: boolean}>;
		/** The shared build cache's plan: go's settings read, the server checked (slow: up to 5 s). Changes nothing. */
		sharePlan: Task<Omit<ShareRequest, 'client' | 'token'>, never, SharePlan>;
		/** go install of the pinned client, then one change set (origin wizard:cache share): the client in GOBIN and GOCACHEPROG. */
		shareApply: Task<SharePlan, ShareEvent, ShareResult>;
	};
};

/** The cache core is imported on first use (after the first frame), like every group that runs go. */
export function createCacheServices(runtime: Runtime, journal: JournalOpener = journalOpener(runtime)): CacheServices {
	const core = () => import('../../core/cache/index.js');
	const share = () => import('../../core/cache/share/index.js');
	const go = async () => {
		const go = await (await import('../../core/go-resolver.js')).goAdapterFor(runtime);
		if (go === undefined) throw new Error('no go on PATH: install Go first (the Toolchain step)');
		return go;
	};
	return {
		cache: {
			within: runtime.sandbox,
			inspect: async (_input, context) => (await core()).inspectCaches({go: await go()}, context),
			candidates: async report =>
				(await core()).listCandidates({
					kind: report.kind,
					currentPath: report.path,
					defaultPath: report.defaultPath,
					allocatedBytes: report.bytes ?? 0,
					...(runtime.sandbox ? {within: runtime.sandbox} : {}),
				}),
			benchmark: async (input, context) => (await core()).benchmarkCandidates(input, context),
			check: async (report, to, keepSource) => {
				const {checkTarget} = await core();
				return checkTarget({
					kind: report.kind,
					from: report.path,
					to,
					allocatedBytes: report.bytes ?? 0,
					sourceExists: report.exists,
					keepSource,
					env: runtime.env,
				});
			},
			move: async ({kind, to, keepSource}, context) => {
				const {locateCaches, planMoves, runMoves} = await core();
				const locations = await locateCaches(await go());
				const plan = await planMoves({requests: [{kind, to}], locations, keepSource, env: runtime.env, cwd: runtime.cwd}, context);
				if (plan.refusals.length > 0) throw new Error(plan.refusals.join('\n'));
				return runMoves({plan, journal: await journal(), origin: 'wizard:cache'}, context);
			},
			clean: async ({kind}, context) => {
				const {cleanTarget, cleanCache} = await core();
				const adapter = await go();
				return cleanCache({go: adapter, target: await cleanTarget(adapter, kind)}, context);
			},
			shareGo: async () => (await share()).shareGoVersion(await go()),
			sharePlan: async request => {
				const {planShare, DEFAULT_CLIENT, CACHE_TOKEN_VARIABLE} = await share();
				// The token never goes through the screen: read from the environment, as gotune cache share does.
				const token = runtime.env[CACHE_TOKEN_VARIABLE] || undefined;
				return planShare(await go(), {...request, client: DEFAULT_CLIENT, ...(token ? {token} : {})});
			},
			shareApply: async (plan, context) => (await share()).applyShare(await go(), await journal(), plan, 'wizard:cache share', context),
		},
	};
}
