import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {goValueProblem, parseGoproxy, parseGosumdb, validateCandidateUrl} from '../../source/core/proxy/index.js';
import {SUM_GOLANG_ORG_KEY} from '../../source/core/proxy/gosumdb.js';
import {GOPROXY_VERDICTS} from '../helpers/goproxy-verdicts.js';

describe("GOPROXY entries with go's url.Parse rules (issue 18 item 7)", () => {
	it.each(GOPROXY_VERDICTS)('%j → %s', (value, error) => {
		expect(parseGoproxy(value).error).toBe(error);
	});

	it('probes a scheme-less entry as go uses it (https:// prepended) and never echoes its user info', () => {
		expect(validateCandidateUrl('alice:S3CRET@proxy.example.com')).toEqual({ok: true, url: 'https://alice:S3CRET@proxy.example.com'});
		expect(validateCandidateUrl('proxy.example.com/go')).toEqual({ok: true, url: 'https://proxy.example.com/go'});
		for (const input of ['http://us er@127.0.0.1:9/', 'http://bo b:S3CRET@127.0.0.1:x1/', 'ftp://alice:S3CRET@x.example']) {
			const verdict = validateCandidateUrl(input);
			expect(verdict.ok).toBe(false);
			if (!verdict.ok) {
				expect(verdict.message).toContain('***@');
				expect(verdict.message).not.toMatch(/us er|bo b|S3CRET|alice/);
			}
		}
	});
});

describe('values go refuses only when it uses them are refused before they are written (items 7, 8)', () => {
	it('GOPROXY: a bad entry anywhere before direct/off, an http(s) URL without host', () => {
		expect(goValueProblem('GOPROXY', 'https://proxy.golang.org,direct')).toBeUndefined();
		expect(goValueProblem('GOPROXY', 'alice:S3CRET@proxy.example.com,direct')).toBeUndefined();
		expect(goValueProblem('GOPROXY', 'https://ok.example|http://us er@127.0.0.1:9/,direct')?.message).toBe(
			'https://ok.example|http://***@127.0.0.1:9/,direct is refused by go (every download fails): parse "http://***@127.0.0.1:9/": net/url: invalid userinfo',
		);
		expect(goValueProblem('GOPROXY', 'http:///path,direct')?.message).toMatch(/has no host/);
	});

	it('GOSUMDB: go\'s parse, the verifier hash checked (SHA-256 of name + "\\n" + key)', () => {
		const good = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
		expect(goValueProblem('GOSUMDB', good)).toBeUndefined();
		expect(goValueProblem('GOSUMDB', 'sum.golang.org https://sum.golang.google.cn')).toBeUndefined();
		for (const [value, error] of [
			['bogus', 'invalid GOSUMDB: malformed verifier id'],
			[good.replace('033de0ae', '033de0af'), 'invalid GOSUMDB: invalid verifier hash'],
			['sum.golang.org https://a.example/x y', 'invalid GOSUMDB: too many fields'],
			['sum.golang.org http://h.example:x1/', 'invalid GOSUMDB URL: parse "http://h.example:x1/": invalid port ":x1" after host'],
			['sum.golang.org http://us%zz@h.example/', 'invalid GOSUMDB URL: parse "http://***@h.example/": invalid URL escape in the user info'],
		] as const) {
			expect(parseGosumdb(value)).toEqual({ok: false, error});
			expect(goValueProblem('GOSUMDB', value)?.message).toContain(error);
		}
		expect(goValueProblem('GOSUMDB', 'sum.golang.org ht tp://carol:S3CRET@h.example')?.message).not.toContain('S3CRET');
	});

	it("Go's default key, whose hash parseGosumdb does not recompute at every start, has the hash its id names", () => {
		// name+hash+key; the base64 key holds '+' itself.
		const [, name, hash, key] = /^([^+]+)\+([^+]+)\+(.+)$/.exec(SUM_GOLANG_ORG_KEY)!;
		const digest = createHash('sha256')
			.update(Buffer.concat([Buffer.from(`${name!}\n`), Buffer.from(key!, 'base64')]))
			.digest();
		expect(digest.readUInt32BE(0)).toBe(Number.parseInt(hash!, 16));
		// The same key with its hash spelled otherwise is checked the long way, and still passes.
		expect(parseGosumdb(SUM_GOLANG_ORG_KEY.replace(hash!, hash!.toUpperCase()))).toMatchObject({ok: true, name});
	});
});
