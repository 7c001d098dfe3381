import type {SharedFigures} from '../../../core/cache/share/verify-figures.js';

/** Verify's lines about the shared build cache (GOCACHEPROG), under the measurement; none without one. */
export function sharedCacheLines(shared: SharedFigures | undefined): string[] {
	if (shared === undefined) return [];
	const server =
		shared.serverState === null
			? 'no server (the client keeps the cache on this machine)'
			: shared.serverState.ok
				? `${shared.server} answers (${shared.serverState.ms} ms)`
				: `! ${shared.serverState.message}`;
	const lines = [`Shared build cache (GOCACHEPROG): ${shared.clientMissing ? '! client missing, ' : ''}server ${server}`];
	if (shared.cold)
		lines.push(
			`Served by the shared cache: ${shared.cold.hits}/${shared.cold.actions} actions of the cold build (go's action graph): go looks everything up through GOCACHEPROG, so an empty GOCACHE is not cold here`,
		);
	lines.push("Another machine's cold build with and without it, side by side: gotune bench --shared");
	return lines;
}
