import {describe, expect, it} from 'vitest';
import {compareGoVersions, parseGoVersion, parseGoVersionOutput} from '../../source/core/version.js';
import {BUNDLED_RELEASES, supportStatus} from '../../source/core/releases.js';

const v = (text: string) => parseGoVersion(text)!;

describe('parseGoVersion', () => {
	it.each([
		['go1.23.5', {major: 1, minor: 23, patch: 5, prerelease: undefined, devel: false}],
		['go1.21rc2', {major: 1, minor: 21, patch: undefined, prerelease: 'rc2', devel: false}],
		['go1.22', {major: 1, minor: 22, patch: undefined, prerelease: undefined, devel: false}],
		['go1.20beta1', {major: 1, minor: 20, patch: undefined, prerelease: 'beta1', devel: false}],
	])('%s', (text, expected) => {
		expect(parseGoVersion(text)).toMatchObject(expected);
	});

	it('reads devel builds and the branch they name', () => {
		expect(parseGoVersion('devel go1.24-abcdef Tue Oct 1 12:00:00 2024 +0000')).toMatchObject({devel: true, major: 1, minor: 24});
		expect(parseGoVersion('devel +abc123')).toMatchObject({devel: true});
	});

	it('rejects what is not a Go version', () => {
		expect(parseGoVersion('1.23.5')).toBeUndefined();
		expect(parseGoVersion('go1')).toBeUndefined();
		expect(parseGoVersion('gox.y')).toBeUndefined();
	});

	it('reads `go version` output, including devel', () => {
		expect(parseGoVersionOutput('go version go1.19.8 linux/amd64\n')?.raw).toBe('go1.19.8');
		expect(parseGoVersionOutput('go version devel go1.24-abc Tue Oct 1 2024 linux/amd64')?.devel).toBe(true);
	});
});

describe('compareGoVersions orders like go/version', () => {
	it('language version < rc < release < patch < next minor', () => {
		const ordered = ['go1.21', 'go1.21rc1', 'go1.21rc2', 'go1.21.0', 'go1.21.3', 'go1.22beta1', 'go1.22.0'];
		const shuffled = [...ordered].reverse().map(v);
		expect(shuffled.sort(compareGoVersions).map(x => x.raw)).toEqual(ordered);
	});
});

describe('supportStatus against a release table', () => {
	const table = {
		asOf: '2026-01-01',
		origin: 'bundled' as const,
		releases: [
			{version: 'go1.25.2', stable: true},
			{version: 'go1.24.9', stable: true},
			{version: 'go1.26rc1', stable: false},
		],
	};

	it('supports the two newest majors and points at the newest patch', () => {
		expect(supportStatus(v('go1.25.2'), table)).toMatchObject({status: 'supported', supportedMajors: ['1.25', '1.24']});
		expect(supportStatus(v('go1.24.1'), table)).toMatchObject({status: 'supported', latestPatch: 'go1.24.9'});
	});

	it('marks older majors unsupported and newer ones as beyond the table', () => {
		expect(supportStatus(v('go1.23.5'), table).status).toBe('unsupported');
		expect(supportStatus(v('go1.26.0'), table).status).toBe('newer-than-table');
	});

	it('ships a dated table whose releases parse', () => {
		expect(BUNDLED_RELEASES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(supportStatus(v(BUNDLED_RELEASES.releases[0]!.version), BUNDLED_RELEASES).status).toBe('supported');
	});
});
