import {describe, expect, it} from 'vitest';
import {maskSecrets} from '../../source/core/mask.js';

describe('maskSecrets', () => {
	it('masks a numeric password that looks like a port only when no path follows it', () => {
		expect(maskSecrets('https://user:1234@proxy.corp/go')).toBe('https://***@proxy.corp/go');
	});

	it('masks passwords in URLs, also inside GOPROXY lists', () => {
		expect(maskSecrets('https://user:s3cret@proxy.corp/go,direct')).toBe('https://***@proxy.corp/go,direct');
		expect(maskSecrets('https://a:b@x.example|https://c:d@y.example')).toBe('https://***@x.example|https://***@y.example');
	});

	it("masks the user info of a proxy request in go's messages, whose path holds /@v/ (an @ after the authority)", () => {
		expect(maskSecrets('reading https://user:pw@host.example/m/@v/v1.0.0.info: 404 Not Found')).toBe(
			'reading https://***@host.example/m/@v/v1.0.0.info: 404 Not Found',
		);
		expect(maskSecrets('go: https://tok@host.example/x/@v/list')).toBe('go: https://***@host.example/x/@v/list');
	});

	it('masks token-like query parameters', () => {
		expect(maskSecrets('https://x.example/go?token=abc&v=1')).toBe('https://x.example/go?token=***&v=1');
		expect(maskSecrets('https://x.example/?access_token=abc')).toBe('https://x.example/?access_token=***');
	});

	it('leaves ordinary values alone', () => {
		for (const text of [
			'https://proxy.golang.org,direct',
			'off',
			'git.corp/*,example.com',
			'user@host:path',
			// A module-proxy request path holds '@v/'; with a port before it, it is still not user info.
			'get http://127.0.0.1:40181/example.com/hello/@v/v1.0.0.info: 200 OK (0.003s)',
			'https://proxy.corp:8443/go/example.com/x/@v/list',
		]) {
			expect(maskSecrets(text)).toBe(text);
		}
	});
});
