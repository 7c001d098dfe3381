import {defineConfig} from 'tsup';

// Dependencies are bundled as installed: their fixes (Ink's incremental renderer, yoga-layout's wasm loader,
// ansi-tokenize, string-width, ink-select-input's controlled index) are applied at install by patch-package, so tests
// and the bundle run the same code (patches/README.md).
export default defineConfig({
	entry: ['source/cli.tsx'],
	format: ['esm'],
	platform: 'node',
	target: 'node20',
	outDir: 'dist',
	clean: true,
	minify: true,
	splitting: true,
	noExternal: ['ink', 'react', 'ink-select-input', 'ink-spinner', 'execa', 'conf'],
	external: ['react-devtools-core'],
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		js: '#!/usr/bin/env node\nimport {createRequire as __createRequire} from "node:module"; const require = __createRequire(import.meta.url); if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "" && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = "0";',
	},
});
