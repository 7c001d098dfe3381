import {describe, expect, it} from 'vitest';
import {splitCommandWords} from '../../source/core/command-words.js';
import {submissionOf} from '../../source/ui/troubleshoot/model.js';

// What sh would give go as arguments (checked by hand with: sh -c 'printf "[%s]\n" "$@"' sh LINE).
const SPLITS: Array<[string, string[]]> = [
	['go build ./...', ['go', 'build', './...']],
	['go build -ldflags "-s -w" ./...', ['go', 'build', '-ldflags', '-s -w', './...']],
	["go build -ldflags='-X main.version=1.0 -s' .", ['go', 'build', '-ldflags=-X main.version=1.0 -s', '.']],
	['go  test\t-run  "Test A|Test B"  ./x', ['go', 'test', '-run', 'Test A|Test B', './x']],
	['go build -ldflags=-s\\ -w', ['go', 'build', '-ldflags=-s -w']],
	['go vet "" x', ['go', 'vet', '', 'x']],
	[`go run . "say \\"hi\\" \\\\ \\n"`, ['go', 'run', '.', 'say "hi" \\ \\n']],
	["go run . 'it''s' '$HOME' a\"b c\"d", ['go', 'run', '.', 'its', '$HOME', 'ab cd']],
];

describe('typed go commands: split like a shell, no shell run', () => {
	it.each(SPLITS)('%s', (line, words) => {
		expect(splitCommandWords(line)).toEqual({ok: true, words});
	});

	it.each([
		['go build -ldflags "-s -w ./...', /a " at column 19 that is never closed/],
		["go build -tags='a b ./...", /a ' at column 16 that is never closed/],
		['go build .\\', /ends with a \\ that escapes nothing/],
		['go build ./... | tee log', /No shell runs here, so \| cannot pipe, redirect or chain commands/],
		['go build ./... 2>&1', /so > cannot/],
		['go build -o $HOME/bin/x .', /so \$ would not be expanded/],
		['go build -ldflags "-X main.v=$(git describe)" .', /so \$ would not be expanded/],
		['go version; go env', /so ; cannot/],
	])('refuses %s', (line, message) => {
		const split = splitCommandWords(line);
		expect(split.ok).toBe(false);
		expect(!split.ok && split.message).toMatch(message);
	});

	it('the Troubleshoot text: one go line runs (split), a bad one is refused with the reason, anything else is output', () => {
		expect(submissionOf('  go build -ldflags "-s -w" ./...  ')).toEqual({
			kind: 'command',
			args: ['go', 'build', '-ldflags', '-s -w', './...'],
		});
		expect(submissionOf('go build "x')).toMatchObject({kind: 'invalid', message: expect.stringMatching(/never closed/)});
		expect(submissionOf('go: x: reading "y": 404 Not Found\n\tmore')).toMatchObject({kind: 'text'});
		expect(submissionOf('gofmt -l "x')).toMatchObject({kind: 'text'});
	});
});
