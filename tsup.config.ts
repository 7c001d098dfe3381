import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {defineConfig, type Options} from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

type Patch = {
	/** The dependency file, by path. */
	file: RegExp;
	/** What is expected there (Ink 6.8.0, yoga-layout 3.2.1), exactly once each, and what it becomes. */
	replacements: Array<[string, string]>;
};

/**
 * Fixes to dependencies, applied as the bundle is made. The build fails if a text is not found exactly once, so an
 * upgrade cannot silently drop or double a fix; each says when it can go.
 */
const PATCHES: Patch[] = [
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

const patchDependencies: EsbuildPlugin = {
	name: 'patch-dependencies',
	setup(build) {
		for (const {file, replacements} of PATCHES) {
			build.onLoad({filter: file}, async ({path}) => {
				let text = await readFile(path, 'utf8');
				for (const [from, to] of replacements) {
					if (text.split(from).length !== 2) {
						throw new Error(`${path}: expected "${from.slice(0, 80)}" exactly once; re-check the fix in tsup.config.ts for this version`);
					}
					text = text.replace(from, to);
				}
				return {contents: text, loader: 'js'};
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
