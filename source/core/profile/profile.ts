import {readFile} from 'node:fs/promises';
import {serverProblem} from '../cache/share/address.js';
import {DEFAULT_CLIENT, parseClient} from '../cache/share/client.js';
import {maskSecrets} from '../mask.js';
import {goValueProblem} from '../proxy/value-problems.js';
import {REFUSED_KEYS} from '../journal/validate.js';
import {parseGoVersion, type GoVersion} from '../version.js';
import {nearest} from '../../text/nearest.js';
import {parseToolWord} from '../tools/known.js';
import {PROFILE_ENV_KEYS, PROFILE_TOP_LEVEL_KEYS} from './keys.js';
import {parseJsonWithPositions} from './json-position.js';

/** A team profile: GOENV settings every member should have, why each is set, and the Go the team builds with. */
export type Profile = {
	name?: string;
	description?: string;
	env: Record<string, string>;
	/** One line per env key saying why the team sets it; shown in the plan. */
	reasons?: Record<string, string>;
	go?: {minVersion?: string; toolchain?: string};
	/** Tools the team expects, as `gotune tools --install` takes them: NAME or NAME@VERSION (gopls@v0.23.0). */
	tools?: string[];
	/** A build cache the team shares (GOCACHEPROG): set up by apply as gotune cache share does, in the same change set. */
	buildCache?: ProfileBuildCache;
};

/** The shared build cache of a profile: the server go-cacher talks to, the pinned client, -trimpath in GOFLAGS. */
export type ProfileBuildCache = {server: string; client?: string; trimpath?: boolean};

/** An invalid profile: every problem, each naming the input and what is allowed. Commands exit 2. */
export class ProfileError extends Error {
	constructor(
		readonly file: string,
		readonly problems: string[],
	) {
		super(`${file} is not a valid gotune profile:\n${problems.map(p => `  - ${p}`).join('\n')}`);
	}
}

/** One thing wrong with a profile's structure, at the key path it concerns (`env.GOPROXY`; '' for the whole file). */
export type StructureProblem = {key: string; message: string};

const MIN_VERSION = /^(?:go)?(1\.\d+(?:\.\d+)?)$/;
const TOOLCHAIN = /^(?:go)?(1\.\d+(?:\.\d+)?)$/;

/** The profile's text; unreadable → ProfileError naming the file and what a profile is. */
export async function readProfileText(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why =
			code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? (error as Error).message})`;
		throw new ProfileError(file, [
			`${file} ${why}; give the path of a team profile, a JSON file such as gotune.json: {"env": {"GOPROXY": "..."}}`,
		]);
	}
}

export async function readProfile(file: string): Promise<Profile> {
	const parsed = parseJsonWithPositions(await readProfileText(file));
	if (!parsed.ok) throw new ProfileError(file, [`not valid JSON: line ${parsed.at.line}, column ${parsed.at.column}: ${parsed.message}`]);
	return validateProfile(file, parsed.value);
}

export function validateProfile(file: string, data: unknown): Profile {
	const problems = profileStructureProblems(data);
	if (problems.length > 0)
		throw new ProfileError(
			file,
			problems.map(p => p.message),
		);
	const valid = data as Record<string, unknown> & {env: Record<string, string>};
	return {
		...(typeof valid['name'] === 'string' ? {name: valid['name']} : {}),
		...(typeof valid['description'] === 'string' ? {description: valid['description']} : {}),
		env: {...valid.env},
		...(isObject(valid['reasons']) ? {reasons: {...(valid['reasons'] as Record<string, string>)}} : {}),
		...(isObject(valid['go']) ? {go: {...(valid['go'] as {minVersion?: string; toolchain?: string})}} : {}),
		...(Array.isArray(valid['tools']) ? {tools: [...(valid['tools'] as string[])]} : {}),
		...(isObject(valid['buildCache']) ? {buildCache: {...(valid['buildCache'] as ProfileBuildCache)}} : {}),
	};
}

/** Everything that makes DATA not a profile gotune can apply: wrong types, unknown or refused keys, values go refuses. */
export function profileStructureProblems(data: unknown): StructureProblem[] {
	const problems: StructureProblem[] = [];
	const add = (key: string, message: string) => problems.push({key, message});
	if (!isObject(data)) {
		add('', 'the profile must be a JSON object such as {"env": {"GOPROXY": "https://proxy.example,direct"}}');
		return problems;
	}
	for (const key of Object.keys(data)) {
		if (!(PROFILE_TOP_LEVEL_KEYS as readonly string[]).includes(key))
			add(key, `unknown top-level key "${key}"${didYouMean(key, PROFILE_TOP_LEVEL_KEYS)}; allowed: ${PROFILE_TOP_LEVEL_KEYS.join(', ')}`);
	}
	for (const key of ['name', 'description', '$schema'] as const) {
		if (key in data && typeof data[key] !== 'string') add(key, `"${key}" must be a string`);
	}
	if (!('env' in data))
		add('', '"env" is missing: a profile lists the settings to apply, e.g. {"env": {"GOPROXY": "https://proxy.example,direct"}}');
	else if (!isObject(data['env'])) add('env', '"env" must be an object of "KEY": "value" strings');
	else {
		for (const [key, value] of Object.entries(data['env'])) {
			const at = `env.${key}`;
			// Own keys only: `toString` or `__proto__` in a profile are unknown keys, not Object.prototype's.
			if (Object.hasOwn(REFUSED_KEYS, key)) add(at, `env.${key}: ${REFUSED_KEYS[key]}; allowed keys: ${PROFILE_ENV_KEYS.join(', ')}`);
			else if (!(PROFILE_ENV_KEYS as readonly string[]).includes(key))
				add(
					at,
					`env.${key} is not a setting a profile can change${didYouMean(key, PROFILE_ENV_KEYS)}; allowed keys: ${PROFILE_ENV_KEYS.join(', ')}`,
				);
			else if (typeof value !== 'string')
				add(
					at,
					`env.${key} must be a string (got ${maskSecrets(JSON.stringify(value))}); write numbers and booleans in quotes, e.g. "CGO_ENABLED": "0"`,
				);
			else {
				// A GOPROXY or GOSUMDB go refuses only when it uses it (issue 18 items 7, 8): the profile is wrong, say so here.
				const refused = goValueProblem(key, value);
				if (refused) add(at, `env.${key}: ${refused.message}. ${refused.hint}`);
			}
		}
	}
	if ('reasons' in data) {
		const reasons = data['reasons'];
		const env = isObject(data['env']) ? data['env'] : {};
		if (!isObject(reasons)) add('reasons', '"reasons" must be an object of "KEY": "why the team sets it" strings');
		else
			for (const [key, reason] of Object.entries(reasons)) {
				if (typeof reason !== 'string' || reason.trim() === '' || /[\n\r]/.test(reason))
					add(`reasons.${key}`, `reasons.${key} must be one line of text saying why the team sets ${key}`);
				else if (!Object.hasOwn(env, key))
					add(`reasons.${key}`, `reasons.${key} explains a key env does not set; add ${key} to env or remove the reason`);
			}
	}
	if ('go' in data) {
		const value = data['go'];
		if (!isObject(value)) add('go', '"go" must be an object such as {"minVersion": "1.22"} or {"toolchain": "go1.22.3"}');
		else {
			for (const key of Object.keys(value))
				if (key !== 'minVersion' && key !== 'toolchain') add(`go.${key}`, `unknown key go.${key}; allowed: minVersion, toolchain`);
			if (Object.keys(value).length === 0)
				add('go', '"go" is empty: give minVersion ("1.22") or toolchain ("go1.22.3"), or leave "go" out');
			const min = value['minVersion'];
			if ('minVersion' in value && (typeof min !== 'string' || !MIN_VERSION.test(min)))
				add('go.minVersion', `go.minVersion must be a Go version such as "1.22" or "1.22.3" (got ${JSON.stringify(min)})`);
			const toolchain = value['toolchain'];
			if ('toolchain' in value && (typeof toolchain !== 'string' || !TOOLCHAIN.test(toolchain)))
				add('go.toolchain', `go.toolchain must be a Go release such as "go1.22.3" (got ${JSON.stringify(toolchain)})`);
		}
	}
	if ('tools' in data) {
		const tools = data['tools'];
		if (!Array.isArray(tools)) add('tools', '"tools" must be a list such as ["gopls@v0.23.0", "dlv"]');
		else {
			const names = new Set<string>();
			for (const [index, word] of tools.entries()) {
				const at = `tools[${index}]`;
				// Reported at the "tools" key (lint gives key paths a line and column; list items have none).
				if (typeof word !== 'string') {
					add('tools', `${at} must be a string such as "gopls" or "gopls@v0.23.0"`);
					continue;
				}
				const parsed = parseToolWord(word);
				if ('problem' in parsed) add('tools', `${at}: ${parsed.problem}`);
				else if (names.has(parsed.tool.name)) add('tools', `${at}: ${parsed.tool.name} is listed twice; keep one entry`);
				else names.add(parsed.tool.name);
			}
		}
	}
	if ('buildCache' in data) buildCacheProblems(data['buildCache'], add);
	return problems;
}

const BUILD_CACHE_KEYS = ['server', 'client', 'trimpath'];

/** buildCache: what gotune cache share would refuse, said here (the server masked: a URL may carry credentials). */
function buildCacheProblems(value: unknown, add: (key: string, message: string) => void): void {
	if (!isObject(value)) {
		add('buildCache', `"buildCache" must be an object such as {"server": "http://cache.internal:31364", "client": "${DEFAULT_CLIENT}"}`);
		return;
	}
	for (const key of Object.keys(value))
		if (!BUILD_CACHE_KEYS.includes(key))
			add(
				`buildCache.${key}`,
				`unknown key buildCache.${key}${didYouMean(key, BUILD_CACHE_KEYS)}; allowed: ${BUILD_CACHE_KEYS.join(', ')}`,
			);
	const server = value['server'];
	if (!('server' in value))
		add('buildCache', 'buildCache.server is missing: give the cache server, for example "http://cache.internal:31364"');
	else if (typeof server !== 'string')
		add('buildCache.server', `buildCache.server must be a string (got ${maskSecrets(JSON.stringify(server))})`);
	else {
		const problem = serverProblem(server);
		if (problem) add('buildCache.server', `buildCache.server: ${problem}`);
	}
	const client = value['client'];
	if ('client' in value) {
		const parsed =
			typeof client === 'string' ? parseClient(client) : {problem: `must be a string (got ${maskSecrets(JSON.stringify(client))})`};
		if ('problem' in parsed) add('buildCache.client', `buildCache.client: ${parsed.problem}`);
	}
	if ('trimpath' in value && typeof value['trimpath'] !== 'boolean')
		add('buildCache.trimpath', `buildCache.trimpath must be true or false (got ${maskSecrets(JSON.stringify(value['trimpath']))})`);
}

function didYouMean(key: string, known: readonly string[]): string {
	const near = nearest(key, known);
	return near === undefined ? '' : ` (did you mean ${near}?)`;
}

/** The profile's go.minVersion as a comparable version (go1.22 → 1.22.0 semantics via compareGoVersions). */
export function minGoVersion(profile: Profile): GoVersion | undefined {
	const match = MIN_VERSION.exec(profile.go?.minVersion ?? '');
	return match ? parseGoVersion(`go${match[1]}`) : undefined;
}

/** The profile's go.toolchain as a version (go1.26.8; "1.26" means any 1.26.x, see toolchainMatches). */
export function teamToolchain(profile: Profile): GoVersion | undefined {
	const match = TOOLCHAIN.exec(profile.go?.toolchain ?? '');
	return match ? parseGoVersion(`go${match[1]}`) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
