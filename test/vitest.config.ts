import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vitest/config';
import {installedToolchains} from './helpers/toolchains.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Integration and e2e tests run once per toolchain: GOTUNE_TEST_GO picks one, else every installed Debian Go.
const toolchains = process.env['GOTUNE_TEST_GO'] ? [process.env['GOTUNE_TEST_GO']] : installedToolchains();
const versionOf = (go: string) => /go-(\d+\.\d+)/.exec(go)?.[1] ?? path.basename(path.dirname(path.dirname(go)));

export default defineConfig({
	test: {
		root,
		reporters: ['default', 'json'],
		outputFile: {json: path.join(root, 'node_modules', '.cache', 'gotune-test-report.json')},
		projects: [
			{test: {name: 'unit', root, include: ['test/unit/**/*.test.ts?(x)', 'test/view/**/*.test.ts?(x)']}},
			...toolchains.map((go, index) => ({
				test: {
					name: `go${versionOf(go)}`,
					root,
					include: ['test/integration/**/*.test.ts?(x)', 'test/e2e/**/*.test.ts?(x)'],
					env: {GOTUNE_TEST_GO: go},
					testTimeout: 120_000,
					hookTimeout: 60_000,
					// 2 cores: go builds inside tests are CPU-bound, so toolchains run one after the other, not at once.
					maxWorkers: 2,
					sequence: {groupOrder: index + 1},
				},
			})),
		],
	},
});
