import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {defineConfig, type Options} from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Ink 6.8's incremental renderer (rewrite only the lines that changed) moves the cursor up one line too few when
 * the frame ends in a newline, so every frame lands one line lower (ink.md §3.5). Ink 7 fixed it with exactly
 * the FIXED expression, but Ink 7 needs Node 22. Without incremental rendering every redraw resends the whole
 * screen: 5–8 KB a frame, 23 KiB/s while builds stream into the panels over SSH. The same patch wraps Ink's log
 * in redrawOnResize (a whole frame after any resize). The build fails if Ink's text is not as expected, so an
 * Ink upgrade cannot silently drop or double the fix; delete this plugin when moving to Ink 7.
 */
const PATCHES: Array<[string, string]> = [
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
];
const inkIncrementalFix: EsbuildPlugin = {
	name: 'ink-6.8-incremental-fix',
	setup(build) {
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]log-update\.js$/}, async ({path}) => {
			let text = await readFile(path, 'utf8');
			for (const [from, to] of PATCHES) {
				if (text.split(from).length !== 2) {
					throw new Error(`${path}: expected "${from}" exactly once (Ink 6.8.0); re-check tsup.config.ts's fix for this Ink`);
				}
				text = text.replace(from, to);
			}
			return {contents: text, loader: 'js'};
		});
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
	esbuildPlugins: [inkIncrementalFix],
	banner: {
		js: '#!/usr/bin/env node\nimport {createRequire as __createRequire} from "node:module"; const require = __createRequire(import.meta.url); if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "" && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = "0";',
	},
});
