import {readFile} from 'node:fs/promises';
import {maskSecrets} from '../mask.js';
import {goValueProblem} from '../proxy/value-problems.js';
import {REFUSED_KEYS} from '../journal/validate.js';
import {parseGoVersion, type GoVersion} from '../version.js';
import {PROFILE_ENV_KEYS, PROFILE_TOP_LEVEL_KEYS} from './keys.js';

/** A team profile: GOENV settings every member should have, and optionally the oldest Go the team supports. */
export type Profile = {
	name?: string;
	description?: string;
	env: Record<string, string>;
	go?: {minVersion: string};
};

/** An invalid profile: every problem, each naming the input and what is allowed. Commands exit 2. */
export class ProfileError extends Error {
	constructor(
		readonly file: string,
		readonly problems: string[],
	) {
		super(`${file} is not a valid gotune profile:\n${problems.map(p => `  - ${p}`).join('\n')}`);
	}
}

const MIN_VERSION = /^(?:go)?(1\.\d+(?:\.\d+)?)$/;

export async function readProfile(file: string): Promise<Profile> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why =
			code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? (error as Error).message})`;
		throw new ProfileError(file, [
			`${file} ${why}; give the path of a team profile, a JSON file such as gotune.json: {"env": {"GOPROXY": "..."}}`,
		]);
	}
	let data: unknown;
	try {
		// A UTF-8 byte order mark (Windows editors) is accepted, as JSON tools do.
		data = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new ProfileError(file, [`not valid JSON: ${(error as Error).message}`]);
	}
	return validateProfile(file, data);
}

export function validateProfile(file: string, data: unknown): Profile {
	const problems: string[] = [];
	if (!isObject(data))
		throw new ProfileError(file, ['the profile must be a JSON object such as {"env": {"GOPROXY": "https://proxy.example,direct"}}']);
	for (const key of Object.keys(data)) {
		if (!(PROFILE_TOP_LEVEL_KEYS as readonly string[]).includes(key))
			problems.push(`unknown top-level key "${key}"; allowed: ${PROFILE_TOP_LEVEL_KEYS.join(', ')}`);
	}
	for (const key of ['name', 'description', '$schema'] as const) {
		if (key in data && typeof data[key] !== 'string') problems.push(`"${key}" must be a string`);
	}
	const env: Record<string, string> = {};
	if (!('env' in data))
		problems.push('"env" is missing: a profile lists the settings to apply, e.g. {"env": {"GOPROXY": "https://proxy.example,direct"}}');
	else if (!isObject(data['env'])) problems.push('"env" must be an object of "KEY": "value" strings');
	else {
		for (const [key, value] of Object.entries(data['env'])) {
			// Own keys only: `toString` or `__proto__` in a profile are unknown keys, not Object.prototype's.
			if (Object.hasOwn(REFUSED_KEYS, key)) problems.push(`env.${key}: ${REFUSED_KEYS[key]}; allowed keys: ${PROFILE_ENV_KEYS.join(', ')}`);
			else if (!(PROFILE_ENV_KEYS as readonly string[]).includes(key))
				problems.push(`env.${key} is not a setting a profile can change; allowed keys: ${PROFILE_ENV_KEYS.join(', ')}`);
			else if (typeof value !== 'string')
				problems.push(
					`env.${key} must be a string (got ${maskSecrets(JSON.stringify(value))}); write numbers and booleans in quotes, e.g. "CGO_ENABLED": "0"`,
				);
			else {
				// A GOPROXY or GOSUMDB go refuses only when it uses it (issue 18 items 7, 8): the profile is wrong, say so here.
				const refused = goValueProblem(key, value);
				if (refused) problems.push(`env.${key}: ${refused.message}. ${refused.hint}`);
				else env[key] = value;
			}
		}
	}
	let go: Profile['go'];
	if ('go' in data) {
		const value = data['go'];
		if (!isObject(value)) problems.push('"go" must be an object such as {"minVersion": "1.22"}');
		else {
			for (const key of Object.keys(value)) if (key !== 'minVersion') problems.push(`unknown key go.${key}; allowed: minVersion`);
			const min = value['minVersion'];
			if (typeof min !== 'string' || !MIN_VERSION.test(min))
				problems.push(`go.minVersion must be a Go version such as "1.22" or "1.22.3" (got ${JSON.stringify(min)})`);
			else go = {minVersion: min};
		}
	}
	if (problems.length > 0) throw new ProfileError(file, problems);
	return {
		...(typeof data['name'] === 'string' ? {name: data['name']} : {}),
		...(typeof data['description'] === 'string' ? {description: data['description']} : {}),
		env,
		...(go ? {go} : {}),
	};
}

/** The profile's go.minVersion as a comparable version (go1.22 → 1.22.0 semantics via compareGoVersions). */
export function minGoVersion(profile: Profile): GoVersion | undefined {
	const match = profile.go ? MIN_VERSION.exec(profile.go.minVersion) : null;
	return match ? parseGoVersion(`go${match[1]}`) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
