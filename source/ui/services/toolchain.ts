import type {ReleaseTable} from '../../core/releases.js';
import type {Runtime} from '../../core/runtime.js';
import type {ToolchainFindings} from '../../core/steps/toolchain.js';

export type ToolchainServices = {
	toolchain: {
		/** Discovery + provenance from core; the first call's result is kept, so revisiting the step runs no go. */
		check: () => Promise<ToolchainFindings>;
		/** Re-runs the checks: against a newer release table (after a background refresh), or after a change underneath. */
		recheck: (table?: ReleaseTable) => Promise<ToolchainFindings>;
		/** The last finished result, so a remounted view starts without a loading frame. */
		latest: () => ToolchainFindings | undefined;
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
	let latest: ToolchainFindings | undefined;
	const run = async (table?: ReleaseTable) => {
		const {checkToolchain} = await import('../../core/steps/toolchain.js');
		latest = await checkToolchain(runtime, table);
		return latest;
	};
	return {
		toolchain: {
			check: () => (pending ??= run()),
			recheck: table => (pending = run(table)),
			latest: () => latest,
			refreshReleases: async () => {
				const {refreshReleaseTable, RELEASE_FEED_URL} = await import('../../core/releases.js');
				// The same mirror install-go uses (GOTUNE_GO_MIRROR): behind a firewall, or in the offline demo, the
				// refresh asks that mirror instead of go.dev.
				const mirror = runtime.env['GOTUNE_GO_MIRROR'];
				// Without go.dev, the module proxy go uses lists every release as golang.org/toolchain versions.
				const goproxy = latest?.snapshot?.values['GOPROXY'];
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
