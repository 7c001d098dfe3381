import path from 'node:path';
import type {Env} from './env.js';
import {gotuneHome} from './paths.js';
import {prepareSandbox} from './sandbox.js';

/** What every command and the wizard run against: the environment go will see, and gotune's state dir. */
export type Runtime = {
	env: Env;
	cwd: string;
	gotuneHome: string;
	/** Set in sandbox mode: every path gotune or go writes is inside it. */
	sandbox?: string;
};

/** PIN_CACHES: see sandboxOverrides (tests pin GOCACHE/GOMODCACHE; --sandbox leaves them to go's defaults inside DIR). */
export async function createRuntime({
	env,
	cwd,
	sandbox,
	pinCaches = false,
}: {
	env: Env;
	cwd: string;
	sandbox?: string;
	pinCaches?: boolean;
}): Promise<Runtime> {
	const effective = sandbox === undefined ? env : await prepareSandbox(path.resolve(cwd, sandbox), env, {pinCaches});
	return {env: effective, cwd, gotuneHome: gotuneHome(effective), ...(sandbox === undefined ? {} : {sandbox: path.resolve(cwd, sandbox)})};
}
