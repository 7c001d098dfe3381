// `go version -m` output as go 1.19 through 1.27 print it: the first block is real output of go1.26.8 for a staticcheck
// built by gotune tools here (trimmed to its first dep lines); the others are the same format's other cases.
import {describe, expect, it} from 'vitest';
import {parseBuildInfo} from '../../source/core/tools/build-info.js';
import {parseToolRequest, tooOld} from '../../source/core/tools/install.js';
import {knownTool, parseToolWord} from '../../source/core/tools/known.js';
import {maskSecrets} from '../../source/core/mask.js';
import {parseGoVersion} from '../../source/core/version.js';

const STATICCHECK = [
	'/home/ana/go/bin/staticcheck: go1.26.8',
	'\tpath\thonnef.co/go/tools/cmd/staticcheck',
	'\tmod\thonnef.co/go/tools\tv0.8.2\th1:+jPbCzuYxYrcoOvCecYUFDj+XJQRmzIhJmlbpps21Zk=',
	'\tdep\tgithub.com/BurntSushi/toml\tv1.4.1-0.20240526193622-a339e1f7089c\th1:pxW6RcqyfI9/kWtOwnv/G+AzdKuy2ZrqINhenH4HyNs=',
	'\tdep\tgolang.org/x/tools\tv0.51.0\th1:k4Xc/1Om9jwkBJBo4NVLMSARBoWtK10mx+W5BnXCeAI=',
	'\tbuild\t-buildmode=exe',
	'\tbuild\t-compiler=gc',
	'\tbuild\tCGO_ENABLED=1',
	'\tbuild\tCGO_LDFLAGS=-O2 -g',
	'\tbuild\tGOOS=linux',
	'',
].join('\n');

describe('parseBuildInfo (go version -m)', () => {
	it('reads the go that built it, the package, the module version and the build settings', () => {
		const info = parseBuildInfo(STATICCHECK, '/home/ana/go/bin/staticcheck')!;
		expect(info.goVersion).toBe('go1.26.8');
		expect(info.go).toMatchObject({major: 1, minor: 26, patch: 8});
		expect(info.path).toBe('honnef.co/go/tools/cmd/staticcheck');
		expect(info.module).toEqual({path: 'honnef.co/go/tools', version: 'v0.8.2', sum: 'h1:+jPbCzuYxYrcoOvCecYUFDj+XJQRmzIhJmlbpps21Zk='});
		expect(info.settings).toMatchObject({'-compiler': 'gc', CGO_LDFLAGS: '-O2 -g', GOOS: 'linux'});
	});

	it('a binary built from a checkout says (devel) and has no sum', () => {
		const info = parseBuildInfo(
			'/tmp/dlv: go1.25.4\n\tpath\tgithub.com/go-delve/delve/cmd/dlv\n\tmod\tgithub.com/go-delve/delve\t(devel)\t\n',
		)!;
		expect(info.module).toEqual({path: 'github.com/go-delve/delve', version: '(devel)'});
	});

	it('a replaced main module: the replacement counts', () => {
		const text =
			'/b/gopls: go1.24.2\n\tpath\tgolang.org/x/tools/gopls\n\tmod\tgolang.org/x/tools/gopls\tv0.18.0\n\t=>\t../gopls\t(devel)\t\n';
		expect(parseBuildInfo(text)!.module).toEqual({path: '../gopls', version: '(devel)'});
	});

	it('devel toolchains, experiments and a path that holds ": "', () => {
		const devel = parseBuildInfo('/x/a: b/tool: devel go1.27-3f2c1a9 Tue Nov 3 10:00:00 2026 +0000\n', '/x/a: b/tool')!;
		expect(devel.goVersion).toBe('devel go1.27-3f2c1a9 Tue Nov 3 10:00:00 2026 +0000');
		expect(devel.go).toMatchObject({major: 1, minor: 27, devel: true});
		expect(parseBuildInfo('/x/t: go1.22.0 X:nocoverageredesign\n')!.go).toMatchObject({minor: 22, patch: 0});
	});

	it('no build info (binaries built without modules) and not a Go program', () => {
		expect(parseBuildInfo('/usr/bin/old: go1.10.3\n')).toEqual({goVersion: 'go1.10.3', go: expect.anything(), settings: {}});
		expect(parseBuildInfo('')).toBeUndefined();
		expect(parseBuildInfo('/bin/ls: could not read Go build info from /bin/ls: not a Go executable\n')).toBeUndefined();
	});
});

describe('tool names and versions', () => {
	it('NAME takes the pinned version, NAME@VERSION another; unknown names list the known ones', () => {
		expect(parseToolRequest('dlv')).toMatchObject({version: 'v1.27.2'});
		expect(parseToolRequest('gopls@v0.24.0')).toMatchObject({version: 'v0.24.0'});
		expect(parseToolRequest('staticcheck@latest')).toMatchObject({version: 'latest'});
		expect(() => parseToolRequest('gofumpt')).toThrow('unknown tool "gofumpt"; gotune knows: gopls, dlv, staticcheck, golangci-lint');
		expect(() => parseToolRequest('gopls@0.23')).toThrow('the version must look like v1.2.3');
	});

	it('a bad version is named as typed even after the CLI masks its message (NAME@WORD: reads as user@host)', () => {
		for (const [word, version] of [
			['gopls@master', 'master'],
			['dlv@main.x', 'main.x'],
		] as const) {
			const parsed = parseToolWord(word);
			const shown = maskSecrets('problem' in parsed ? parsed.problem : '');
			expect(shown).toContain(`"${version}"`);
			expect(shown).not.toContain('***');
		}
	});

	it('a go before 1.21 cannot switch toolchains: refused with the go line the tool needs', () => {
		const staticcheck = knownTool('staticcheck')!;
		expect(tooOld(staticcheck, parseGoVersion('go1.19.8')!)).toContain('needs go 1.26.0 or newer to build, and go1.19.8 cannot switch');
		expect(tooOld(staticcheck, parseGoVersion('go1.23.4')!)).toBeUndefined();
		expect(tooOld(staticcheck, parseGoVersion('go1.26.8')!)).toBeUndefined();
	});
});
