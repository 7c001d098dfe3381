import {describe, expect, it} from 'vitest';
import {parseEnvText, removeKey, renderEnvText, setValue, valueOf} from '../../source/core/journal/goenv-text.js';
import {parseGoEnvText} from '../../source/core/goenv-file.js';

const tricky =
	'# team settings\nGOPROXY=https://first.example\nlowercase=1\n\nGOPROXY=https://second.example\nGOFLAGS="-mod=mod"\nGOBIN=/b';

describe('GOENV line edits', () => {
	it('round-trips any text byte for byte', () => {
		for (const text of ['', '\n', 'A=1', 'A=1\n', tricky, `${tricky}\n`, '\n\nX=1\n\n']) {
			expect(renderEnvText(parseEnvText(text))).toBe(text);
		}
	});

	it('reads what Go reads: the last duplicate, quotes literal', () => {
		const text = parseEnvText(tricky);
		expect(valueOf(text, 'GOPROXY')).toEqual({present: true, value: 'https://second.example'});
		expect(valueOf(text, 'GOFLAGS')).toEqual({present: true, value: '"-mod=mod"'});
		expect(valueOf(text, 'GOPRIVATE')).toEqual({present: false});
		// Agrees with the provenance parser that mirrors cmd/go's readEnvFile.
		for (const key of ['GOPROXY', 'GOFLAGS', 'GOBIN'])
			expect(valueOf(text, key)).toEqual({present: true, value: parseGoEnvText(tricky).values.get(key)});
	});

	it('edits the line Go reads in place and leaves the earlier duplicate, comments and order alone', () => {
		const edited = renderEnvText(setValue(parseEnvText(tricky), 'GOPROXY', 'https://new.example'));
		expect(edited).toBe(tricky.replace('GOPROXY=https://second.example', 'GOPROXY=https://new.example'));
	});

	it('appends a new key on its own line, adding the missing final newline', () => {
		expect(renderEnvText(setValue(parseEnvText('GOBIN=/b'), 'GOPRIVATE', 'x'))).toBe('GOBIN=/b\nGOPRIVATE=x\n');
		expect(renderEnvText(setValue(parseEnvText(''), 'GOPRIVATE', 'x'))).toBe('GOPRIVATE=x\n');
	});

	it('removes every line of a key and never writes KEY=', () => {
		const removed = renderEnvText(removeKey(parseEnvText(`${tricky}\n`), 'GOPROXY'));
		expect(removed).not.toMatch(/^GOPROXY/m);
		expect(removed).toBe('# team settings\nlowercase=1\n\nGOFLAGS="-mod=mod"\nGOBIN=/b\n');
	});

	it('does not mistake a longer key for the one asked for', () => {
		expect(valueOf(parseEnvText('GOPROXYX=1\n'), 'GOPROXY')).toEqual({present: false});
		expect(renderEnvText(removeKey(parseEnvText('GOPROXYX=1\n'), 'GOPROXY'))).toBe('GOPROXYX=1\n');
	});
});
