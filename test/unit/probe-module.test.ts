import {describe, expect, it} from 'vitest';
import {standInProbeModule} from '../../source/core/proxy/probe-module.js';

describe('the module probed when the project has no requirement', () => {
	it('GOTUNE_PROBE_MODULE when set (the demo: its mirrors serve no golang.org/x/text), else golang.org/x/text', () => {
		expect(standInProbeModule({})).toEqual({
			module: {path: 'golang.org/x/text', version: 'v0.14.0'},
			source: 'a well-known public module (no requirement here)',
		});
		expect(standInProbeModule({GOTUNE_PROBE_MODULE: 'example.com/tune/ansi@v1.1.0'})).toEqual({
			module: {path: 'example.com/tune/ansi', version: 'v1.1.0'},
			source: 'set by GOTUNE_PROBE_MODULE: no requirement here',
		});
	});

	it('a value that is not PATH@VERSION is named with the reason, and the fallback used', () => {
		const {module, source} = standInProbeModule({GOTUNE_PROBE_MODULE: 'example.com/tune/ansi@latest'});
		expect(module.path).toBe('golang.org/x/text');
		expect(source).toBe(
			'a well-known public module: GOTUNE_PROBE_MODULE="example.com/tune/ansi@latest" "latest" is not an exact version such as v1.2.3 (queries like latest are not probed); set it to PATH@VERSION',
		);
	});
});
