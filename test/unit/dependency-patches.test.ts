import {cp, mkdir, mkdtemp, readdir, readFile, rm, symlink} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {execa} from 'execa';
import {createElement, type ReactElement} from 'react';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {renderInk} from '../view/render.js';

/**
 * The fixes in patches/ are applied at install (patch-package), so node_modules holds the patched code that the view
 * tests, the bundle and the e2e tests run. These check that the installed files are patched, and that each patched
 * file gives the library's own output: the original comes from a scratch copy of the package with its patch
 * reverse-applied (git apply -R), whose bare imports resolve to this repo's node_modules.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const modules = path.join(root, 'node_modules');
const patchDir = path.join(root, 'patches');
let scratch: string;

beforeAll(async () => {
	scratch = await mkdtemp(path.join(os.tmpdir(), 'gotune-patches-'));
	// Bare imports in the copies (ansi-styles, strip-ansi, …) resolve through this link to the real packages.
	await symlink(modules, path.join(scratch, 'node_modules'), 'dir');
});
afterAll(async () => {
	await rm(scratch, {recursive: true, force: true});
});

/** The patch files, with the package each is for (patch-package names them NAME+VERSION.patch, "/" as "+"). */
async function patchFiles() {
	const names = (await readdir(patchDir)).filter(name => name.endsWith('.patch'));
	return names.map(name => {
		const [, scopedName, version] = /^(.+)\+([^+]+)\.patch$/.exec(name)!;
		return {file: path.join(patchDir, name), packageName: scopedName!.replace('+', '/'), version: version!};
	});
}

/** The installed package, copied to the scratch dir with its patch taken out again; imports ENTRY from the copy. */
async function loadOriginal<T>(packageName: string, entry: string): Promise<T> {
	const {file} = (await patchFiles()).find(patch => patch.packageName === packageName)!;
	const top = path.join(scratch, `original-${packageName.replace('/', '+')}`);
	await mkdir(path.join(top, 'node_modules'), {recursive: true});
	// Source maps left out: they point at sources the packages do not ship, and vite warns about each.
	await cp(path.join(modules, packageName), path.join(top, 'node_modules', packageName), {
		recursive: true,
		filter: source => !source.endsWith('.map'),
	});
	// Outside any git repository, git apply works on the files below its working directory, like patch(1).
	await execa('git', ['apply', '-R', file], {cwd: top});
	return (await import(pathToFileURL(path.join(top, 'node_modules', packageName, entry)).href)) as T;
}

/** A small seeded generator, so a failure names an input that can be replayed. */
function random(seed: number) {
	let state = seed;
	return (below: number) => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state % below;
	};
}

describe('every patch', () => {
	it('covers the five fixed packages, each at its installed version', async () => {
		const patches = await patchFiles();
		expect(patches.map(patch => patch.packageName).sort()).toEqual([
			'@alcalzone/ansi-tokenize',
			'ink',
			'ink-select-input',
			'string-width',
			'yoga-layout',
		]);
		for (const {packageName, version} of patches) {
			const installed = JSON.parse(await readFile(path.join(modules, packageName, 'package.json'), 'utf8')) as {version: string};
			expect(installed.version, packageName).toBe(version);
		}
	});

	it('is applied to the installed files: every added line is there, and the patch reverses cleanly', async () => {
		for (const {file} of await patchFiles()) {
			const text = await readFile(file, 'utf8');
			for (const section of text.split(/^diff --git /m).slice(1)) {
				const target = /^\+\+\+ b\/(.+)$/m.exec(section)![1]!;
				const installed = await readFile(path.join(root, target), 'utf8');
				const added = section.split('\n').filter(line => line.startsWith('+') && !line.startsWith('+++'));
				expect(added.length, target).toBeGreaterThan(0);
				for (const line of added) expect(installed, `${target} lacks ${line.slice(0, 80)}`).toContain(line.slice(1));
			}
			// --check changes nothing: it only proves the installed text is the patch's result, hunk by hunk.
			await execa('git', ['apply', '-R', '--check', file], {cwd: root});
		}
	});

	it("leaves wrap-ansi's own string-width alone", async () => {
		const patches = await Promise.all((await patchFiles()).map(async ({file}) => readFile(file, 'utf8')));
		expect(patches.some(text => text.includes('node_modules/wrap-ansi/'))).toBe(false);
	});
});

type Tokenizer = {
	tokenize: (text: string) => unknown[];
	styledCharsFromTokens: (tokens: unknown[]) => unknown[];
	styledCharsToString: (chars: unknown[]) => string;
};

describe('ansi-tokenize: styledCharsToString skips equal styles', () => {
	it('turns styled cells back into the same text as the library, for 2000 styled lines', async () => {
		const patched = (await import('@alcalzone/ansi-tokenize')) as unknown as Tokenizer;
		const original = await loadOriginal<Tokenizer>('@alcalzone/ansi-tokenize', 'build/index.js');
		expect(patched.styledCharsToString).not.toBe(original.styledCharsToString);
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
	let narrowRanges: Array<[number, number]>;
	beforeAll(async () => {
		patched = ((await import('string-width')) as {default: Width}).default;
		original = (await loadOriginal<{default: Width}>('string-width', 'index.js')).default;
		// The character class the patch added to the ASCII fast path, as installed.
		const installed = await readFile(path.join(modules, 'string-width', 'index.js'), 'utf8');
		const narrowClass = /ambiguousIsNarrow && \/\^\[([^\]]+)\]\*\$\//.exec(installed)![1]!;
		narrowRanges = [...narrowClass.matchAll(/\\u([\dA-F]{4})-\\u([\dA-F]{4})/g)].map(([, from, to]) => [
			parseInt(from!, 16),
			parseInt(to!, 16),
		]);
		expect(narrowRanges.map(range => range.map(code => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`).join('-')).join('')).toBe(
			narrowClass,
		);
	});

	it('every character in the added class is one column wide to the library itself', () => {
		expect(narrowRanges.length).toBeGreaterThan(5);
		const wrong: string[] = [];
		for (const [from, to] of narrowRanges) {
			for (let code = from; code <= to; code++) {
				if (original(String.fromCodePoint(code)) !== 1) wrong.push(code.toString(16));
			}
		}
		expect(wrong).toEqual([]);
	});

	// 37,000 strings through the library's slow path (a second or two alone, more on a busy machine).
	it('gives the library width for every character up to U+2FFF, alone and between narrow ones', {timeout: 60_000}, () => {
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

type LoadYoga = () => Promise<unknown>;
/** The part of WebAssembly used here (this project's types have no DOM library, which declares the rest). */
type Wasm = {instantiate: (source: ArrayBuffer | ArrayBufferView, imports?: Record<string, unknown>) => Promise<unknown>};
const wasm = (globalThis as unknown as {WebAssembly: Wasm}).WebAssembly;

describe('yoga-layout: the wasm is decoded with Buffer, never fetched', () => {
	const loader = 'dist/binaries/yoga-wasm-base64-esm.js';

	/**
	 * The bytes LOAD hands to WebAssembly.instantiate (the real one, called through: only the argument is kept). Yoga's
	 * imports are one object named "a"; Node's fetch instantiates its own HTTP parser the same way, which is skipped.
	 */
	async function wasmOf(load: LoadYoga): Promise<Buffer> {
		const instantiate = wasm.instantiate.bind(wasm);
		const seen: Buffer[] = [];
		const spy = vi.spyOn(wasm, 'instantiate').mockImplementation((source, imports) => {
			if (imports && 'a' in imports) {
				seen.push(
					Buffer.from(
						ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source),
					),
				);
			}
			return instantiate(source, imports);
		});
		try {
			await load();
		} finally {
			spy.mockRestore();
		}
		expect(seen).toHaveLength(1);
		return seen[0]!;
	}

	it('hands WebAssembly the same bytes as the original loader, with fetch (its Node path) and without', async () => {
		const patched = ((await import(pathToFileURL(path.join(modules, 'yoga-layout', loader)).href)) as {default: LoadYoga}).default;
		const original = (await loadOriginal<{default: LoadYoga}>('yoga-layout', loader)).default;
		const fetched = await wasmOf(original);
		vi.stubGlobal('fetch', undefined);
		try {
			const decoded = await wasmOf(original);
			expect(decoded.equals(fetched)).toBe(true);
			// The patched loader does not need fetch; with it hidden too, nothing here could have fetched.
			const ours = await wasmOf(patched);
			expect(ours.subarray(0, 4).toString('latin1')).toBe('\0asm');
			expect(ours.length).toBeGreaterThan(10_000);
			expect(ours.equals(fetched)).toBe(true);
		} finally {
			vi.unstubAllGlobals();
		}
	});

	it('does not call fetch', async () => {
		const patched = ((await import(pathToFileURL(path.join(modules, 'yoga-layout', loader)).href)) as {default: LoadYoga}).default;
		const fetchSpy = vi.spyOn(globalThis, 'fetch');
		try {
			await patched();
			expect(fetchSpy).not.toHaveBeenCalled();
		} finally {
			fetchSpy.mockRestore();
		}
	});
});

type SelectInputModule = {default: (props: {items: Array<{label: string; value: string}>; limit?: number; index?: number}) => ReactElement};

describe('ink-select-input: an index its owner moves', () => {
	const items = Array.from({length: 6}, (_, i) => ({label: `Item ${i}`, value: `i${i}`}));

	/** The frames SELECT draws for PROPS first and after each of KEYS (one write each, inside act). */
	async function framesOf(select: SelectInputModule, props: {limit?: number; index?: number}, keys: string[]): Promise<string[]> {
		const app = await renderInk(createElement(select.default, {items, ...props}));
		const frames = [app.lastFrame()];
		for (const key of keys) {
			await app.press(key);
			frames.push(app.lastFrame());
		}
		await app.unmount();
		return frames;
	}

	it('without index, draws and moves exactly as the original (with and without limit)', async () => {
		const patched = (await import('ink-select-input')) as SelectInputModule;
		const original = await loadOriginal<SelectInputModule>('ink-select-input', 'build/index.js');
		const presses = ['\u001B[B', 'j', 'j', '\u001B[A', 'k', 'k', 'k', 'j'];
		for (const props of [{}, {limit: 3}]) {
			expect(await framesOf(patched, props, presses)).toEqual(await framesOf(original, props, presses));
		}
	});

	it('with index, the pointer is on that item whatever its own state says', async () => {
		const patched = (await import('ink-select-input')) as SelectInputModule;
		const [first, afterDown] = await framesOf(patched, {index: 4}, ['\u001B[B']);
		for (const frame of [first, afterDown]) {
			expect(frame).toMatch(/❯ Item 4/);
			expect(frame!.match(/❯/g)).toHaveLength(1);
		}
	});
});
