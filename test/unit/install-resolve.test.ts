import {describe, expect, it} from 'vitest';
import {InstallFailure, InstallRefusal} from '../../source/core/install/errors.js';
import {normalizeMirror, fileUrl, indexUrl, parseReleaseIndex, type Release} from '../../source/core/install/feed.js';
import {currentPlatform, newestOfEachMajor, offeredReleases, pickArchive, resolveVersion} from '../../source/core/install/resolve.js';

const file = (version: string, os = 'linux', arch = 'amd64', kind = 'archive') => ({
	filename: `${version}.${os}-${arch}.tar.gz`,
	os,
	arch,
	version,
	sha256: 'a'.repeat(64),
	size: 100,
	kind,
});
const release = (version: string, stable = true): Release => ({
	version,
	stable,
	files: [file(version), file(version, 'darwin', 'arm64'), {...file(version, '', '', 'source'), filename: `${version}.src.tar.gz`}],
});
// Served newest first, like go.dev (go/version.Compare order); resolution must not depend on that order.
const INDEX = [
	release('go1.24rc1', false),
	release('go1.23.4'),
	release('go1.23.3'),
	release('go1.23.0'),
	release('go1.22.10'),
	release('go1.22.9'),
	release('go1.21.13'),
	release('go1.20'),
	release('go1.20.1'),
];

describe('resolveVersion', () => {
	it('takes 1.23.4 and go1.23.4 exactly', () => {
		expect(resolveVersion(INDEX, '1.23.4').version).toBe('go1.23.4');
		expect(resolveVersion(INDEX, 'go1.23.3').version).toBe('go1.23.3');
		expect(resolveVersion(INDEX, '1.24rc1').version).toBe('go1.24rc1');
	});

	it('takes 1.23 as its newest stable patch and latest as the newest stable release (never an rc)', () => {
		expect(resolveVersion(INDEX, '1.23').version).toBe('go1.23.4');
		expect(resolveVersion(INDEX, 'go1.22').version).toBe('go1.22.10');
		expect(resolveVersion([...INDEX].reverse(), 'latest').version).toBe('go1.23.4');
		expect(resolveVersion(INDEX, 'LATEST').version).toBe('go1.23.4');
	});

	it('finds the first release of an old major by its old name (go1.20 is 1.20.0)', () => {
		expect(resolveVersion(INDEX, '1.20.0').version).toBe('go1.20');
		expect(resolveVersion(INDEX, '1.20').version).toBe('go1.20.1');
	});

	it('refuses an unknown version naming the nearest releases', () => {
		const error = (() => {
			try {
				resolveVersion(INDEX, '1.23.9');
			} catch (e) {
				return e as Error;
			}
		})();
		expect(error).toBeInstanceOf(InstallRefusal);
		expect(error!.message).toContain('Go 1.23.9 is not in the release index');
		expect(error!.message).toMatch(/nearest releases are 1\.23\.4, 1\.23\.3, 1\.23\.0, 1\.22\.\d+/);
		expect(() => resolveVersion(INDEX, '1.25')).toThrow(/nearest releases are 1\.23\.4/);
	});

	it('refuses text that is not a version, saying what is allowed', () => {
		for (const bad of ['banana', '1', 'go', '1.23.4; rm -rf /', '']) {
			expect(() => resolveVersion(INDEX, bad)).toThrow(InstallRefusal);
		}
		expect(() => resolveVersion(INDEX, 'banana')).toThrow(/1\.23\.4 or go1\.23\.4.*latest/);
	});

	it('lists the newest stable of each major, newest major first', () => {
		expect(newestOfEachMajor(INDEX).map(r => r.version)).toEqual(['go1.23.4', 'go1.22.10']);
		expect(offeredReleases([...INDEX].reverse(), 5)).toEqual([
			{version: 'go1.23.4', note: 'newest go1.23'},
			{version: 'go1.22.10', note: 'newest go1.22'},
			{version: 'go1.23.3', note: ''},
			{version: 'go1.23.0', note: ''},
			{version: 'go1.22.9', note: ''},
		]);
		expect(newestOfEachMajor(INDEX, 3).map(r => r.version)).toEqual(['go1.23.4', 'go1.22.10', 'go1.21.13']);
	});
});

describe('pickArchive', () => {
	it('picks the archive for this OS/arch, never the source tarball', () => {
		expect(pickArchive(INDEX[1]!, {os: 'linux', arch: 'amd64'}).filename).toBe('go1.23.4.linux-amd64.tar.gz');
		expect(pickArchive(INDEX[1]!, {os: 'darwin', arch: 'arm64'}).filename).toBe('go1.23.4.darwin-arm64.tar.gz');
	});

	it('says which platforms exist when this one has no archive', () => {
		expect(() => pickArchive(INDEX[1]!, {os: 'plan9', arch: '386'})).toThrow(
			/no archive for plan9\/386 \(archives: linux\/amd64, darwin\/arm64\)/,
		);
	});

	it('refuses an archive without a usable checksum', () => {
		const bad: Release = {version: 'go1.23.4', stable: true, files: [{...file('go1.23.4'), sha256: ''}]};
		expect(() => pickArchive(bad, {os: 'linux', arch: 'amd64'})).toThrow(InstallFailure);
	});

	it("maps Node's platform names to Go's", () => {
		expect(currentPlatform('linux', 'x64')).toEqual({os: 'linux', arch: 'amd64'});
		expect(currentPlatform('darwin', 'arm64')).toEqual({os: 'darwin', arch: 'arm64'});
		expect(currentPlatform('win32', 'ia32')).toEqual({os: 'windows', arch: '386'});
		expect(currentPlatform('linux', 'arm')).toEqual({os: 'linux', arch: 'armv6l'});
	});
});

describe('release index', () => {
	it('builds the index and file URLs from any mirror spelling', () => {
		const mirror = normalizeMirror('https://golang.google.cn/dl');
		expect(indexUrl(mirror)).toBe('https://golang.google.cn/dl/?mode=json&include=all');
		expect(fileUrl(mirror, file('go1.23.4'))).toBe('https://golang.google.cn/dl/go1.23.4.linux-amd64.tar.gz');
		expect(indexUrl(normalizeMirror('http://127.0.0.1:8080/dl/?mode=json'))).toBe('http://127.0.0.1:8080/dl/?mode=json&include=all');
	});

	it('refuses mirrors that are not http(s) URLs', () => {
		expect(() => normalizeMirror('go.dev/dl')).toThrow(InstallRefusal);
		expect(() => normalizeMirror('file:///tmp/dl/')).toThrow(/only http and https/);
	});

	it('explains a non-JSON answer and JSON of the wrong shape', () => {
		expect(() => parseReleaseIndex('<html><body>Hello</body></html>', 'http://x/')).toThrow(
			/did not answer with JSON \(it starts with "<html><body>Hello/,
		);
		expect(() => parseReleaseIndex('{"releases": []}', 'http://x/')).toThrow(/not a Go release index \(expected an array of releases\)/);
		expect(() => parseReleaseIndex('[{"version": "go1.23.4"}]', 'http://x/')).toThrow(/release 0 lacks version, stable or files/);
		expect(() => parseReleaseIndex('[{"version": "go1.23.4", "stable": true, "files": [{"filename": "x"}]}]', 'http://x/')).toThrow(
			/a file of go1.23.4 lacks/,
		);
	});

	it('reads the fields gotune relies on', () => {
		const [r] = parseReleaseIndex(JSON.stringify([release('go1.23.4')]), 'http://x/');
		expect(r!.files[0]).toEqual(file('go1.23.4'));
	});
});

describe('GOTOOLCHAIN policies', () => {
	it('accepts what go accepts and refuses the rest with the reason', async () => {
		const {policyMeaning, policyProblem} = await import('../../source/core/install/toolchain-policy.js');
		for (const ok of ['local', 'auto', 'path', 'go1.23.4', 'go1.23.4+auto', 'go1.24rc1+path', 'local+auto'])
			expect(policyProblem(ok)).toBeUndefined();
		expect(policyProblem('go1.22')).toMatch(/language version but not a toolchain version/);
		for (const bad of ['bogus', 'go1.23.4+never', '', 'AUTO']) expect(policyProblem(bad)).toMatch(/GOTOOLCHAIN takes local, auto, path/);
		expect(policyMeaning('local', '')).toMatch(/fails to build instead of downloading/);
		expect(policyMeaning('auto', 'https://proxy.example')).toMatch(/downloads that toolchain .* through GOPROXY=https:\/\/proxy\.example/);
		expect(policyMeaning('go1.23.4+path', '')).toMatch(/only to toolchains on PATH; it never downloads/);
	});
});

describe('proxyFor', () => {
	it('follows go: HTTPS_PROXY for https, HTTP_PROXY for http, NO_PROXY entries and loopback bypass it', async () => {
		const {proxyFor: proxyForSettings, proxySettingsFrom} = await import('../../source/core/net/index.js');
		const proxyFor = (url: URL, env: Record<string, string>) => proxyForSettings(proxySettingsFrom(env), url);
		const env = {
			HTTPS_PROXY: 'proxy.corp:3128',
			HTTP_PROXY: 'http://plain.corp:80',
			NO_PROXY: 'internal.example,.corp.example,mirror.example:8443',
		};
		expect(proxyFor(new URL('https://go.dev/dl/'), env)?.href).toBe('http://proxy.corp:3128/');
		expect(proxyFor(new URL('http://go.dev/dl/'), env)?.href).toBe('http://plain.corp/');
		expect(proxyFor(new URL('https://internal.example/dl/'), env)).toBeUndefined();
		expect(proxyFor(new URL('https://dl.corp.example/dl/'), env)).toBeUndefined();
		expect(proxyFor(new URL('https://mirror.example:8443/'), env)).toBeUndefined();
		expect(proxyFor(new URL('https://mirror.example/'), env)).toBeDefined();
		expect(proxyFor(new URL('http://127.0.0.1:8080/'), env)).toBeUndefined();
		expect(proxyFor(new URL('http://localhost/'), env)).toBeUndefined();
		expect(proxyFor(new URL('https://go.dev/'), {...env, NO_PROXY: '*'})).toBeUndefined();
		expect(proxyFor(new URL('https://go.dev/'), {https_proxy: 'http://lower:1'})?.host).toBe('lower:1');
		expect(proxyFor(new URL('https://go.dev/'), {})).toBeUndefined();
	});
});

describe('choosePrefix', () => {
	it('takes --prefix relative to the working directory, else ~/.local/go, or /usr/local/go for root', async () => {
		const {choosePrefix} = await import('../../source/core/install/prefix.js');
		expect(await choosePrefix(undefined, {HOME: '/home/u'}, '/w', false)).toBe('/home/u/.local/go');
		expect(await choosePrefix('tools/go', {HOME: '/home/u'}, '/w', false)).toBe('/w/tools/go');
		await expect(choosePrefix('/', {}, '/w', false)).rejects.toThrow(/file system root/);
		await expect(choosePrefix(' ', {}, '/w', false)).rejects.toThrow(/--prefix is empty/);
		await expect(choosePrefix(undefined, {}, '/w', false)).rejects.toThrow(/HOME is not set/);
		// Only computed, nothing is written: root gets the official place when /usr/local is writable.
		if (process.getuid?.() === 0) expect(await choosePrefix(undefined, {HOME: '/home/u'}, '/w', true)).toBe('/usr/local/go');
	});
});
