import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {defineConfig, type Options} from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Characters string-width counts as one column each, none of which joins its neighbours into one grapheme (no
 * marks, joiners, variation selectors, Hangul jamo, regional indicators, emoji-presentation or wide characters):
 * printable ASCII, Latin-1 and Latin Extended-A/B without the soft hyphen, dashes, quotes, bullets and ellipsis,
 * arrows, maths, box drawing, blocks and shapes (up to the two wide squares), check marks and crosses, angle quotes,
 * Braille.
 */
export const NARROW_RANGES: Array<[number, number]> = [
	[0x00_20, 0x00_7e],
	[0x00_a0, 0x00_ac],
	[0x00_ae, 0x02_4f],
	[0x20_10, 0x20_27],
	[0x20_30, 0x20_3b],
	[0x21_90, 0x21_ff],
	[0x22_00, 0x22_ff],
	[0x25_00, 0x25_fc],
	[0x27_13, 0x27_18],
	[0x27_6e, 0x27_6f],
	[0x28_00, 0x28_ff],
];

const hex = (code: number) => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
const narrowClass = () => NARROW_RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('');

export type Patch = {
	/** The dependency file, by path (esbuild's filter: Go's regexp syntax), and copies of it to leave alone. */
	file: RegExp;
	except?: RegExp;
	/** What is expected there (Ink 6.8.0, yoga-layout 3.2.1), exactly once each, and what it becomes. */
	replacements: Array<[string, string]>;
};

/**
 * Fixes to dependencies, applied as the bundle is made. The build fails if a text is not found exactly once, so an
 * upgrade cannot silently drop or double a fix; each says when it can go.
 */
export const PATCHES: Patch[] = [
	{
		// Ink 6.8's incremental renderer (rewrite only the lines that changed) moves the cursor up one line too few when
		// the frame ends in a newline, so every frame lands one line lower (ink.md §3.5). Ink 7 fixed it with exactly
		// this expression, but Ink 7 needs Node 22. Without incremental rendering every redraw resends the whole
		// screen: 5–8 KB a frame, 23 KiB/s while builds stream into the panels over SSH. Ink's log is also wrapped in
		// redrawOnResize (a whole frame after any resize). Delete with the move to Ink 7.
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		replacements: [
			['ansiEscapes.cursorUp(previousVisible - 1)', 'ansiEscapes.cursorUp(previousLines.length - 1)'],
			// A changed line is cleared before it is written, not after: after a line that fills the last column the cursor
			// waits on that column, and an erase-to-end there removes the line's last character in terminals that follow
			// xterm (Terminal.app, svg-term's), which dropped the boxes' right borders. Same bytes, other order.
			[
				'ansiEscapes.cursorTo(0) +\n                nextLines[i] +\n                ansiEscapes.eraseEndLine +',
				'ansiEscapes.cursorTo(0) +\n                ansiEscapes.eraseEndLine +\n                nextLines[i] +',
			],
			[
				'const logUpdate = { create };',
				`import {redrawOnResize} from ${JSON.stringify(fileURLToPath(new URL('source/ui/terminal/redraw-on-resize.ts', import.meta.url)))};
const logUpdate = { create: (stream, options) => redrawOnResize(create(stream, options), stream, options) };`,
			],
		],
	},
	{
		// Ink turns every frame into text cell by cell, and for each cell @alcalzone/ansi-tokenize 0.2.5 works out the
		// escape codes from the previous cell's style to this one's: three Sets and four arrays a cell, even when the
		// two styles are the same, which is almost every cell. A full 100×30 screen made about 5 MB of garbage that
		// way and the first frame waited ~15 ms for the collector (npm run bench; a heap profile showed it). Two equal
		// style lists (same codes, same order) need no codes between them (diffAnsiCodes returns none), so that case
		// is answered without building anything. Same output. Delete if the library gains the same shortcut.
		file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
		replacements: [
			[
				'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
				'const from = chars[i - 1].styles;\n            if (!sameCodes(from, char.styles)) ret += ansiCodesToString(diffAnsiCodes(from, char.styles));',
			],
			[
				'export function styledCharsToString(chars) {',
				`function sameCodes(from, to) {
    if (from === to) return true;
    if (from.length !== to.length) return false;
    for (let k = 0; k < from.length; k++) if (from[k].code !== to[k].code) return false;
    return true;
}
export function styledCharsToString(chars) {`,
			],
		],
	},
	{
		// Ink measures every text node with string-width 8.3, which counts printable ASCII by its length and sends
		// anything else through Intl.Segmenter and four Unicode regexes, per grapheme. The first such string costs
		// ~20 ms (the regexes compile, \p{RGI_Emoji} among them) and each later 100-column border ~0.3 ms: gotune's
		// boxes, dots and arrows all take the slow path, on the first frame and on every frame after. The characters
		// in NARROW_RANGES are one column wide each and never join a neighbour into one grapheme, so a string of only
		// them is as wide as it is long, as for ASCII (test/unit/dependency-patches.test.ts checks each against the
		// library itself). Only with ambiguousIsNarrow, the default: box drawing is East Asian Ambiguous. Same widths.
		// Delete if string-width gains a wider fast path.
		file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
		// wrap-ansi's own string-width 7 has no fast path to widen; it runs only when a line must wrap.
		except: /[\\/]wrap-ansi[\\/]/,
		replacements: [
			[
				'if (/^[\\u0020-\\u007E]*$/.test(string)) {',
				`if (/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && /^[${narrowClass()}]*$/.test(string))) {`,
			],
		],
	},
	{
		// yoga-layout (Ink's layout engine) carries its WebAssembly as base64 in a data: URL. Where fetch exists it
		// fetches that URL, which makes Node load undici before the first frame (about 20 ms of start-up, more than all
		// of gotune's own code); otherwise it decodes it one character at a time into a string (garbage for the GC).
		// On Node it now decodes with Buffer, natively, and never fetches. Same bytes; the wizard's first frame is
		// about 20 ms sooner (npm run bench). Delete if yoga-layout stops embedding base64.
		file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		replacements: [
			['return w||"function"!=typeof fetch?', 'return true?'],
			[
				'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
				'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
			],
		],
	},
];

/** The dependency file's text with the patch applied; throws when a text to replace is not there exactly once. */
export function applyPatch({replacements}: Patch, path: string, text: string): string {
	for (const [from, to] of replacements) {
		if (text.split(from).length !== 2) {
			throw new Error(`${path}: expected "${from.slice(0, 80)}" exactly once; re-check the fix in tsup.config.ts for this version`);
		}
		text = text.replace(from, to);
	}
	return text;
}

const patchDependencies: EsbuildPlugin = {
	name: 'patch-dependencies',
	setup(build) {
		for (const patch of PATCHES) {
			build.onLoad({filter: patch.file}, async ({path}) => {
				if (patch.except?.test(path)) return undefined;
				return {contents: applyPatch(patch, path, await readFile(path, 'utf8')), loader: 'js'};
			});
		}
	},
};

export default defineConfig({
	entry: ['source/cli.tsx'],
	format: ['esm'],
	platform: 'node',
	target: 'node20',
	outDir: 'dist',
	clean: true,
	minify: true,
	splitting: true,
	noExternal: ['ink', 'react', 'ink-select-input', 'ink-spinner', 'ink-text-input', 'execa', 'conf'],
	external: ['react-devtools-core'],
	define: {'process.env.NODE_ENV': '"production"'},
	esbuildPlugins: [patchDependencies],
	banner: {
		js: '#!/usr/bin/env node\nimport {createRequire as __createRequire} from "node:module"; const require = __createRequire(import.meta.url); if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "" && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = "0";',
	},
});
