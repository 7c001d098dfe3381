import type {Env} from './env.js';
import {GoAdapter} from './go-adapter.js';
import type {Runtime} from './runtime.js';
import {which} from './which.js';

/**
 * The one way gotune finds the go it runs: the first `go` on PATH, as a shell finds it (discoverToolchains names
 * the same one its winner). Every command, step and the journal ask here, so they can never disagree about which go
 * checked a value, measured a build or wrote a setting. A go that GOTOOLCHAIN switches to is reported by
 * toolchain-select.ts; gotune itself always runs this one, with GOTOOLCHAIN=local where it must not switch.
 */
export async function resolveGo(env: Env): Promise<string | undefined> {
	return which('go', env);
}

/** resolveGo as an adapter in the runtime's environment and directory; undefined when there is no go on PATH. */
export async function goAdapterFor(runtime: Pick<Runtime, 'env' | 'cwd'>, signal?: AbortSignal): Promise<GoAdapter | undefined> {
	const goBin = await resolveGo(runtime.env);
	return goBin === undefined ? undefined : new GoAdapter(goBin, runtime.env, runtime.cwd, signal);
}
