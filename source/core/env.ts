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

/**
 * Whether the locale says the terminal shows UTF-8, read as POSIX orders it: the first non-empty of LC_ALL, LC_CTYPE,
 * LANG decides. Nothing set is the C locale, which is ASCII: that is a bare SSH session, cron or a minimal container,
 * where a box drawn in Unicode may well come out as mojibake, while ASCII always reads right (LANG=C.UTF-8 brings the
 * Unicode look back). Windows has no such variables and its terminals show UTF-8.
 */
export function localeIsUtf8(env: Env, platform: NodeJS.Platform = process.platform): boolean {
	if (platform === 'win32') return true;
	const locale = nonEmpty(env, 'LC_ALL') ?? nonEmpty(env, 'LC_CTYPE') ?? nonEmpty(env, 'LANG') ?? 'C';
	return /(^|\.)utf-?8(@|$)/i.test(locale);
}
