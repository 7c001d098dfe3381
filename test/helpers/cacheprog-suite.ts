import {beforeAll} from 'vitest';
import {ensureCacheprog, warmClientBuild} from './cacheprog.js';
import {testGo} from './toolchains.js';

/**
 * The shared-cache suites' one setup: the real programs built (ensureCacheprog), and each of CLIENTS built once with
 * the test's go into the shared build cache (warmClientBuild), so that a test's own go install takes seconds. Bounded
 * at 30 minutes: a cold machine builds gocached and each client from source. Kept out of cacheprog.ts, which the bench
 * bundles without vitest.
 */
export function useCacheprog(...clients: string[]): void {
	beforeAll(async () => {
		await ensureCacheprog();
		for (const client of clients) await warmClientBuild(testGo(), client);
	}, 30 * 60_000);
}
