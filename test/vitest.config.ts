import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {configDefaults, defineConfig} from 'vitest/config';
import {goVersionOf, releaseOf, toolchainMatrix, type Toolchain} from './helpers/toolchains.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Integration and e2e tests run once per toolchain: GOTUNE_TEST_GO picks one (a path to bin/go), else every test
// toolchain installed here (go1.27.x fetched by .ci/install-go, the machine's /usr/local/go, Debian's 1.19).
const chosen = process.env['GOTUNE_TEST_GO'];
// Go 1.23 stays installed (tests use it as another go on PATH) and runs as a project when chosen with GOTUNE_TEST_GO,
// but not by default: with it, a fresh-clone CI run passed its 30 minutes once the shared-cache, tools and access
// tests (which build real programs with go 1.26 and 1.27) came in. 1.19 is the oldest release covered by default.
const BY_CHOICE_ONLY = new Set(['1.23']);
const toolchains: Toolchain[] = chosen
	? [{go: chosen, version: goVersionOf(chosen) ?? 'go?'}]
	: toolchainMatrix().filter(t => !BY_CHOICE_ONLY.has(releaseOf(t.version)));
const live = chosen ? toolchains[0] : (toolchains.find(t => t.go === '/usr/local/go/bin/go') ?? toolchains[0]);
// The heaviest files whose subject is gotune's own machinery, not go's behaviour (the journal's crash recovery, the cache
// mover, the whole wizard journey in tmux): no assertion in them depends on the go release, and all three releases
// passed them alike. They run once, with the machine's go (like the live tier), so that a fresh-clone CI run stays
// under its 30 minutes now that the shared-cache, access and gopls tests build real programs. A chosen GOTUNE_TEST_GO
// runs them too.
const ONCE_ONLY = [
	'test/e2e/journey.e2e.test.ts',
	'test/integration/journal-steps-crash.test.ts',
	'test/integration/journal-crash.test.ts',
	'test/integration/journal-cli.test.ts',
	'test/integration/journal-hardening.test.ts',
	'test/integration/cache-move.test.ts',
	// Where the cache server's token goes (a 0600 file, never GOENV or a command line): gotune's doing, not go's.
	'test/integration/cache-share-token.test.ts',
	// gotune's install of a tool through the journal (rollback byte for byte, Ctrl-C); its cold staticcheck build took
	// about 90 s per go of a clean-clone run.
	'test/integration/tools-install.test.ts',
];

export default defineConfig({
	test: {
		root,
		reporters: ['default', 'json'],
		outputFile: {json: path.join(root, 'node_modules', '.cache', 'gotune-test-report.json')},
		projects: [
			// Vitest's default is one worker less than the cores: one worker on this 2-core machine, with the layout
			// property test alone taking minutes. The view tests are CPU-bound JavaScript: both cores.
			{test: {name: 'unit', root, include: ['test/unit/**/*.test.ts?(x)', 'test/view/**/*.test.ts?(x)'], maxWorkers: 2}},
			...toolchains.map(({go, version}, index) => ({
				test: {
					name: `go${releaseOf(version)}`,
					root,
					include: ['test/integration/**/*.test.ts?(x)', 'test/e2e/**/*.test.ts?(x)'],
					exclude: [...configDefaults.exclude, ...(go === live?.go ? [] : ONCE_ONLY)],
					env: {GOTUNE_TEST_GO: go},
					testTimeout: 120_000,
					hookTimeout: 60_000,
					// 2 cores: go builds inside tests are CPU-bound, so toolchains run one after the other, not at once.
					maxWorkers: 2,
					sequence: {groupOrder: index + 1},
				},
			})),
			// The live tier, once, with the machine's own go (1.26.x at /usr/local/go) or the one GOTUNE_TEST_GO picks:
			// against the module proxy this machine is configured with (test/helpers/live.ts says why when it skips).
			...(live
				? [
						{
							test: {
								name: 'live',
								root,
								include: ['test/live/**/*.test.ts'],
								env: {GOTUNE_TEST_GO: live.go},
								testTimeout: 300_000,
								hookTimeout: 120_000,
								maxWorkers: 1,
								sequence: {groupOrder: toolchains.length + 1},
							},
						},
					]
				: []),
		],
	},
});
