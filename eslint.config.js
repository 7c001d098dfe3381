// ESLint flat config: the recommended sets, with errors reserved for real bugs (wrong hooks, floating promises,
// unreachable code); matters of taste are left to Prettier (`npm run format`) or not checked at all.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'demo/', 'coverage/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	reactHooks.configs.flat['recommended-latest'],
	{
		languageOptions: {
			// Type information for the promise rules below (a forgotten await is a real bug in async CLI code).
			parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', {checksVoidReturn: {arguments: false, attributes: false}}],
			// tsc's noUnusedLocals already fails the build on these; a second report adds nothing.
			'@typescript-eslint/no-unused-vars': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
			// Control characters in regexes are deliberate here (terminal escapes, GOENV byte rules); tests match
			// aligned columns with literal spaces on purpose.
			'no-control-regex': 'off',
			'no-regex-spaces': 'off',
			// Every react-hooks finding fails the build (recommended-latest's rules, the React Compiler ones among them, as
			// errors): a wrong dependency list or state kept in a ref shows a stale screen.
			...Object.fromEntries(Object.keys(reactHooks.configs.flat['recommended-latest'].rules).map(rule => [rule, 'error'])),
		},
	},
	// Layering (issue 8): ui/ and core/ never import commands/; command files get their usage in CommandContext
	// instead of importing the registry (which imports them: a cycle).
	{
		files: ['source/ui/**', 'source/core/**', 'source/text/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{group: ['**/commands/*'], message: 'ui/ and core/ do not import commands/: move shared code to source/text or source/core.'},
					],
				},
			],
		},
	},
	{
		files: ['source/commands/**'],
		ignores: ['source/commands/registry.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['./registry.js'],
							message: 'A command gets its usage line as context.usage (or throws UsageError without one; cli.tsx adds it).',
						},
					],
				},
			],
		},
	},
	{
		files: ['eslint.config.js'],
		...tseslint.configs.disableTypeChecked,
	},
);
