import {afterEach} from 'vitest';
import {makeSandbox, type TestSandbox} from './sandbox.js';

/**
 * The shared-cache tests' "machines": each a sandbox of its own (HOME, GOCACHE, GOPATH, GOENV file), removed after
 * the test with everything else pushed on CLEANUPS (servers, relays), newest first.
 */
export function machines(): {cleanups: Array<() => Promise<void>>; machine: () => Promise<TestSandbox>} {
	const cleanups: Array<() => Promise<void>> = [];
	afterEach(async () => {
		// Every cleanup runs even when one fails (a server left running outlives the test run); the first failure is thrown.
		const failures: unknown[] = [];
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => failures.push(error));
		if (failures.length > 0) throw failures[0];
	});
	const machine = async () => {
		const sandbox = await makeSandbox();
		cleanups.push(sandbox.cleanup);
		return sandbox;
	};
	return {cleanups, machine};
}
