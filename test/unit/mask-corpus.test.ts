import {describe, expect, it} from 'vitest';
import {maskSecrets, maskSetting, maskUrl} from '../../source/core/mask.js';

/** [value as the user wrote it, what gotune shows, the secrets that must never appear]. Go accepts each form. */
const CORPUS: Array<[string, string, string[]]> = [
	['https://user:s3cret@proxy.corp/go,direct', 'https://***@proxy.corp/go,direct', ['s3cret']],
	['https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@proxy.corp/', 'https://***@proxy.corp/', ['ghp_abcdefghij']],
	['https://TOKEN1234567890abcdef@host.example/go', 'https://***@host.example/go', ['TOKEN1234567890abcdef']],
	['https://alice@host.example', 'https://***@host.example', ['alice@']],
	['https://ghp_tok:x-oauth-basic@github.example/org', 'https://***@github.example/org', ['ghp_tok', 'x-oauth-basic']],
	['https://bob:p@ss:w/rd@proxy.example/go', 'https://***@proxy.example/go', ['p@ss', 'w/rd']],
	['https://bob:p%40ss%2Fword@proxy.example', 'https://***@proxy.example', ['p%40ss']],
	['https://carol:a,b|c@proxy.example,direct', 'https://***@proxy.example,direct', ['a,b|c', 'a,b']],
	[
		'https://a:one@x.example|https://b:two@y.example,https://TOKENTOKENTOKENTOKEN@z.example,off',
		'https://***@x.example|https://***@y.example,https://***@z.example,off',
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
		'https://***@proxy.example/go?private_token=***',
		['hunter2', 'glpat-xyz'],
	],
	['http://eve:pw@127.0.0.1:8080/mod', 'http://***@127.0.0.1:8080/mod', ['pw@']],
	['file:///srv/goproxy,direct', 'file:///srv/goproxy,direct', []],
	[
		"GOPROXY: the OS environment (https://frank:topsecret@proxy.example/go) hides the file's value",
		"GOPROXY: the OS environment (https://***@proxy.example/go) hides the file's value",
		['topsecret'],
	],
	// The whole user info goes, also a user name before a password that is not secret (GitHub's token form).
	['https://TOKEN:x-oauth-basic@host.example/org', 'https://***@host.example/org', ['TOKEN', 'x-oauth-basic']],
	['https://alice:S3CRET@proxy.example.com', 'https://***@proxy.example.com', ['alice', 'S3CRET']],
	// No scheme: go prepends https:// to a GOPROXY entry and sends its user info (issue 18).
	['alice:S3CRET@proxy.example.com', '***@proxy.example.com', ['alice', 'S3CRET']],
	['alice:S3CRET@proxy.example.com,direct', '***@proxy.example.com,direct', ['S3CRET']],
	['https://a.example|alice:S3CRET@proxy.example.com:8443/go|direct', 'https://a.example|***@proxy.example.com:8443/go|direct', ['S3CRET']],
	['ghp_abcdefghijklmnopqrstuvwxyz0123456789@proxy.example.com', '***@proxy.example.com', ['ghp_abcdefghij']],
	['TOKEN:x-oauth-basic@github.example,direct', '***@github.example,direct', ['TOKEN', 'x-oauth-basic']],
	['alice:p@ss@proxy.example.com', '***@proxy.example.com', ['alice', 'p@ss']],
	['alice:abc+%2F=@proxy.example.com', '***@proxy.example.com', ['abc+']],
	['GOPROXY=alice:S3CRET@proxy.example.com,direct', 'GOPROXY=***@proxy.example.com,direct', ['S3CRET']],
	['bob:pw@127.0.0.1:3128', '***@127.0.0.1:3128', ['bob', 'pw@']],
	['bob:pw@[::1]:3128', '***@[::1]:3128', ['bob', 'pw@']],
	['user:pw@localhost', '***@localhost', ['user', 'pw@']],
	// GOSUMDB's URL part, GOAUTH commands, GOFLAGS with a URL.
	['sum.golang.org https://carol:pw@sum.example', 'sum.golang.org https://***@sum.example', ['carol', 'pw@']],
	['sum.golang.org carol:pw@sum.example', 'sum.golang.org ***@sum.example', ['carol', 'pw@']],
	['netrc; https://dave:pw@git.example/org git.example', 'netrc; https://***@git.example/org git.example', ['dave', 'pw@']],
	[
		'-modfile=go.test.mod -toolexec="x https://erin:pw@h.example"',
		'-modfile=go.test.mod -toolexec="x https://***@h.example"',
		['erin', 'pw@'],
	],
	['"alice:S3CRET@proxy.example.com" has scheme alice', '"***@proxy.example.com" has scheme alice', ['S3CRET']],
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
			'example.com@v1.2.3',
			'go get example.com/mod@latest',
			'git@github.com:org/repo.git',
			'go: golang.org/x/text@v0.14.0: verifying go.mod: invalid GOSUMDB: malformed verifier id',
			'example.com/mod@master',
			'rsc.io@abcdef123456',
			'go get go@1.27.3 failed',
			'go get toolchain@go1.27.3',
			'go: toolchain@go1.27.3: golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64: reading',
			'go@1.27',
			'toolchain@go1.27rc2',
		]) {
			expect(maskSecrets(text)).toBe(text);
		}
	});

	it('masks the user info of one URL as typed, spaces and control characters included (maskUrl)', () => {
		expect(maskUrl('http://us er@127.0.0.1:9/')).toBe('http://***@127.0.0.1:9/');
		expect(maskUrl('al ice:S3 CRET@proxy.example.com')).toBe('***@proxy.example.com');
		expect(maskUrl('https://a:b\tc@h.example/go?token=x')).toBe('https://***@h.example/go?token=***');
		expect(maskUrl('https://host.example/mod@v1')).toBe('https://host.example/mod@v1');
		expect(maskUrl('https://bob:p@ss:w/rd@proxy.example/go')).toBe('https://***@proxy.example/go');
		expect(maskUrl('bo b:S3CRET@h.example/x@v1.0.0')).toBe('***@h.example/x@v1.0.0');
		expect(maskUrl('golang.org/x/text@v0.14.0')).toBe('golang.org/x/text@v0.14.0');
	});

	it('masks a setting knowing its form (maskSetting): GOPROXY entry by entry, GOSUMDB after its key', () => {
		expect(maskSetting('GOPROXY', 'http://us er@127.0.0.1:9/,https://carol:a,b|c@proxy.example, alice:pw@x.example ,direct')).toBe(
			'http://***@127.0.0.1:9/,https://***@proxy.example, ***@x.example ,direct',
		);
		expect(maskSetting('GOSUMDB', 'sum.golang.org http://us er@h.example')).toBe('sum.golang.org http://***@h.example');
		expect(maskSetting('GOSUMDB', 'sum.golang.org')).toBe('sum.golang.org');
		expect(maskSetting('GONOSUMDB', 'corp.example,bob:pw@x.example')).toBe('corp.example,***@x.example');
	});
});
