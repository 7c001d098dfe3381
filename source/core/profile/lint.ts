import {matchPrefixPatterns} from '../proxy/match.js';
import {GO_1_26_FLAGS, goFlagName, goflagsTrimpath, splitGoFlags} from './goflags.js';
import {parseJsonWithPositions, type Position} from './json-position.js';
import {profileStructureProblems, type Profile} from './profile.js';
import {nearest} from '../../text/nearest.js';

export type LintSeverity = 'error' | 'warning';

/** A problem of a profile's settings, by key path (`env.GONOSUMDB`). */
export type SettingProblem = {key: string; severity: LintSeverity; message: string};

/** A lint problem located in the file; key is null for the file as a whole (broken JSON). */
export type LintProblem = {key: string | null; severity: LintSeverity; message: string; line: number; column: number};

export type LintResult = {json: true; problems: LintProblem[]} | {json: false; problems: LintProblem[]};

/** Keys whose values are paths or choices of one machine: a team value breaks or overrides someone else's. */
export const MACHINE_KEYS: Record<string, string> = {
	GOCACHE: 'the build cache lives on each machine (gotune cache move relocates it)',
	GOMODCACHE: 'the module cache lives on each machine (gotune cache move relocates it)',
	GOPATH: 'GOPATH is a directory in each home',
	GOROOT: 'GOROOT is where go is installed on one machine; a wrong one locks go out',
	GOBIN: 'GOBIN is a directory on each machine',
	GOENV: 'GOENV is where each machine keeps its settings file',
};

/**
 * Settings of a valid profile that contradict each other or do not belong in a team file. Each message says what
 * go will do with them and how to fix it. Errors are settings that leak or break for every member; warnings are
 * choices a team should make knowingly.
 */
export function lintSettings(profile: Profile): SettingProblem[] {
	const env = profile.env;
	const problems: SettingProblem[] = [];
	const add = (key: string, severity: LintSeverity, message: string) => problems.push({key: `env.${key}`, severity, message});
	const privatePatterns = (env['GOPRIVATE'] ?? '').split(',').filter(p => p.trim() !== '');
	const proxyUsed = (env['GOPROXY'] ?? 'https://proxy.example').split(/[,|]/).some(e => !['', 'direct', 'off'].includes(e.trim()));
	const checks = [
		{key: 'GONOSUMDB', applies: env['GOSUMDB'] !== 'off', to: 'asks the public checksum database (GOSUMDB) about'},
		{key: 'GONOPROXY', applies: proxyUsed, to: 'asks the proxies in GOPROXY for'},
	];
	for (const {key, applies, to} of checks) {
		const value = env[key];
		if (value === undefined || !applies) continue;
		const uncovered = privatePatterns.filter(pattern => !matchPrefixPatterns(value, pattern.trim()));
		if (uncovered.length > 0)
			add(
				key,
				'error',
				`${key}=${value} does not cover GOPRIVATE pattern${uncovered.length === 1 ? '' : 's'} ${uncovered.join(', ')}: an explicit ${key} replaces the GOPRIVATE default, so go ${to} those private module names. Add ${uncovered.join(',')} to ${key}, or leave ${key} out`,
			);
	}
	if (env['GOPROXY']?.trim() === 'off' && env['GOPRIVATE'] === undefined && env['GONOPROXY'] === undefined)
		add(
			'GOPROXY',
			'warning',
			'GOPROXY=off forbids every module download and GOPRIVATE (or GONOPROXY) names no module to fetch directly: any module not already in a member cache fails to build. Set GOPRIVATE to the private module patterns of the team, or use a proxy',
		);
	if (env['GOSUMDB'] === 'off')
		add(
			'GOSUMDB',
			'warning',
			'GOSUMDB=off turns off checksum verification of every module for every member; to skip it only for private modules, leave GOSUMDB out and list them in GOPRIVATE (or GONOSUMDB)',
		);
	if (env['GOFLAGS'] !== undefined) {
		for (const word of splitGoFlags(env['GOFLAGS'])) {
			const name = goFlagName(word);
			if (name === undefined)
				add(
					'GOFLAGS',
					'error',
					`GOFLAGS holds "${word}", which is not a flag: every go command fails ("go: parsing $GOFLAGS: non-flag"). Write flags as -name or -name=value`,
				);
			else if (!GO_1_26_FLAGS.has(name)) {
				const near = nearest(name, [...GO_1_26_FLAGS]);
				add(
					'GOFLAGS',
					'error',
					`GOFLAGS holds -${name}, a flag go 1.26 does not know: every go command fails with "go: parsing $GOFLAGS: unknown flag -${name}"${near ? ` (did you mean -${near}?)` : ''}. Remove it from GOFLAGS`,
				);
			}
		}
	}
	problems.push(...buildCacheWarnings(profile));
	for (const [key, why] of Object.entries(MACHINE_KEYS)) {
		if (env[key] !== undefined)
			add(key, 'warning', `${key} is machine-specific: ${why}. Leave it out of a team profile; each member keeps their own`);
	}
	return problems;
}

/** A shared build cache without -trimpath shares little between machines (go keys packages by their directory). */
function buildCacheWarnings(profile: Profile): SettingProblem[] {
	const cache = profile.buildCache;
	if (cache === undefined) return [];
	const goflags = profile.env['GOFLAGS'];
	const hasTrimpath = goflags !== undefined && goflagsTrimpath(goflags);
	if (hasTrimpath) return [];
	if (cache.trimpath === true && goflags !== undefined)
		return [
			{
				key: 'buildCache.trimpath',
				severity: 'warning',
				message: `buildCache.trimpath asks for -trimpath but env.GOFLAGS (${goflags}) replaces GOFLAGS without it: add -trimpath to env.GOFLAGS`,
			},
		];
	if (cache.trimpath === true) return [];
	return [
		{
			key: 'buildCache',
			severity: 'warning',
			message:
				'without -trimpath go keys every package outside GOROOT by its directory, so machines share the standard library and checkouts at the very same path only: add "trimpath": true to buildCache',
		},
	];
}

/**
 * The whole lint of a profile file's text: JSON syntax (line and column), structure (unknown keys with the nearest
 * known one, types, values go refuses) and contradictory settings. `json: false` when the text is not JSON at all.
 */
export function lintProfileText(text: string): LintResult {
	const parsed = parseJsonWithPositions(text);
	if (!parsed.ok)
		return {json: false, problems: [{key: null, severity: 'error', message: `not valid JSON: ${parsed.message}`, ...parsed.at}]};
	const where = (key: string): Position => {
		// A problem of a key the file lacks (env missing) points at its parent, else the file's start.
		for (let path = key; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
			const at = parsed.keys.get(path);
			if (at) return at;
		}
		return {line: 1, column: 1};
	};
	const problems: LintProblem[] = parsed.duplicates.map(({path, at}) => ({
		key: path,
		severity: 'error' as const,
		message: `${path} appears twice; go would get only the last value. Keep one`,
		...at,
	}));
	const structure = profileStructureProblems(parsed.value);
	for (const problem of structure)
		problems.push({key: problem.key || null, severity: 'error', message: problem.message, ...where(problem.key)});
	// Settings are linted when env itself is sound: only its string values of known keys, as apply would see them.
	const data = parsed.value as {env?: unknown};
	if (typeof data === 'object' && data !== null && typeof data.env === 'object' && data.env !== null && !Array.isArray(data.env)) {
		const broken = new Set(structure.map(problem => problem.key));
		const env = Object.fromEntries(
			Object.entries(data.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !broken.has(`env.${entry[0]}`)),
		);
		// buildCache is linted with env once its own structure is sound (validateProfile's copy of it).
		const cache = (data as {buildCache?: unknown}).buildCache;
		const buildCache =
			structure.some(problem => problem.key.startsWith('buildCache')) || cache === undefined
				? {}
				: {buildCache: cache as Profile['buildCache']};
		for (const problem of lintSettings({env, ...buildCache})) problems.push({...problem, ...where(problem.key)});
	}
	problems.sort((a, b) => a.line - b.line || a.column - b.column);
	return {json: true, problems};
}
