/** The environment gotune reads and hands to `go`: the process env, or the sandbox's. */
export type Env = Record<string, string | undefined>;

/** Go treats an empty OS variable as unset (go-facts §1.11); so does gotune. */
export function nonEmpty(env: Env, key: string): string | undefined {
	const value = env[key];
	return value === undefined || value === '' ? undefined : value;
}

export function withOverrides(env: Env, overrides: Env): Env {
	const merged: Env = {...env};
	for (const [key, value] of Object.entries(overrides)) {
		if (value === undefined) delete merged[key];
		else merged[key] = value;
	}
	return merged;
}

/** Same rule as Ink's is-in-ci, so the guard and Ink agree on what "CI" means. */
export function isCi(env: Env): boolean {
	return ['CI', 'CONTINUOUS_INTEGRATION'].some(key => key in env && !['0', 'false'].includes(env[key] ?? ''));
}
