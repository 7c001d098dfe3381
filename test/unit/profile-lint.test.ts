import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {lintProfileText, lintSettings, parseJsonWithPositions} from '../../source/core/profile/index.js';
import {nearest} from '../../source/text/nearest.js';

const CORPUS = path.join(import.meta.dirname, '..', 'fixtures', 'profiles');
const lint = (name: string) => lintProfileText(readFileSync(path.join(CORPUS, name), 'utf8'));
/** key, severity, line:column of each problem: what a reader of `gotune profile check` acts on. */
const brief = (name: string) => lint(name).problems.map(p => `${p.key} ${p.severity} ${p.line}:${p.column}`);

describe('team profile lint, on the corpus in test/fixtures/profiles', () => {
	it('a good profile (private patterns covered, quoted GOFLAGS word, reasons, go requirements) has no problem', () => {
		expect(lint('good.json')).toEqual({json: true, problems: []});
	});

	it('GONOSUMDB narrower than GOPRIVATE: the private names would go to the public checksum database', () => {
		expect(brief('gonosumdb-narrower.json')).toEqual(['env.GONOSUMDB error 4:3']);
		const [problem] = lint('gonosumdb-narrower.json').problems;
		expect(problem!.message).toMatch(/GONOSUMDB=example.com\/tune does not cover GOPRIVATE pattern github.com\/acme\/\*/);
		expect(problem!.message).toMatch(/explicit GONOSUMDB replaces the GOPRIVATE default.*checksum database/);
	});

	it('GONOPROXY narrower than GOPRIVATE names only the patterns it misses', () => {
		expect(brief('gonoproxy-narrower.json')).toEqual(['env.GONOPROXY error 4:3']);
		expect(lint('gonoproxy-narrower.json').problems[0]!.message).toMatch(/does not cover GOPRIVATE pattern github.com\/acme\/\*: /);
		// Covered by a shorter prefix or a wider glob: nothing to say.
		expect(
			lintSettings({env: {GOPRIVATE: 'github.com/acme/*,git.corp.example/team', GONOPROXY: 'github.com/acme,*.corp.example'}}),
		).toEqual([]);
		// Nothing is fetched through a proxy with GOPROXY=direct, nothing checked with GOSUMDB=off (which has its own warning).
		expect(lintSettings({env: {GOPRIVATE: 'a.example', GONOPROXY: 'b.example', GOPROXY: 'direct'}})).toEqual([]);
		expect(lintSettings({env: {GOPRIVATE: 'a.example', GONOSUMDB: 'b.example', GOSUMDB: 'off'}}).map(p => p.key)).toEqual(['env.GOSUMDB']);
	});

	it('GOPROXY=off without GOPRIVATE, and GOSUMDB=off, are warnings', () => {
		expect(brief('goproxy-off.json')).toEqual(['env.GOPROXY warning 2:10']);
		expect(lintSettings({env: {GOPROXY: 'off', GOPRIVATE: 'corp.example'}})).toEqual([]);
		expect(brief('gosumdb-off.json')).toEqual(['env.GOSUMDB warning 2:10']);
	});

	it('a GOFLAGS flag go 1.26 does not know is an error, with the nearest flag', () => {
		expect(brief('goflags-unknown.json')).toEqual(['env.GOFLAGS error 3:3']);
		expect(lint('goflags-unknown.json').problems[0]!.message).toMatch(
			/-modcacherww, a flag go 1.26 does not know.*did you mean -modcacherw\?/,
		);
		expect(lintSettings({env: {GOFLAGS: 'mod=mod'}})[0]!.message).toMatch(/"mod=mod", which is not a flag/);
		expect(lintSettings({env: {GOFLAGS: '-mod=mod --trimpath -buildvcs=false -race'}})).toEqual([]);
	});

	it('buildCache: -trimpath in GOFLAGS counts as go applies it (the last word decides, any strconv.ParseBool true)', () => {
		const keys = (goflags: string) =>
			lintSettings({env: {GOFLAGS: goflags}, buildCache: {server: 'http://cache.internal:31364', trimpath: true}}).map(p => p.key);
		expect(keys('-trimpath')).toEqual([]);
		expect(keys('-trimpath=1')).toEqual([]);
		expect(keys('--trimpath=T -mod=mod')).toEqual([]);
		expect(keys('-trimpath -trimpath=false')).toEqual(['buildCache.trimpath']);
		expect(keys('-mod=mod')).toEqual(['buildCache.trimpath']);
	});

	it('machine-specific keys are warnings; GOENV, which no GOENV file can hold, is an error', () => {
		expect(brief('machine-keys.json')).toEqual([
			'env.GOCACHE warning 4:3',
			'env.GOMODCACHE warning 5:3',
			'env.GOPATH warning 6:3',
			'env.GOROOT warning 7:3',
			'env.GOBIN warning 8:3',
			'env.GOENV error 9:3',
		]);
	});

	it('unknown keys name the nearest known one, by edit distance', () => {
		const problems = lint('unknown-keys.json').problems;
		expect(problems.map(p => `${p.key} ${p.line}:${p.column}`)).toEqual([
			'env.GOPROXYY 3:3',
			'env.GOPRIVAT 4:3',
			'env.EDITOR 5:3',
			'descripton 7:2',
		]);
		expect(problems[0]!.message).toContain('(did you mean GOPROXY?)');
		expect(problems[1]!.message).toContain('(did you mean GOPRIVATE?)');
		expect(problems[2]!.message).not.toContain('did you mean');
		expect(problems[3]!.message).toContain('unknown top-level key "descripton" (did you mean description?)');
		expect(nearest('GOPROXYY', ['GOPRIVATE', 'GOPROXY'])).toBe('GOPROXY');
		expect(nearest('EDITOR', ['GOPROXY', 'GOPATH'])).toBeUndefined();
	});

	it('broken JSON is reported at its line and column, not a byte offset', () => {
		const broken = (name: string) => {
			const result = lint(name);
			expect(result.json).toBe(false);
			return result.problems.map(p => `${p.line}:${p.column} ${p.message}`);
		};
		expect(broken('broken-trailing-comma.json')).toEqual(["3:22 not valid JSON: a trailing comma before '}' is not allowed in JSON"]);
		expect(broken('broken-missing-colon.json')).toEqual([`3:13 not valid JSON: expected ':' after the key "GOPROXY", found '"'`]);
		expect(broken('broken-unclosed.json')).toEqual([
			"5:1 not valid JSON: expected ',' or '}' after the value of \"env\", found the end of the file",
		]);
		expect(broken('broken-comment.json')).toEqual(['2:3 not valid JSON: comments are not allowed in JSON']);
		expect(lintProfileText('').problems[0]).toMatchObject({line: 1, column: 1, key: null, severity: 'error'});
	});

	it('duplicate keys are errors (go would see only the last), and parsing agrees with JSON.parse', () => {
		expect(
			lintProfileText('{"env": {"GOPROXY": "direct",\n "GOPROXY": "off"}}').problems.map(p => `${p.key} ${p.line}:${p.column}`),
		).toContain('env.GOPROXY 2:2');
		for (const text of ['{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"], "__proto__": {"b": {}}}', '\uFEFF{"env": {}}']) {
			const parsed = parseJsonWithPositions(text);
			expect(parsed.ok && parsed.value).toEqual(JSON.parse(text.replace(/^\uFEFF/, '')));
		}
	});
});
