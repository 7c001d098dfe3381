import {act} from 'react';

/**
 * Tracks the promises real services return, so a view test can wait until every read and write a view started has
 * finished (and React has rendered the results): no sleeps, no timing.
 */
export function inflightTracker() {
	const inflight = new Set<Promise<unknown>>();
	const track = <T>(promise: Promise<T>) => {
		inflight.add(promise);
		void promise.finally(() => inflight.delete(promise)).catch(() => undefined);
		return promise;
	};
	const settle = async () => {
		// Again while a render at the end of act started new calls (an effect that runs a task once a result arrived).
		do {
			await act(async () => {
				do {
					await Promise.allSettled([...inflight]);
					await new Promise(resolve => setImmediate(resolve));
				} while (inflight.size > 0);
			});
			await new Promise(resolve => setImmediate(resolve));
		} while (inflight.size > 0);
	};
	return {track, settle};
}
