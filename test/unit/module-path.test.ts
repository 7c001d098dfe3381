import {describe, expect, it} from 'vitest';
import {goQuote} from '../../source/core/module/go-quote.js';
import {validateModulePath, type PathVerdict} from '../../source/core/module/validate-path.js';

const refused = (p: string) => {
	const v = validateModulePath(p);
	if (v.accepted) throw new Error(`expected ${p} to be refused`);
	return v;
};
const warningIds = (v: PathVerdict) => v.warnings.map(w => w.id);

describe('validateModulePath', () => {
	it('accepts an ordinary path without warnings', () => {
		expect(validateModulePath('github.com/owner/repo')).toEqual({accepted: true, path: 'github.com/owner/repo', warnings: []});
	});

	it('explains each refusal and suggests a fix that Go would accept', () => {
		expect(refused('my project')).toMatchObject({
			goMessage: 'go: malformed module path "my project": invalid char \' \'',
			suggestion: 'my-project',
		});
		expect(refused('example.com/x/')).toMatchObject({suggestion: 'example.com/x'});
		expect(refused('-foo')).toMatchObject({suggestion: 'foo'});
		expect(refused('/abs/path').explanation).toMatch(/not a file path/);
		expect(refused('example.com//x')).toMatchObject({suggestion: 'example.com/x'});
		expect(refused('./x').goMessage).toBe('go: malformed module path "./x": is a local import path');
		expect(refused('con').explanation).toMatch(/reserved device name on Windows/);
		expect(refused('example.com/foo~1').explanation).toMatch(/short name/);
		expect(refused('example.com/naïve')).toMatchObject({suggestion: 'example.com/naive'});
	});

	it("suggests dropping /v1 and /v0 rather than Go's /v2, but keeps Go's words", () => {
		const v1 = refused('example.com/foo/v1');
		expect(v1.suggestion).toBe('example.com/foo');
		expect(v1.goMessage).toContain('\tgo mod init example.com/foo/v2');
		expect(refused('example.com/foo/v2.1').suggestion).toBe('example.com/foo/v2');
		expect(refused('gopkg.in/yaml').suggestion).toBe('gopkg.in/yaml.v1');
	});

	it('warns about paths Go accepts that hurt later', () => {
		expect(warningIds(validateModulePath('myapp'))).toEqual(['no-dot']);
		expect(warningIds(validateModulePath('github.com/Owner/Repo'))).toEqual(['uppercase']);
		expect(warningIds(validateModulePath('Example.com/x'))).toEqual(['not-fetchable', 'uppercase']);
		expect(warningIds(validateModulePath('example.com/.hidden'))).toEqual(['not-fetchable']);
		expect(warningIds(validateModulePath('example.com/c++'))).toEqual(['not-fetchable']);
	});

	it("checks a /vN suffix against the repository's tags", () => {
		expect(warningIds(validateModulePath('example.com/foo/v2'))).toEqual(['major-suffix']);
		expect(warningIds(validateModulePath('example.com/foo/v2', {tags: ['v2.3.0', 'v1.0.0']}))).toEqual([]);
		expect(validateModulePath('example.com/foo/v3', {tags: ['v2.3.0']}).warnings[0]!.message).toMatch(/newest tag is v2/);
		expect(validateModulePath('example.com/foo', {tags: ['v3.1.0']}).warnings[0]).toMatchObject({id: 'major-missing'});
		expect(warningIds(validateModulePath('gopkg.in/yaml.v3'))).toEqual([]);
	});
});

describe('goQuote', () => {
	it("quotes like Go's %q", () => {
		expect(goQuote('a"b\\c\td')).toBe('"a\\"b\\\\c\\td"');
		expect(goQuote('exé')).toBe('"exé"');
		expect(goQuote('\u0001')).toBe('"\\x01"');
		expect(goQuote('\u00a0')).toBe('"\\u00a0"');
	});
});
