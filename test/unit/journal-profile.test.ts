import {mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {PROFILE_ENV_KEYS, PROFILE_TOP_LEVEL_KEYS, ProfileError, readProfile, validateProfile} from '../../source/core/profile/index.js';
import {REFUSED_KEYS} from '../../source/core/journal/index.js';
import schema from '../../source/profile/gotune.schema.json' with {type: 'json'};

function problems(data: unknown): string[] {
	try {
		validateProfile('p.json', data);
	} catch (error) {
		expect(error).toBeInstanceOf(ProfileError);
		return (error as ProfileError).problems;
	}
	return [];
}

describe('team profile validation', () => {
	it('accepts the minimum schema and the optional go.minVersion', () => {
		expect(validateProfile('p.json', {env: {GOPROXY: 'https://p.example,direct'}, go: {minVersion: '1.22'}})).toEqual({
			env: {GOPROXY: 'https://p.example,direct'},
			go: {minVersion: '1.22'},
		});
	});

	it('refuses GOPROXY and GOSUMDB values go refuses, naming the key, the value masked (issue 18 items 7, 8)', () => {
		const found = problems({env: {GOPROXY: 'http://us er@127.0.0.1:9/,direct', GOSUMDB: 'bogus', GOPRIVATE: 'corp.example'}});
		expect(found).toHaveLength(2);
		expect(found[0]).toMatch(/^env\.GOPROXY: http:\/\/\*\*\*@127\.0\.0\.1:9\/,direct is refused by go .*net\/url: invalid userinfo/);
		expect(found[1]).toMatch(/^env\.GOSUMDB: bogus is refused by go at the first checksum lookup: invalid GOSUMDB: malformed verifier id/);
		expect(found.join('\n')).not.toContain('us er');
	});

	it('names unknown top-level keys and lists what is allowed', () => {
		const [problem] = problems({env: {}, proxy: 'x'});
		expect(problem).toContain('unknown top-level key "proxy"');
		expect(problem).toContain('allowed: $schema, name, description, env, reasons, go');
	});

	it('names unknown and refused env keys, listing the allowed ones', () => {
		const found = problems({env: {GOPROXXY: 'x', GOENV: '/x', GOVERSION: 'go1'}});
		expect(found).toHaveLength(3);
		expect(found[0]).toMatch(
			/^env.GOPROXXY is not a setting a profile can change \(did you mean GOPROXY\?\); allowed keys: GOPROXY, GOPRIVATE/,
		);
		expect(found[1]).toMatch(/^env.GOENV: GOENV can only be set in the OS environment/);
		expect(found[2]).toMatch(/^env.GOVERSION: .*cannot be modified.*allowed keys/);
	});

	it('requires env, string values and a well-formed minVersion', () => {
		expect(problems({})).toEqual([expect.stringContaining('"env" is missing')]);
		expect(problems({env: []})).toEqual([expect.stringContaining('"env" must be an object')]);
		expect(problems({env: {CGO_ENABLED: 0}})).toEqual([expect.stringContaining('env.CGO_ENABLED must be a string')]);
		expect(problems({env: {}, go: {minVersion: 'latest'}})).toEqual([expect.stringContaining('go.minVersion must be a Go version')]);
		expect(problems({env: {}, go: {minVersion: '1.22', max: '1.23'}})[0]).toContain('unknown key go.max');
		expect(problems([1])).toEqual([expect.stringContaining('must be a JSON object')]);
	});

	it('tools: NAME or NAME@VERSION of a known tool, each once; the schema pattern says the same', () => {
		expect(problems({env: {}, tools: ['gopls@v0.23.0', 'dlv', 'staticcheck@latest']})).toEqual([]);
		expect(validateProfile('p.json', {env: {}, tools: ['gopls']}).tools).toEqual(['gopls']);
		expect(problems({env: {}, tools: 'gopls'})).toEqual([expect.stringContaining('"tools" must be a list')]);
		expect(problems({env: {}, tools: ['gofumpt']})).toEqual([
			expect.stringContaining('tools[0]: unknown tool "gofumpt"; gotune knows: gopls'),
		]);
		expect(problems({env: {}, tools: ['gopls@0.23']})).toEqual([expect.stringContaining('the version must look like v1.2.3')]);
		expect(problems({env: {}, tools: ['dlv', 'dlv@v1.27.2']})).toEqual([expect.stringContaining('tools[1]: dlv is listed twice')]);
		expect(problems({env: {}, tools: [3]})).toEqual([expect.stringContaining('tools[0] must be a string')]);
		const pattern = new RegExp(schema.properties.tools.items.pattern);
		for (const word of ['gopls', 'gopls@v0.23.0', 'golangci-lint@v2.15.0', 'dlv@latest']) expect(pattern.test(word), word).toBe(true);
		for (const word of ['gofumpt', 'gopls@0.23', 'gopls@']) expect(pattern.test(word), word).toBe(false);
	});

	it('reports a missing file and broken JSON with the path', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-profile-'));
		await expect(readProfile(path.join(dir, 'nope.json'))).rejects.toThrow(/nope.json does not exist; give the path of a team profile/);
		await writeFile(path.join(dir, 'bad.json'), '{"env": {"GOPROXY": }');
		await expect(readProfile(path.join(dir, 'bad.json'))).rejects.toThrow(
			/bad.json is not a valid gotune profile:\n  - not valid JSON: line 1, column 21: expected a value, found '}'/,
		);
	});

	it('the shipped JSON schema allows exactly what the validator allows', () => {
		expect(Object.keys(schema.properties).sort()).toEqual([...PROFILE_TOP_LEVEL_KEYS].sort());
		expect(schema.properties.env.propertyNames.enum).toEqual([...PROFILE_ENV_KEYS]);
		expect(schema.required).toEqual(['env']);
		for (const key of Object.keys(REFUSED_KEYS)) expect(PROFILE_ENV_KEYS as readonly string[]).not.toContain(key);
	});
});
