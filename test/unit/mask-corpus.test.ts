import {describe, expect, it} from 'vitest';
import {maskSecrets} from '../../source/core/mask.js';

/** [value as the user wrote it, what gotune shows, the secrets that must never appear]. Go accepts each form. */
const CORPUS: Array<[string, string, string[]]> = [
	['https://user:s3cret@proxy.corp/go,direct', 'https://user:***@proxy.corp/go,direct', ['s3cret']],
	['https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@proxy.corp/', 'https://***@proxy.corp/', ['ghp_abcdefghij']],
	['https://TOKEN1234567890abcdef@host.example/go', 'https://***@host.example/go', ['TOKEN1234567890abcdef']],
	['https://alice@host.example', 'https://***@host.example', ['alice@']],
	['https://ghp_tok:x-oauth-basic@github.example/org', 'https://***@github.example/org', ['ghp_tok', 'x-oauth-basic']],
	['https://bob:p@ss:w/rd@proxy.example/go', 'https://bob:***@proxy.example/go', ['p@ss', 'w/rd']],
	['https://bob:p%40ss%2Fword@proxy.example', 'https://bob:***@proxy.example', ['p%40ss']],
	['https://carol:a,b|c@proxy.example,direct', 'https://carol:***@proxy.example,direct', ['a,b|c', 'a,b']],
	[
		'https://a:one@x.example|https://b:two@y.example,https://TOKENTOKENTOKENTOKEN@z.example,off',
		'https://a:***@x.example|https://b:***@y.example,https://***@z.example,off',
		['one', 'two', 'TOKENTOKENTOKENTOKEN'],
	],
	['https://x.example/go?token=abc123&v=1', 'https://x.example/go?token=***&v=1', ['abc123']],
	['https://x.example/?access_token=abc123,direct', 'https://x.example/?access_token=***,direct', ['abc123']],
	[
		'https://x.example/mod?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIAEXAMPLE',
		'https://x.example/mod?X-Amz-Signature=***&X-Amz-Credential=***',
		['deadbeef', 'AKIAEXAMPLE'],
	],
	[
		'https://dave:hunter2@proxy.example/go?private_token=glpat-xyz',
		'https://dave:***@proxy.example/go?private_token=***',
		['hunter2', 'glpat-xyz'],
	],
	['http://eve:pw@127.0.0.1:8080/mod', 'http://eve:***@127.0.0.1:8080/mod', ['pw@']],
	['file:///srv/goproxy,direct', 'file:///srv/goproxy,direct', []],
	[
		"GOPROXY: the OS environment (https://frank:topsecret@proxy.example/go) hides the file's value",
		"GOPROXY: the OS environment (https://frank:***@proxy.example/go) hides the file's value",
		['topsecret'],
	],
];

describe('maskSecrets over a corpus of URL forms', () => {
	it.each(CORPUS)('%s', (value, shown, secrets) => {
		const masked = maskSecrets(value);
		expect(masked).toBe(shown);
		for (const secret of secrets) expect(masked).not.toContain(secret);
		// Masking a masked value changes nothing (messages are masked more than once on their way out).
		expect(maskSecrets(masked)).toBe(masked);
	});

	it('leaves values without credentials alone', () => {
		for (const text of [
			'https://proxy.golang.org,direct',
			'off',
			'git.corp/*,example.com',
			'user@host:path',
			'https://host.example/mod@v1.2.3',
			'https://proxy.example/a@b/c,direct',
			'get http://127.0.0.1:42989/example.com/hello/@v/v1.0.0.info: 200 OK',
			'https://proxy.example:8443/mod/@v/list',
		]) {
			expect(maskSecrets(text)).toBe(text);
		}
	});
});
