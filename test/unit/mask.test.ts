import {describe, expect, it} from 'vitest';
import {maskSecrets} from '../../source/core/mask.js';

describe('maskSecrets', () => {
	it('masks passwords in URLs, also inside GOPROXY lists', () => {
		expect(maskSecrets('https://user:s3cret@proxy.corp/go,direct')).toBe('https://user:***@proxy.corp/go,direct');
		expect(maskSecrets('https://a:b@x.example|https://c:d@y.example')).toBe('https://a:***@x.example|https://c:***@y.example');
	});

	it('masks token-like query parameters', () => {
		expect(maskSecrets('https://x.example/go?token=abc&v=1')).toBe('https://x.example/go?token=***&v=1');
		expect(maskSecrets('https://x.example/?access_token=abc')).toBe('https://x.example/?access_token=***');
	});

	it('leaves ordinary values alone', () => {
		for (const text of ['https://proxy.golang.org,direct', 'off', 'git.corp/*,example.com', 'user@host:path']) {
			expect(maskSecrets(text)).toBe(text);
		}
	});
});
