import {appendFile, mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {Box, type DOMElement} from 'ink';
import {act, createRef} from 'react';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {FIX_SERVES} from '../../source/core/access/fixes.js';
import type {ChangeSet} from '../../source/core/journal/contract.js';
import {quietContext} from '../../source/core/task.js';
import {runBench, type BenchResult} from '../../source/core/verify/bench.js';
import {App} from '../../source/ui/app.js';
import {createTeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {preloadSteps, type StepDefinition} from '../../source/ui/steps/index.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {
	fakeProxy,
	fakeServices,
	fakeCacheShare,
	fakeSharedCache,
	fakeTroubleshoot,
	journalWithSets,
	lockedOutFindings,
	noModule,
	probeResult,
	proxyContext,
	startingAt,
} from './fixtures.js';
import {checkTree, layoutProblems} from './layout-checks.js';
import {fakeOnboardingCache} from './onboarding-cache-fixtures.js';
import {withGo127} from './switch-fixtures.js';
import {keys, renderInk} from './render.js';

/**
 * Issue 19: the wizard whole at every size people have. Every screen state below is drawn at each size, plain and
 * --ascii, and checked: nothing wider or taller than the terminal, every box's borders intact, no text drawn over
 * another, and the step's title, the key line and any error on screen (or below a "↓ N more" row).
 */
const SIZES = [
	[60, 20],
	[80, 24],
	[100, 30],
	[120, 40],
	[200, 60],
] as const;

/** A "N more" row: what is not on screen can be scrolled to. */
const MORE = /[↓v] \d+ more/;

type State = {
	name: string;
	/** The step shown: the steps are rotated so it comes first. */
	step: StepDefinition['id'];
	services: () => Services;
	keys?: string[];
	/** Waited for before the keys (a screen that answers the keys only once its background work showed it). */
	ready?: RegExp;
	/** Waited for after the keys (the frame that proves the state was reached). */
	reached: RegExp;
	/** The key line, when it is not the shell's usual one (the quit question replaces it). */
	keyLine?: RegExp;
	/** On screen, or reachable (a "↓ N more" row is on screen). */
	mustShow?: RegExp[];
	/** The title row, when something else than the step is shown in its box (the help overlay, the Troubleshoot screen). */
	title?: RegExp;
};

const base = () => fakeServices();
const MODULE = {
	'go.mod': 'module example.com/layout\n\ngo 1.19\n',
	'leaf/leaf.go': 'package leaf\n\n// One is the leaf.\nfunc One() int { return 1 }\n',
	'top/top.go': 'package top\n\nimport "example.com/layout/leaf"\n\n// Two uses leaf.\nfunc Two() int { return leaf.One() + 1 }\n',
};
let bench: BenchResult;
/** A real failed build: a module made by go mod init that imports a package it does not require (the demo's case). */
let failedBench: BenchResult;
/** Two sides, before and after this run's change set, measured for real (A B A B): the Verify step's longest screen. */
let beforeAfter: BenchResult;
/** A repository with a team's gotune.json at its root: the onboarding screen. */
let repo: string;
/** A profile with everything the one-screen onboarding shows: reasons, a Go requirement, a lint error, private hosts. */
let fullRepo: string;

/**
 * The onboarding's background answers, faked to hold each state still (one host checking for ever, a build that
 * failed): the real checks need a private git host and a build, which test/view/team-profile.test.tsx runs for real.
 */
function onboarding(dir: string, appliedAndBuilt = false, twoFailing = false): Services {
	const real = createTeamProfileServices({...sandbox.runtime, cwd: dir}).teamProfile;
	const failing = (host: string) => ({
		kind: 'host' as const,
		row: {
			host,
			status: 'error' as const,
			words: `${host} asks for credentials and git (https) had none to send`,
			fix: `gotune access ${host}/acme-corp/widgets --fix netrc --user NAME (git over https), or --fix insteadof (git over SSH with your key)`,
		},
	});
	// f: the fix of a failing host, planned, applied and proven (access-fix.tsx), held still at each of its screens.
	const shown = (user: string, host: string) => ['~/.netrc (mode 0600):', `  machine ${host} login ${user} password ********`];
	const fix = {
		fixPreview: async ({host}: {host: string}) => ({
			offered: true as const,
			host,
			kind: 'netrc' as const,
			serves: FIX_SERVES.netrc,
			shown: shown('NAME', host),
			warnings: [],
			needsSecret: true,
		}),
		fixStage: async ({host, user = ''}: {host: string; user?: string}) => ({
			token: 'fix-1',
			host,
			kind: 'netrc' as const,
			serves: FIX_SERVES.netrc,
			shown: shown(user, host),
			warnings: ['NETRC=/home/ana/.config/netrc-for-go-only is read by go alone; git reads /home/ana/.netrc, so the entry goes there'],
		}),
		fixApply: async () => ({
			changeSet: {id: '8', entries: [{}]} as unknown as ChangeSet,
			row: {host: 'github.com', status: 'ok' as const, words: 'github.com: go can fetch github.com/acme-corp/widgets (git over https)'},
			download: {module: 'github.com/acme-corp/widgets', ok: true, lines: [], durationMs: 1400},
		}),
		fixForget: async () => undefined,
	};
	return {
		...base(),
		teamProfile: {
			...real,
			...fix,
			goCheck: async () => [
				{
					kind: 'minVersion',
					wanted: '1.99',
					installed: 'go1.26.8',
					ok: false,
					message: 'the team profile needs Go >= 1.99; the installed go is go1.26.8',
					fix: 'gotune install-go 1.99',
				},
			],
			// One of each: installed as wanted, missing, installed at another version than the team's.
			tools: async () => [
				{name: 'gopls', role: 'language server', word: 'gopls@v0.23.0', wanted: 'v0.23.0', found: 'v0.23.0', install: false},
				{name: 'dlv', role: 'debugger', word: 'dlv@v1.27.2', install: true},
				{name: 'staticcheck', role: 'linter', word: 'staticcheck@v0.8.2', wanted: 'v0.8.2', found: 'v0.7.0', install: true},
			],
			access: async (_profile, {emit, signal}) => {
				emit({kind: 'hosts', hosts: ['git.acme.example', 'github.com', ...(twoFailing ? ['gitlab.acme.example'] : [])]});
				emit(failing('github.com'));
				if (twoFailing) emit(failing('gitlab.acme.example'));
				// git.acme.example stays "checking" until the view goes away.
				return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
			},
			...(appliedAndBuilt
				? {
						// The plan at once (Enter is pressed right after the first frame) and a stand-in change set: applying
						// for real would leave nothing to change at the next size.
						find: async () => ({
							kind: 'found' as const,
							file: path.join(dir, 'gotune.json'),
							profile: {env: {GOPROXY: 'https://proxy.acme.example,direct'}},
							problems: [],
						}),
						plan: async () => [
							{
								key: 'GOPROXY',
								before: {present: false},
								after: {present: true, value: 'https://proxy.acme.example,direct'},
								unchanged: false,
							},
						],
						apply: async () => ({id: '7', entries: [{}, {}]}) as unknown as Awaited<ReturnType<typeof real.apply>>,
						build: async file => ({
							ok: false,
							dir: path.dirname(file),
							errorLines: [
								'# example.com/acme/widgets/internal/store',
								'internal/store/store.go:41:9: undefined: sql.OpenDB in a rather long line that goes on past eighty columns',
								'internal/store/store.go:57:2: missing return',
							],
							durationMs: 2100,
						}),
					}
				: {}),
		},
	};
}

/** The proxy step with three candidates, two answering and one typed by the user failing (dns). */
function threeCandidates(): Services {
	const context = proxyContext({
		candidates: [
			{url: 'https://proxy.golang.org', shown: 'https://proxy.golang.org', source: 'current'},
			{url: 'https://goproxy.cn', shown: 'https://goproxy.cn', source: 'default'},
			{url: 'http://127.0.0.1:8088', shown: 'http://127.0.0.1:8088', source: 'argument'},
		],
	});
	return {
		...base(),
		proxy: {
			...fakeProxy(context).proxy,
			probe: async input => ({
				module: `${input.module.path}@${input.module.version}`,
				results: input.candidates.map((c, i) =>
					i === 2
						? probeResult(c.shown, {
								source: c.source,
								ok: false,
								status: null,
								error: 'dns',
								detail: 'list: cannot resolve directyun.com (no such host)',
							})
						: probeResult(c.shown, {source: c.source, latencyMs: 30 + i * 9}),
				),
				elapsedMs: 512,
			}),
		},
	} as Services;
}

const TROUBLESHOOT = /Troubleshoot (·|-) what went wrong/;
const CTRL_D = '\u0004';
/** go 1.26's real lines for a module missing from the proxy, as a person pastes them (one read). */
const PASTE =
	'go: example.net/emptysubdir/subdir/...: module example.net/emptysubdir/subdir: reading http://127.0.0.1:4000/mod/example.net/emptysubdir/subdir/@v/list: 404 Not Found\r\n\tserver response: 404 page not found';

const STATES: State[] = [
	{name: 'toolchain findings', step: 'toolchain', services: base, reached: /go1\.23\.5/},
	{name: 'toolchain checking', step: 'toolchain', services: () => fakeServices({never: true}), reached: /Toolchain/},
	{name: 'toolchain locked out', step: 'toolchain', services: () => fakeServices({result: lockedOutFindings()}), reached: /1 error/},
	{
		name: 'toolchain failed',
		step: 'toolchain',
		services: () => fakeServices({result: new Error('go version: exec format error')}),
		reached: /could not run/,
		mustShow: [/exec format error/],
	},
	{name: 'module found', step: 'module', services: base, reached: /example\.com\/demo/},
	{name: 'proxy probed, nothing works', step: 'proxy', services: base, reached: /no such host|cannot resolve/},
	{
		name: 'proxy: nothing works with the stand-in module (no requirements yet)',
		step: 'proxy',
		services: () => ({
			...base(),
			proxy: fakeProxy(
				proxyContext({requirements: [], probesFallback: true, moduleSource: 'a well-known public module (no requirement here)'}),
			).proxy,
		}),
		reached: /Probed 2 candidates/,
	},
	{
		name: 'proxy probing',
		step: 'proxy',
		services: () => ({...base(), proxy: {...fakeProxy().proxy, probe: () => new Promise(() => undefined)}}),
		reached: /Probing/,
	},
	{
		name: 'proxy probed, candidates answer',
		step: 'proxy',
		services: threeCandidates,
		reached: /Probed 3 candidates/,
	},
	{name: 'cache', step: 'cache', services: base, reached: /GOCACHE/},
	{name: 'cache: move GOCACHE to…', step: 'cache', services: base, keys: ['m'], reached: /Move GOCACHE to/},
	{name: 'cache: shared build cache, client missing', step: 'cache', services: () => fakeSharedCache(false), reached: /GOCACHEPROG/},
	// Issue 23: the Cache step's "share with the team" sub-screen, each state held still by fakeCacheShare.
	{name: 'cache: share, the server field', step: 'cache', services: () => fakeCacheShare(), keys: ['h'], reached: /Cache server:/},
	{
		name: 'cache: share, go too old',
		step: 'cache',
		services: () => fakeCacheShare({go: 'go1.23.12'}),
		keys: ['h'],
		reached: /go1\.24 and later/,
		mustShow: [/Toolchain step \(1\)/],
	},
	{
		name: 'cache: share, an address with a path refused as typed',
		step: 'cache',
		services: () => fakeCacheShare(),
		keys: ['h', 'http://10.0.0.7:31364/cache', keys.enter],
		reached: /has a path/,
	},
	{
		name: 'cache: share, checking the server',
		step: 'cache',
		services: () => fakeCacheShare({plan: 'hang'}),
		keys: ['h', 'http://10.0.0.7:31364', keys.enter],
		reached: /Checking http/,
	},
	{
		name: 'cache: share, the plan',
		step: 'cache',
		services: () => fakeCacheShare(),
		keys: ['h', 'http://10.0.0.7:31364', keys.enter],
		reached: /\[y\/N\]|[↓v] \d+ more/,
		mustShow: [/\[y\/N\]/, /GOCACHEPROG=/],
	},
	{
		name: 'cache: share, the server does not answer',
		step: 'cache',
		services: () => fakeCacheShare({plan: 'down'}),
		keys: ['h', 'http://10.0.0.7:31364', keys.enter],
		reached: /cannot be reached/,
		mustShow: [/Nothing was changed/],
	},
	{
		name: 'cache: share, installing the client',
		step: 'cache',
		services: () => fakeCacheShare(),
		keys: ['h', 'http://10.0.0.7:31364', keys.enter, 'y'],
		reached: /Esc cancels|[↓v] \d+ more/,
		mustShow: [/Esc cancels/],
	},
	{
		name: 'cache: share, set up',
		step: 'cache',
		services: () => fakeCacheShare({apply: 'done'}),
		keys: ['h', 'http://10.0.0.7:31364', keys.enter, 'y'],
		reached: /Shared build cache set up|[↓v] \d+ more/,
		mustShow: [/Change set #14/],
	},
	{name: 'verify ready', step: 'verify', services: base, reached: /Cold/},
	{
		name: 'verify failed',
		step: 'verify',
		services: () => ({
			...base(),
			verify: {...base().verify, measure: async () => Promise.reject(new Error('go: go.mod requires go >= 1.30'))},
		}),
		keys: ['m'],
		reached: /Measurement failed/,
		mustShow: [/Measurement failed/],
	},
	{
		name: 'verify: a build failed, explained with its fix',
		step: 'verify',
		services: () => ({
			...base(),
			verify: {
				...base().verify,
				measure: async input => ({result: failedBench, project: failedBench.project, runs: input.runs, changeSets: []}),
			},
		}),
		keys: ['m'],
		reached: /Troubleshoot explains|[↓v] \d+ more/,
		mustShow: [/The build failed: No module in go\.mod provides/],
	},
	{
		name: 'verify results',
		step: 'verify',
		services: () => ({
			...base(),
			verify: {...base().verify, measure: async input => ({result: bench, project: bench.project, runs: input.runs, changeSets: []})},
		}),
		keys: ['m'],
		reached: /cold/,
	},
	{
		name: 'verify results with a shared build cache (GOCACHEPROG) serving the cold build',
		step: 'verify',
		services: () => ({
			...base(),
			verify: {
				...base().verify,
				measure: async input => ({
					result: bench,
					project: bench.project,
					runs: input.runs,
					changeSets: [],
					shared: {
						shown: '/home/dev/go/bin/go-cacher --cache-dir /home/dev/.cache/go-cacher --cache-server http://10.0.0.7:31364',
						server: 'http://10.0.0.7:31364',
						serverState: {ok: true, ms: 12},
						clientMissing: false,
						cold: {hits: 90, actions: 90},
					},
				}),
			},
		}),
		keys: ['m'],
		// The shared-cache lines sit under the measurement: below the fold at 60x20, reachable by scrolling (mustShow).
		reached: /cold/,
		mustShow: [/Shared build cache \(GOCACHEPROG\)/, /Served by the shared cache/, /gotune bench --shared/],
	},
	{
		name: 'verify results, the shared cache server down and its client missing',
		step: 'verify',
		services: () => ({
			...base(),
			verify: {
				...base().verify,
				measure: async input => ({
					result: bench,
					project: bench.project,
					runs: input.runs,
					changeSets: [],
					shared: {
						shown: '/home/dev/go/bin/go-cacher --cache-server http://10.0.0.7:31364',
						server: 'http://10.0.0.7:31364',
						serverState: {ok: false, message: 'http://10.0.0.7:31364 cannot be reached: connection refused'},
						clientMissing: true,
						cold: null,
					},
				}),
			},
		}),
		keys: ['m'],
		reached: /cold/,
		mustShow: [/client missing/, /cannot be reached/],
	},
	{
		name: 'proxy: the quit question (changes staged)',
		step: 'proxy',
		services: threeCandidates,
		keys: ['q'],
		reached: /Quit\?/,
		keyLine: /y quits/,
	},
	{name: 'module: no module, the menu', step: 'module', services: () => ({...base(), module: noModule()}), reached: /No go\.mod/},
	{name: 'toolchain: install Go, pick a release', step: 'toolchain', services: base, keys: ['i'], reached: /Install Go/},
	{name: 'toolchain: go commands with a cursor', step: 'toolchain', services: () => withGo127(), keys: ['g'], reached: /newest first/},
	{name: 'toolchain: use, the confirmation', step: 'toolchain', services: () => withGo127(), keys: ['g', 'u'], reached: /\[y\/N\]/},
	{name: 'toolchain: use, proven', step: 'toolchain', services: () => withGo127(), keys: ['g', 'u', 'y'], reached: /Now using go1\.27\.3/},
	{name: 'toolchain: pin, the confirmation', step: 'toolchain', services: () => withGo127(), keys: ['g', 'p'], reached: /Run go get/},
	{
		name: 'toolchain: pin, go downloading the toolchain',
		step: 'toolchain',
		services: () => withGo127(),
		keys: ['g', 'p', 'y'],
		reached: /downloading go1\.27\.3/,
	},
	{name: 'toolchain: GOTOOLCHAIN policy', step: 'toolchain', services: () => withGo127(), keys: ['t'], reached: /GOTOOLCHAIN=local/},
	{
		name: 'toolchain: GOTOOLCHAIN set, proven',
		step: 'toolchain',
		services: () => withGo127(),
		keys: ['t', keys.down, keys.enter, 'y'],
		reached: /Proof: go env GOTOOLCHAIN/,
	},
	{
		name: 'onboarding: a team profile',
		step: 'toolchain',
		services: () => ({...base(), ...createTeamProfileServices({...sandbox.runtime, cwd: repo})}),
		reached: /Team profile/,
	},
	{
		name: 'onboarding: one screen (Go version, reasons, lint error, private hosts checking)',
		step: 'toolchain',
		services: () => onboarding(fullRepo),
		reached: /Team profile/,
		mustShow: [/Applying is blocked/],
	},
	{
		name: 'onboarding: the team tools left out (t)',
		step: 'toolchain',
		services: () => onboarding(fullRepo),
		keys: ['t'],
		// The Tools section may be below the fold at 60x20: the title row says the screen is there.
		reached: /Team profile/,
	},
	{
		name: 'onboarding: fix access, choose the host (f)',
		step: 'toolchain',
		services: () => onboarding(fullRepo, false, true),
		title: /Private access (·|-) fix/,
		ready: /Applying is blocked/,
		keys: ['f'],
		reached: /fix a host/,
		mustShow: [/gitlab\.acme\.example/],
	},
	{
		name: 'onboarding: fix access, the user name',
		step: 'toolchain',
		services: () => onboarding(fullRepo),
		title: /Private access (·|-) fix/,
		ready: /Applying is blocked/,
		keys: ['f'],
		reached: /User name/,
		mustShow: [/--fix netrc/],
	},
	{
		name: 'onboarding: fix access, the masked password',
		step: 'toolchain',
		services: () => onboarding(fullRepo),
		title: /Private access (·|-) fix/,
		ready: /Applying is blocked/,
		keys: ['f', 'ana\r', 'hunter2'],
		reached: /Password or token|[↓v] \d+ more/,
		mustShow: [/\*{7}/],
	},
	{
		name: 'onboarding: fix access, y/N',
		step: 'toolchain',
		services: () => onboarding(fullRepo),
		title: /Private access (·|-) fix/,
		ready: /Applying is blocked/,
		keys: ['f', 'ana\r', 'hunter2\r'],
		reached: /Apply this change\? y\/N|[↓v] \d+ more/,
		mustShow: [/Apply this change/],
	},
	{
		name: 'onboarding: fix access, applied and proven',
		step: 'toolchain',
		services: () => onboarding(fullRepo),
		title: /Private access (·|-) fix/,
		ready: /Applying is blocked/,
		keys: ['f', 'ana\r', 'hunter2\r', 'y'],
		reached: /Enter: back to the team profile|[↓v] \d+ more/,
		mustShow: [/Applied change set #8/],
	},
	{
		name: 'onboarding: applied, the build failed',
		step: 'toolchain',
		services: () => onboarding(repo, true),
		keys: [keys.enter],
		reached: /go build \.\/\.\.\. failed/,
		mustShow: [/missing return/],
	},
	// Issue 23: the team profile's buildCache on the onboarding screen, each state held still by fakeOnboardingCache.
	{
		name: 'onboarding: shared build cache, ready',
		step: 'toolchain',
		services: () => fakeOnboardingCache(),
		reached: /answers go-tool-cache|[↓v] \d+ more/,
		mustShow: [/\+ shared build cache/],
	},
	{
		name: 'onboarding: shared build cache, go too old',
		step: 'toolchain',
		services: () => fakeOnboardingCache({cache: 'old-go'}),
		reached: /the go in use is|[↓v] \d+ more/,
	},
	{
		name: 'onboarding: shared build cache, the server does not answer',
		step: 'toolchain',
		services: () => fakeOnboardingCache({cache: 'down'}),
		reached: /not set up|[↓v] \d+ more/,
	},
	{
		name: 'onboarding: applying, go install of the cache client',
		step: 'toolchain',
		services: () => fakeOnboardingCache(),
		ready: /Enter: apply/,
		keys: [keys.enter],
		reached: /Applying the team profile/,
		mustShow: [/Esc cancels/],
	},
	{
		name: "onboarding: applying failed, go's error",
		step: 'toolchain',
		services: () => fakeOnboardingCache({apply: 'fail'}),
		ready: /Enter: apply/,
		keys: [keys.enter],
		reached: /Not applied/,
		mustShow: [/GOPROXY=off/, /Enter: back to the plan/],
	},
	{
		name: 'onboarding: applying cancelled (Esc)',
		step: 'toolchain',
		services: () => fakeOnboardingCache(),
		ready: /Enter: apply/,
		keys: [keys.enter, keys.escape],
		reached: /Cancelled: nothing was changed/,
	},
	{
		name: 'verify before/after, report saved',
		step: 'verify',
		services: () => ({
			...base(),
			verify: {
				...base().verify,
				changeSetsThisRun: async () => ['3'],
				measure: async input => ({result: beforeAfter, project: beforeAfter.project, runs: input.runs, changeSets: ['3']}),
				saveReport: async () => '/tmp/gotune-test-view/work/a-project-with-a-long-name/gotune-report-2026-12-06T11-58-00.md',
			},
		}),
		keys: ['m', 's'],
		reached: /Report saved|[↓v] \d+ more/,
		mustShow: [/Report saved/],
	},
	{name: 'panels focused', step: 'toolchain', services: base, keys: [keys.tab], reached: /Esc back to step/},
	// Nothing measured, nothing applied: one summary line under the step at every width (issue 19).
	{name: 'panels empty', step: 'module', services: base, reached: /Module/, mustShow: [/Panels: |Panels empty/]},
	// A change set recorded, nothing measured: the tab row, or the column with small boxes for the empty panels.
	{
		name: 'panels: change sets recorded, nothing measured',
		step: 'module',
		services: () => ({...base(), ...journalWithSets()}),
		reached: /Rollback log/,
	},
	// The rollback log focused (Tab ×3): the kit list's cursor on the newest change set, shown whole, wrapped.
	{
		name: 'rollback log focused, the selected change set whole',
		step: 'cache',
		services: () => ({...base(), ...journalWithSets()}),
		ready: /Rollback log/,
		keys: [keys.tab, keys.tab, keys.tab],
		reached: /[❯>] #3/,
		mustShow: [/[❯>] #3/],
	},
	{
		name: 'rollback log: u asks, listing what the undo touches',
		step: 'cache',
		services: () => ({...base(), ...journalWithSets()}),
		ready: /Rollback log/,
		keys: [keys.tab, keys.tab, keys.tab, keys.down, keys.down, 'u'],
		reached: /Undo #1 \(2 changes\)\? y\/n/,
		mustShow: [/Undo #1 \(2 changes\)\? y\/n/],
	},
	// The Troubleshoot screen (`!`), over the step: a multi-line paste, explaining, the answer's y/N question, the proof.
	{
		name: 'troubleshoot: a paste in the text area',
		step: 'proxy',
		services: base,
		keys: ['!', `${PASTE}\r\n`],
		reached: /server response: 404 page not found|[↓v] \d+ more/,
		title: TROUBLESHOOT,
		mustShow: [/Ctrl-D explain/],
	},
	{
		name: 'troubleshoot: explaining',
		step: 'toolchain',
		services: () => ({...base(), troubleshoot: {...fakeTroubleshoot().troubleshoot, explainText: () => new Promise(() => undefined)}}),
		keys: ['!', PASTE, CTRL_D],
		reached: /Explaining/,
		title: TROUBLESHOOT,
	},
	{
		name: 'troubleshoot: the answer asks to apply the fix',
		step: 'module',
		services: base,
		keys: ['!', PASTE, CTRL_D],
		reached: /\[y\/N\]|[↓v] \d+ more/,
		title: TROUBLESHOOT,
		mustShow: [/\[y\/N\]/, /Fix: go env -w GONOSUMDB=corp\.example/],
	},
	{
		name: 'troubleshoot: applied, proof after it',
		step: 'cache',
		services: () => ({
			...base(),
			troubleshoot: fakeTroubleshoot({
				lines: ['go: downloading corp.example/lib v1.0.0'],
				fix: {changeSet: '12', proof: {args: ['go', 'build', './...'], exitCode: 0, ok: true}},
			}).troubleshoot,
		}),
		keys: ['!', 'go build ./...', CTRL_D, 'y'],
		reached: /Proof: go build|[↓v] \d+ more/,
		title: TROUBLESHOOT,
		mustShow: [/Proof: go build \.\/\.\.\. succeeded/],
	},
	{
		name: 'troubleshoot: a typed command with an unbalanced quote is refused',
		step: 'verify',
		services: base,
		keys: ['!', 'go build -ldflags "-s -w ./...', CTRL_D],
		reached: /Esc edit|[↓v] \d+ more/,
		title: TROUBLESHOOT,
		mustShow: [/Esc edit/],
	},
	{
		name: 'finish screen (Enter on the last step)',
		step: 'toolchain',
		services: base,
		keys: ['5', keys.enter],
		reached: /Finish (·|-) what this run did/,
		title: /Finish (·|-) what this run did/,
		keyLine: /Enter quit/,
	},
	{
		name: 'help overlay (?) over the proxy results',
		step: 'proxy',
		services: threeCandidates,
		keys: ['?'],
		reached: /Keys (·|-) Proxy/,
		title: /Keys (·|-) Proxy/,
		keyLine: /close help/,
		mustShow: [/Esc or \? closes this help/],
	},
	{
		name: 'a number key refused, with the reason',
		step: 'proxy',
		services: threeCandidates,
		keys: ['4'],
		reached: /staged changes/,
		keyLine: /Proxy has staged changes/,
	},
	{
		name: 'finished steps marked in the header',
		step: 'toolchain',
		services: base,
		keys: [keys.enter, keys.enter],
		reached: /✓|\+ (·|-) \[3/,
		title: /Proxy (·|-) where go downloads/,
	},
];

/** Each step's own title row (not the header's list of names): the separator is " · ", or " - " under --ascii. */
const TITLES: Record<StepDefinition['id'], RegExp> = {
	toolchain: /Toolchain (·|-) which go runs|Team profile/,
	module: /Module (·|-) go\.mod/,
	proxy: /Proxy (·|-) where go downloads/,
	cache: /Cache (·|-) where go keeps/,
	verify: /Verify (·|-) \//,
};

let sandbox: TestSandbox;
beforeAll(async () => {
	await preloadSteps();
	sandbox = await makeSandbox();
	const dir = path.join(sandbox.dir, 'layout');
	for (const [name, text] of Object.entries(MODULE)) {
		await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
		await writeFile(path.join(dir, name), text);
	}
	bench = await runBench({go: sandbox.go, moduleRoot: dir, runs: 1}, quietContext());
	const broken = path.join(sandbox.dir, 'broken');
	await mkdir(broken, {recursive: true});
	await writeFile(path.join(broken, 'go.mod'), 'module example.com/tune\n\ngo 1.19\n');
	await writeFile(path.join(broken, 'main.go'), 'package main\n\nimport "example.com/tune/humanize"\n\nfunc main() { humanize.Say() }\n');
	failedBench = await runBench({go: sandbox.go, moduleRoot: broken, runs: 1}, quietContext());
	beforeAfter = await runBench(
		{
			go: sandbox.go,
			moduleRoot: dir,
			runs: 1,
			sides: [
				{key: 'before', label: 'before', env: {GOFLAGS: '-trimpath'}},
				{key: 'current', label: 'after', env: {}},
			],
		},
		quietContext(),
	);
	repo = path.join(sandbox.dir, 'repo');
	await mkdir(path.join(repo, '.git'), {recursive: true});
	await writeFile(
		path.join(repo, 'gotune.json'),
		JSON.stringify({
			name: 'Acme backend',
			description: 'The settings every Acme backend developer uses: the company proxy first, private modules direct.',
			env: {GOPROXY: 'https://proxy.acme.example,https://proxy.golang.org,direct', GOPRIVATE: '*.acme.example,github.com/acme-corp/*'},
		}),
	);
	fullRepo = path.join(sandbox.dir, 'full-repo');
	await mkdir(path.join(fullRepo, '.git'), {recursive: true});
	await writeFile(
		path.join(fullRepo, 'gotune.json'),
		JSON.stringify({
			name: 'Acme backend',
			description: 'The settings every Acme backend developer uses.',
			env: {GOPRIVATE: 'git.acme.example,github.com/acme-corp/*', GONOSUMDB: 'example.com/tune', GOFLAGS: '-mod=mod'},
			reasons: {
				GOPRIVATE: 'our modules live on git.acme.example and in private GitHub repositories; go must fetch them directly',
				GOFLAGS: 'go.mod is kept tidy by CI',
			},
			go: {minVersion: '1.99'},
			tools: ['gopls@v0.23.0', 'dlv', 'staticcheck@v0.8.2'],
		}),
	);
}, 60_000);
afterAll(async () => sandbox?.cleanup());

describe('layout at every size (issue 19)', {timeout: 60_000}, () => {
	for (const state of STATES)
		for (const ascii of [false, true])
			it(`${state.name}${ascii ? ' (--ascii)' : ''}`, async () => {
				const problems: string[] = [];
				for (const [columns, rows] of SIZES) {
					const root = createRef<DOMElement>();
					const app = await renderInk(
						<Box ref={root} flexDirection="column">
							<App
								services={state.services()}
								ascii={ascii}
								sandbox="/tmp/gotune-sandbox-x1"
								onExit={vi.fn()}
								steps={startingAt(state.step)}
							/>
						</Box>,
						{columns, rows},
					);
					try {
						await app.settle();
						if (state.ready) await app.waitFor(state.ready, 5000);
						if (state.keys) await app.press(...state.keys);
						await app.waitFor(state.reached, 5000);
						// The step's viewport measures its content every 100 ms: its "↓ N more" row may follow the content.
						await act(async () => new Promise(resolve => setTimeout(resolve, 250)));
						const frame = app.lastFrame();
						// LAYOUT_DUMP=file: every frame appended there, to look at the screens by eye.
						const dump = process.env['LAYOUT_DUMP'];
						if (dump) await appendFile(dump, `=== ${state.name}${ascii ? ' --ascii' : ''} ${columns}×${rows}\n${frame}\n`);
						const mustShow = [state.title ?? TITLES[state.step], state.keyLine ?? /Ctrl-C exit/, ...(state.mustShow ?? [])];
						const found = [
							...layoutProblems(frame, columns, rows, mustShow).filter(p => !(p.startsWith('not visible') && MORE.test(frame))),
							...checkTree(root.current!),
						];
						if (found.length > 0) problems.push(`${columns}×${rows}:\n  ${found.join('\n  ')}\n${frame}`);
					} finally {
						await app.unmount();
					}
				}
				expect(problems.join('\n\n')).toBe('');
			});
});
