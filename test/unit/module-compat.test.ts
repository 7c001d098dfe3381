import {describe, expect, it} from 'vitest';
import {compatibility, type CompatInput} from '../../source/core/module/compat.js';
import {parseModText} from '../../source/core/module/gomod-text.js';
import {parseGoVersion} from '../../source/core/version.js';

const go119 = parseGoVersion('go1.19.8')!;
const go123 = parseGoVersion('go1.23.5')!;
const at = (input: Partial<CompatInput> & Pick<CompatInput, 'local'>) => compatibility({file: 'go.mod', gotoolchain: 'auto', ...input});

describe('compatibility of go/toolchain lines with the installed go', () => {
	it('Go 1.19: two-part lines only, no toolchain directive, no switching', () => {
		expect(at({local: go119, goLine: '1.19', gotoolchain: ''}).status).toBe('ok');
		expect(at({local: go119, goLine: '1.18', gotoolchain: ''}).status).toBe('ok');
		expect(at({local: go119, goLine: '1.21', gotoolchain: ''})).toMatchObject({status: 'warn'});
		expect(at({local: go119, goLine: '1.22.0', gotoolchain: ''})).toMatchObject({status: 'error'});
		expect(at({local: go119, goLine: '1.21rc1', gotoolchain: ''})).toMatchObject({status: 'error'});
		expect(at({local: go119, goLine: '1.19', toolchainLine: 'go1.21.0', gotoolchain: ''}).message).toContain('"toolchain go1.21.0" line');
	});

	it('Go 1.23: GOTOOLCHAIN decides between refusing, PATH and downloading', () => {
		expect(at({local: go123, goLine: '1.22.0', toolchainLine: 'go1.22.3'}).status).toBe('ok');
		expect(at({local: go123, goLine: '1.23.5'}).status).toBe('ok');
		const local = at({local: go123, goLine: '1.99', gotoolchain: 'local'});
		expect(local.status).toBe('error');
		expect(local.message).toContain('"go: go.mod requires go >= 1.99 (running go 1.23.5; GOTOOLCHAIN=local)"');
		expect(local.fix).toContain('install go1.99.0 from https://go.dev/dl/');
		const auto = at({local: go123, goLine: '1.24', toolchainLine: 'go1.24.2', goproxy: 'https://proxy.golang.org,direct'});
		expect(auto).toMatchObject({status: 'warn'});
		expect(auto.message).toContain('go switches to go1.24.2');
		expect(auto.message).toContain('GOPROXY=https://proxy.golang.org,direct');
		expect(at({local: go123, goLine: '1.24', gotoolchain: 'path'}).message).toContain('looks for it on PATH only');
		// A newer toolchain line alone is ignored under local.
		expect(at({local: go123, goLine: '1.21', toolchainLine: 'go1.99.0', gotoolchain: 'local'}).status).toBe('ok');
		expect(at({local: go123, goLine: '1.21', toolchainLine: 'go1.99.0', gotoolchain: 'go1.22.0+auto'}).message).toContain(
			'go switches to go1.99.0',
		);
	});

	it('no go line: Go assumes 1.16', () => {
		expect(at({local: go123}).message).toContain('Go treats it as go 1.16');
	});
});

describe('parseModText', () => {
	it('reads module, go, toolchain, require blocks, indirect markers and go.work use lines', () => {
		const mod = parseModText(
			'// c\nmodule "example.com/q" // comment\n\ngo 1.22.0\ntoolchain go1.22.3\nrequire a.example/x v1.0.0\nrequire (\n\tb.example/y v0.1.0 // indirect\n\tc.example/z v2.0.0+incompatible\n)\nreplace a.example/x => ../x\n',
		);
		expect(mod).toMatchObject({module: 'example.com/q', go: '1.22.0', toolchain: 'go1.22.3'});
		expect(mod.requires).toEqual([
			{path: 'a.example/x', version: 'v1.0.0', indirect: false},
			{path: 'b.example/y', version: 'v0.1.0', indirect: true},
			{path: 'c.example/z', version: 'v2.0.0+incompatible', indirect: false},
		]);
		expect(parseModText('go 1.21\n\nuse (\n\t./a\n\t"./b c"\n)\nuse ./d\n').uses).toEqual(['./a', './b c', './d']);
	});
});
