import {cp, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyPatch, NARROW_RANGES, PATCHES, type Patch} from '../../tsup.config.js';

/**
 * The bundle-time fixes in tsup.config.ts promise "same output, less work". These load each patched file the way the
 * bundle does (the real dependency, patched, from a scratch copy whose imports resolve to this repo's node_modules)
 * and compare it with the untouched dependency on many inputs.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const modules = path.join(root, 'node_modules');
let scratch: string;

beforeAll(async () => {
	scratch = await mkdtemp(path.join(os.tmpdir(), 'gotune-patches-'));
	// Bare imports in the copies (ansi-styles, strip-ansi, …) resolve through this link to the real packages.
	await symlink(modules, path.join(scratch, 'node_modules'), 'dir');
});
afterAll(async () => {
	await rm(scratch, {recursive: true, force: true});
});

function patchFor(file: string): Patch {
	const patch = PATCHES.find(candidate => candidate.file.test(file) && !candidate.except?.test(file));
	if (!patch) throw new Error(`no patch for ${file}`);
	return patch;
}

/** Copies a package's directory to the scratch dir, patches FILE in the copy, and imports ENTRY from it. */
async function loadPatched<T>(packageDir: string, file: string, entry: string): Promise<T> {
	const copy = path.join(scratch, path.basename(packageDir));
	// Source maps left out: they point at sources the packages do not ship, and vite warns about each.
	await cp(path.join(modules, packageDir), copy, {recursive: true, filter: source => !source.endsWith('.map')});
	const target = path.join(copy, file);
	await writeFile(target, applyPatch(patchFor(path.join(modules, packageDir, file)), target, await readFile(target, 'utf8')));
	return (await import(pathToFileURL(path.join(copy, entry)).href)) as T;
}

/** A small seeded generator, so a failure names an input that can be replayed. */
function random(seed: number) {
	let state = seed;
	return (below: number) => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state % below;
	};
}

/** The files the patches are for, as installed. */
const PATCHED_FILES = [
	'ink/build/log-update.js',
	'@alcalzone/ansi-tokenize/build/styledChars.js',
	'string-width/index.js',
	'yoga-layout/dist/binaries/yoga-wasm-base64-esm.js',
].map(file => path.join(modules, file));

describe('every patch', () => {
	it.each(PATCHES.map(patch => [String(patch.file), patch] as const))('%s applies to its installed file', async (_, patch) => {
		const [file, ...more] = PATCHED_FILES.filter(candidate => patch.file.test(candidate) && !patch.except?.test(candidate));
		expect(more).toEqual([]);
		const text = await readFile(file!, 'utf8');
		expect(applyPatch(patch, file!, text)).not.toBe(text);
		expect(() => applyPatch(patch, file!, '')).toThrow(/exactly once/);
	});

	it("leaves wrap-ansi's own string-width alone", () => {
		const nested = path.join(modules, 'wrap-ansi', 'node_modules', 'string-width', 'index.js');
		expect(PATCHES.some(patch => patch.file.test(nested) && !patch.except?.test(nested))).toBe(false);
	});
});

type Tokenizer = {
	tokenize: (text: string) => unknown[];
	styledCharsFromTokens: (tokens: unknown[]) => unknown[];
	styledCharsToString: (chars: unknown[]) => string;
};

describe('ansi-tokenize: styledCharsToString skips equal styles', () => {
	it('turns styled cells back into the same text as the library, for 2000 styled lines', async () => {
		const original = (await import('@alcalzone/ansi-tokenize')) as unknown as Tokenizer;
		const patched = await loadPatched<Tokenizer>('@alcalzone/ansi-tokenize', 'build/styledChars.js', 'build/index.js');
		// The codes Ink's Text and borders emit (chalk): colours, 256 and true colour, bold/dim (which share an end
		// code), inverse, underline, their ends, and full resets.
		const codes = ['\u001B[31m', '\u001B[32m', '\u001B[39m', '\u001B[1m', '\u001B[2m', '\u001B[22m', '\u001B[7m', '\u001B[27m'];
		codes.push('\u001B[4m', '\u001B[24m', '\u001B[0m', '\u001B[38;5;208m', '\u001B[38;2;10;20;30m', '\u001B[44m', '\u001B[49m');
		const texts = ['a', 'bc', ' ', '─', '╔═', '✓', '…', '中', '👍', 'e\u0301'];
		const next = random(13);
		for (let line = 0; line < 2000; line++) {
			let text = '';
			for (let part = next(12); part >= 0; part--) text += next(3) === 0 ? codes[next(codes.length)]! : texts[next(texts.length)]!;
			const cells = original.styledCharsFromTokens(original.tokenize(text));
			expect(patched.styledCharsToString(cells), JSON.stringify(text)).toBe(original.styledCharsToString(cells));
		}
	});
});

type Width = (text: string, options?: {ambiguousIsNarrow?: boolean}) => number;

describe('string-width: strings of narrow characters are as wide as they are long', () => {
	let original: Width;
	let patched: Width;
	beforeAll(async () => {
		original = ((await import('string-width')) as {default: Width}).default;
		patched = (await loadPatched<{default: Width}>('string-width', 'index.js', 'index.js')).default;
	});

	it('every character in NARROW_RANGES is one column wide to the library itself', () => {
		const wrong: string[] = [];
		for (const [from, to] of NARROW_RANGES) {
			for (let code = from; code <= to; code++) {
				if (original(String.fromCodePoint(code)) !== 1) wrong.push(code.toString(16));
			}
		}
		expect(wrong).toEqual([]);
	});

	it('gives the library width for every character up to U+2FFF, alone and between narrow ones', () => {
		for (let code = 0; code <= 0x2f_ff; code++) {
			const character = String.fromCodePoint(code);
			for (const text of [character, `a${character}─`, `─${character}${character}·`]) {
				expect(patched(text), `U+${code.toString(16)} in ${JSON.stringify(text)}`).toBe(original(text));
			}
		}
	});

	it('gives the library width for mixed lines, with and without ambiguousIsNarrow', () => {
		const pieces = [
			'go',
			' ',
			'╔══╗',
			'│',
			'✓',
			'→',
			'…',
			'·',
			'é',
			'e\u0301',
			'中文',
			'👍🏽',
			'❤\uFE0F',
			'🇩🇪',
			'\u200D',
			'\u001B[31m',
			'\u001B[0m',
			'\u00AD',
			'◽',
			'✅',
			'한',
		];
		const next = random(7);
		for (let line = 0; line < 3000; line++) {
			let text = '';
			for (let part = next(10); part >= 0; part--) text += pieces[next(pieces.length)]!;
			expect(patched(text), JSON.stringify(text)).toBe(original(text));
			expect(patched(text, {ambiguousIsNarrow: false}), JSON.stringify(text)).toBe(original(text, {ambiguousIsNarrow: false}));
		}
	});
});
