import type {ReleaseTable} from '../../core/releases.js';
import type {Runtime} from '../../core/runtime.js';
import type {ToolchainFindings} from '../../core/steps/toolchain.js';

export type ToolchainServices = {
	toolchain: {
		/**
		 * Discovery + provenance from core; the result is kept, so revisiting the step runs no go. REVISION is the shell's
		 * settings revision (StepViewProps.revision): a result kept from another revision is stale (a team profile applied
		 * while the step was not on screen) and the checks run again.
		 */
		check: (revision?: number) => Promise<ToolchainFindings>;
		/** Re-runs the checks: against a newer release table (after a background refresh), or after a change underneath. */
		recheck: (table?: ReleaseTable, revision?: number) => Promise<ToolchainFindings>;
		/** The last finished result (of REVISION, when given), so a remounted view starts without a loading frame. */
		latest: (revision?: number) => ToolchainFindings | undefined;
		/** The go.dev feed, cached in GOTUNE_HOME; undefined when offline (never an error). */
		refreshReleases: () => Promise<ReleaseTable | undefined>;
	};
};

/**
 * Core is imported lazily: execa and the go adapter are then parsed after the first frame is on screen,
 * which is what the time-to-first-frame benchmark measures.
 */
export function createToolchainServices(runtime: Runtime): ToolchainServices {
	let pending: Promise<ToolchainFindings> | undefined;
	/** The revision the kept checks were started at. */
	let pendingRevision = 0;
	let latest: {findings: ToolchainFindings; revision: number} | undefined;
	const run = (revision: number, table?: ReleaseTable) => {
		pendingRevision = revision;
		pending = (async () => {
			const {checkToolchain} = await import('../../core/steps/toolchain.js');
			const findings = await checkToolchain(runtime, table);
			// A slower, older run never replaces a newer one's result.
			if (latest === undefined || latest.revision <= revision) latest = {findings, revision};
			return findings;
		})();
		return pending;
	};
	return {
		toolchain: {
			check: (revision = 0) => (pending !== undefined && pendingRevision === revision ? pending : run(revision)),
			recheck: (table, revision = pendingRevision) => run(revision, table),
			latest: revision => (revision === undefined || latest?.revision === revision ? latest?.findings : undefined),
			refreshReleases: async () => {
				const {refreshReleaseTable, RELEASE_FEED_URL} = await import('../../core/releases.js');
				// The same mirror install-go uses (GOTUNE_GO_MIRROR): behind a firewall, or in the offline demo, the
				// refresh asks that mirror instead of go.dev.
				const mirror = runtime.env['GOTUNE_GO_MIRROR'];
				// Without go.dev, the module proxy go uses lists every release as golang.org/toolchain versions.
				const goproxy = latest?.findings.snapshot?.values['GOPROXY'];
				return refreshReleaseTable(runtime.gotuneHome, {
					env: runtime.env,
					url: mirror ? feedUrlFor(mirror) : RELEASE_FEED_URL,
					...(goproxy ? {goproxy} : {}),
				});
			},
		},
	};
}

/** <mirror>?mode=json: the feed beside the archives, as on go.dev/dl/. */
function feedUrlFor(mirror: string): string {
	try {
		const url = new URL(mirror);
		url.search = '?mode=json';
		return url.toString();
	} catch {
		return mirror;
	}
}
