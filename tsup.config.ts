import {defineConfig, type Options} from 'tsup';

/** `gotune doctor`'s code after cli.js, built on its own into dist/doctor (see below). */
const DOCTOR = './doctor/doctor-standalone.js';

// Dependencies are bundled as installed: their fixes (Ink's incremental renderer, yoga-layout's wasm loader,
// ansi-tokenize, string-width, ink-select-input's controlled index) are applied at install by patch-package, so tests
// and the bundle run the same code (patches/README.md).
const common: Options = {
	format: ['esm'],
	platform: 'node',
	target: 'node20',
	outDir: 'dist',
	minify: true,
	noExternal: ['ink', 'react', 'ink-select-input', 'ink-spinner', 'execa', 'conf'],
	external: ['react-devtools-core'],
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		js: '#!/usr/bin/env node\nimport {createRequire as __createRequire} from "node:module"; const require = __createRequire(import.meta.url); if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "" && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = "0";',
	},
};

export default defineConfig([
	{
		...common,
		entry: ['source/cli.tsx'],
		// The two builds run at once: this one's clean leaves the other's directory alone.
		clean: ['!doctor/**'],
		splitting: true,
		esbuildPlugins: [
			{
				name: 'doctor-standalone',
				setup(build) {
					build.onResolve({filter: /^\.\/doctor-standalone\.js$/}, () => ({path: DOCTOR, external: true}));
				},
			},
		],
	},
	{
		...common,
		// Node 20 pays about 0.35 ms of CPU per ES module it loads: doctor's 28 chunks of the split build above cost
		// more than its code. Built alone, it loads 8. Split still: without splitting, esbuild wraps every module in a
		// lazy initializer (doctor imports its journal and profile reader lazily) and V8 then parses each module twice.
		entry: {'doctor-standalone': 'source/commands/doctor-standalone.ts'},
		outDir: 'dist/doctor',
		clean: true,
		splitting: true,
	},
]);
