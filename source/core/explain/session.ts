import {snapshotEnvironment} from '../environment.js';
import type {GoAdapter} from '../go-adapter.js';
import {goAdapterFor} from '../go-resolver.js';
import type {Runtime} from '../runtime.js';
import {explainWithFixes, machineFrom} from './explain.js';
import type {Explanation, Fix} from './types.js';

/**
 * TEXT explained against this machine as it is now (go env with provenance from the go that wins on PATH), for
 * `gotune explain` and the wizard's Troubleshoot screen alike. Without a go the settings are unknown, not guessed.
 */
export async function explainHere(
	runtime: Pick<Runtime, 'env' | 'cwd'>,
	text: string,
	go?: GoAdapter,
): Promise<{explanation: Explanation; fixes: Fix[]; noGo: boolean}> {
	const adapter = go ?? (await goAdapterFor(runtime));
	const snapshot = adapter ? await snapshotEnvironment(adapter).catch(() => undefined) : undefined;
	return {...explainWithFixes(text, machineFrom(snapshot), runtime.env), noGo: adapter === undefined};
}
