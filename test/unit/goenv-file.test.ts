import {describe, expect, it} from 'vitest';
import {parseGoEnvText, readGoEnvFile} from '../../source/core/goenv-file.js';

describe('parseGoEnvText mirrors cmd/go readEnvFile', () => {
	it('ignores comments, blank lines, lowercase keys and lines without =; last duplicate wins', () => {
		const file = parseGoEnvText('# comment=with equals\nGOPROXY=first\n\nlowercase=1\nGOPROXY=second\nNOEQUALS\nGOBIN=/b\n');
		expect(Object.fromEntries(file.values)).toEqual({GOPROXY: 'second', GOBIN: '/b'});
		expect(file.lines.map(l => l.key ?? null)).toEqual([null, 'GOPROXY', null, null, 'GOPROXY', null, 'GOBIN']);
	});

	it('keeps quotes and spaces literally and splits at the first =', () => {
		const file = parseGoEnvText('GOFLAGS="-mod=mod"\nGOPRIVATE= spaced , x \nGONOSUMDB=a=b\n');
		expect(file.values.get('GOFLAGS')).toBe('"-mod=mod"');
		expect(file.values.get('GOPRIVATE')).toBe(' spaced , x ');
		expect(file.values.get('GONOSUMDB')).toBe('a=b');
	});

	it('keeps empty values, which are not the same as absent keys', () => {
		const file = parseGoEnvText('GOPROXY=\n');
		expect(file.values.has('GOPROXY')).toBe(true);
		expect(file.values.get('GOPROXY')).toBe('');
		expect(file.values.has('GOSUMDB')).toBe(false);
	});

	it('keeps a carriage return as part of the value, as Go does', () => {
		expect(parseGoEnvText('GOPROXY=https://x\r\n').values.get('GOPROXY')).toBe('https://x\r');
	});

	it('reads a last line without newline and remembers whether the file ended with one', () => {
		const open = parseGoEnvText('GOBIN=/b');
		expect(open.values.get('GOBIN')).toBe('/b');
		expect(open.endsWithNewline).toBe(false);
		expect(parseGoEnvText('GOBIN=/b\n').endsWithNewline).toBe(true);
	});

	it('treats a line starting with a digit or underscore as not a setting', () => {
		expect([...parseGoEnvText('_GO=1\n1GO=2\n').values]).toEqual([]);
	});

	it('reads an empty file as no lines at all', () => {
		expect(parseGoEnvText('')).toEqual({lines: [], values: new Map(), endsWithNewline: false});
		expect(parseGoEnvText('\n').lines).toEqual([{text: ''}]);
	});

	it('reads a missing file as empty', async () => {
		const file = await readGoEnvFile('/nonexistent/gotune/go/env');
		expect(file.exists).toBe(false);
		expect(file.values.size).toBe(0);
	});
});
