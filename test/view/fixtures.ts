import {vi} from 'vitest';
import {STEPS, type StepDefinition} from '../../source/ui/steps/index.js';
import {themeFor} from '../../source/ui/theme.js';
import type {GoEnvFile} from '../../source/core/goenv-file.js';
import type {Provenance, Source} from '../../source/core/provenance.js';
import {BUNDLED_RELEASES, supportStatus, type ReleaseTable} from '../../source/core/releases.js';
import type {ToolchainFindings} from '../../source/core/steps/toolchain.js';
import type {FoundGo} from '../../source/core/toolchain.js';
import {parseGoVersion} from '../../source/core/version.js';
import {validateModulePath} from '../../source/core/module/validate-path.js';
import type {InstallServices} from '../../source/ui/services/install.js';
import type {SwitchServices} from '../../source/ui/services/switch.js';
import type {JournalServices} from '../../source/ui/services/journal.js';
import type {ChangeSet, JournalEntry} from '../../source/core/journal/contract.js';
import type {PreferencesServices} from '../../source/ui/services/preferences.js';
import type {ModuleServices} from '../../source/ui/services/module.js';
import {
	checkPatterns,
	composeGoproxy,
	goproxyWarnings,
	parseGosumdb,
	routeModule,
	validateCandidateUrl,
	type ProbeResult,
} from '../../source/core/proxy/index.js';
import type {ProxyServices, ProxyStepContext} from '../../source/ui/services/proxy.js';
import type {CacheServices} from '../../source/ui/services/cache.js';
import type {VerifyServices} from '../../source/ui/services/verify.js';
import type {CacheReport} from '../../source/core/cache/index.js';
import type {TeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {ToolchainServices} from '../../source/ui/services/toolchain.js';
import type {FixResult, TroubleshootAnswer, TroubleshootServices} from '../../source/ui/services/troubleshoot.js';
import type {Services} from '../../source/ui/services.js';

/** Shaped like checkToolchain's answer on this project's CI machine (Debian go 1.23 first on PATH, 1.19 behind it). */
const go123: FoundGo = {
	path: '/usr/lib/go-1.23/bin/go',
	realPath: '/usr/lib/go-1.23/bin/go',
	aliases: [],
	onPath: true,
	origin: 'PATH',
	version: parseGoVersion('go1.23.5'),
};
const go119: FoundGo = {
	path: '/usr/bin/go',
	realPath: '/usr/lib/go-1.19/bin/go',
	aliases: ['/usr/lib/go-1.19/bin/go'],
	onPath: true,
	origin: 'PATH',
	version: parseGoVersion('go1.19.8'),
};

const SANDBOX = '/tmp/gotune-test-view';
const goenvFile: GoEnvFile = {
	lines: [{text: 'GOPROXY=https://proxy.example.com', key: 'GOPROXY', value: 'https://proxy.example.com'}],
	values: new Map([['GOPROXY', 'https://proxy.example.com']]),
	endsWithNewline: true,
};

function prov(key: string, value: string, source: Source, extra: Partial<Provenance> = {}): Provenance {
	return {key, value, source, known: true, ...extra};
}

const provenance: Record<string, Provenance> = Object.fromEntries(
	[
		// The OS environment wins over the file, and carries a credential that must never be shown.
		prov('GOPROXY', 'https://alice:s3cret@proxy.corp.example/go,direct', 'process', {shadowedFileValue: 'https://proxy.example.com'}),
		prov('GOPRIVATE', '', 'default'),
		prov('GONOPROXY', '', 'default'),
		prov('GONOSUMDB', '', 'default'),
		prov('GOINSECURE', '', 'default'),
		prov('GOSUMDB', 'sum.golang.org', 'goroot'),
		prov('GOFLAGS', '', 'default'),
		prov('GOCACHE', `${SANDBOX}/cache/go-build`, 'process'),
		prov('GOMODCACHE', `${SANDBOX}/gopath/pkg/mod`, 'process'),
		prov('GOPATH', `${SANDBOX}/gopath`, 'process'),
		prov('GOROOT', '/usr/lib/go-1.23', 'default'),
		prov('GOBIN', '', 'default'),
		prov('GO111MODULE', '', 'default'),
		prov('GOTOOLCHAIN', 'local', 'process'),
		prov('GOENV', `${SANDBOX}/home/.config/go/env`, 'process'),
		prov('CGO_ENABLED', '1', 'default'),
		prov('GOTELEMETRY', 'off', 'telemetry'),
	].map(p => [p.key, p]),
);

export function findings(): ToolchainFindings {
	const support = supportStatus(go123.version, BUNDLED_RELEASES);
	return {
		discovery: {winner: go123, all: [go123, go119], shadowed: [go119]},
		support,
		snapshot: {
			goBin: go123.path,
			binaryRoot: '/usr/lib/go-1.23',
			goenvLocation: {kind: 'file', path: `${SANDBOX}/home/.config/go/env`, fromProcess: true},
			goenvFileExists: true,
			goenv: goenvFile,
			values: Object.fromEntries(Object.values(provenance).map(p => [p.key, p.value])),
			provenance,
		},
		checks: [
			{id: 'go.found', group: 'toolchain', status: 'ok', message: '/usr/lib/go-1.23/bin/go is go1.23.5'},
			{
				id: 'go.supported',
				group: 'toolchain',
				status: 'warn',
				message: 'go1.23.5 gets no security fixes: only go1.27 and go1.26 are supported (release table of 2026-09-23)',
				fix: 'Install go1.27.1 from https://go.dev/dl/ (or your package manager)',
			},
			{
				id: 'go.shadowed',
				group: 'toolchain',
				status: 'ok',
				message: '/usr/bin/go (go1.19.8) is also on PATH, after /usr/lib/go-1.23/bin/go',
			},
			{id: 'goroot.consistent', group: 'toolchain', status: 'ok', message: 'GOROOT /usr/lib/go-1.23 belongs to /usr/lib/go-1.23/bin/go'},
			{
				id: 'path.gobin',
				group: 'environment',
				status: 'warn',
				message: `GOPATH/bin (${SANDBOX}/gopath/bin) is not on PATH: programs from go install will not be found`,
				fix: `export PATH="$PATH:${SANDBOX}/gopath/bin"   # in your shell start-up file`,
			},
			{
				id: 'env.shadowed',
				group: 'environment',
				status: 'warn',
				message:
					"GOPROXY: the OS environment (https://***@proxy.corp.example/go,direct) hides the GOENV file's https://proxy.example.com; go says nothing about it",
				fix: 'Remove the export of GOPROXY from your shell start-up file, or go env -u GOPROXY',
			},
		],
		// What core/tools reports: one tool found off PATH, one missing, one built with a go older than the project's line.
		tools: {
			go: go123.path,
			toolsDir: {dir: `${SANDBOX}/gopath/bin`, from: 'GOPATH/bin', onPath: false},
			reference: {version: '1.24', from: 'go.mod', file: `${SANDBOX}/src/app/go.mod`},
			tools: [
				{
					...tool('gopls', 'language server', 'golang.org/x/tools/gopls', 'v0.23.0'),
					path: `${SANDBOX}/gopath/bin/gopls`,
					version: 'v0.23.0',
					builtWith: 'go1.23.5',
				},
				tool('dlv', 'debugger', 'github.com/go-delve/delve', 'v1.27.2'),
				{
					...tool('staticcheck', 'linter', 'honnef.co/go/tools', 'v0.8.2'),
					path: '/usr/local/bin/staticcheck',
					onPath: true,
					version: 'v0.6.1',
					builtWith: 'go1.22.2',
					stale: true,
				},
			],
		},
	};
}

function tool(name: string, role: string, module: string, defaultVersion: string) {
	return {name, role, module, pkg: module, defaultVersion, onPath: false, stale: false};
}

/** A GOFLAGS lock-out as core reports it (go-facts §1.7): go env still answers, every other go command fails. */
export function lockedOutFindings(): ToolchainFindings {
	const base = findings();
	return {
		...base,
		snapshot: {
			...base.snapshot!,
			lockOut: {
				kind: 'goflags',
				message: 'go: parsing $GOFLAGS: unknown flag -notaflag',
				value: '-notaflag',
				source: 'goenv',
				repair: ['/usr/lib/go-1.23/bin/go env -u GOFLAGS'],
			},
		},
		checks: [
			...base.checks.slice(0, 4),
			{
				id: 'lockout.goflags',
				group: 'environment',
				status: 'error',
				message: 'GOFLAGS=-notaflag (from the GOENV file) makes every go command fail: go: parsing $GOFLAGS: unknown flag -notaflag',
				fix: '/usr/lib/go-1.23/bin/go env -u GOFLAGS',
			},
		],
	};
}

/** An empty journal: nothing recorded, nothing to undo. */
export function fakeJournal(): JournalServices {
	return {
		journal: {
			list: async () => [],
			watch: () => () => undefined,
			undo: async () => ({changeSets: [], steps: [], conflicts: [], rolledBack: [], forced: false}),
			fromThisRun: () => [],
		},
	};
}

/** A journal holding one applied change set (with no entries): enough for the panel row to open (not be one summary line). */
export function journalWithOneSet(): JournalServices {
	const set = {id: '1', time: '2026-12-06T10:00:00.000Z', origin: 'wizard:proxy', status: 'applied' as const, entries: []};
	return {journal: {...fakeJournal().journal, list: async () => [set]}};
}

/**
 * A journal with three change sets as the wizard leaves them: a Proxy step's (long mirror URLs), a Cache move (a
 * directory) undone since, a Module step's go.mod and go.sum. The rollback log's rows at every size (layout test).
 */
export function journalWithSets(): JournalServices {
	type Change = Pick<JournalEntry, 'target' | 'before' | 'after'>;
	const set = (id: string, origin: string, status: 'applied' | 'rolled-back', changes: Change[]): ChangeSet => {
		const time = `2026-12-06T10:0${id}:00.000Z`;
		return {
			id,
			time,
			origin,
			status,
			entries: changes.map((change, n) => ({...change, id: `${id}.${n + 1}`, changeSetId: id, time, origin, status})),
		};
	};
	const goenv = (key: string, before: string | undefined, after: string): Change => ({
		target: {kind: 'goenv', key},
		before: before === undefined ? {present: false} : {present: true, value: before},
		after: {present: true, value: after},
	});
	const project = '/home/dev/src/a-project-with-a-long-name';
	const sets = [
		set('3', 'wizard:proxy', 'applied', [
			goenv(
				'GOPROXY',
				'https://proxy.golang.org,direct',
				'https://goproxy.cn,https://mirrors.aliyun.com/goproxy/,https://proxy.golang.org,direct',
			),
			goenv('GOPRIVATE', undefined, '*.corp.example,github.com/acme-corp/*'),
			goenv('GOSUMDB', undefined, 'sum.golang.google.cn'),
		]),
		set('2', 'wizard:cache', 'rolled-back', [
			{
				target: {kind: 'directory', path: '/home/dev/.cache/go-build'},
				before: {present: true, value: '/home/dev/.cache/go-build'},
				after: {present: true, value: '/dev/shm/gotune/go-build'},
			},
			goenv('GOCACHE', undefined, '/dev/shm/gotune/go-build'),
		]),
		set('1', 'wizard:module', 'applied', [
			{target: {kind: 'file', path: `${project}/go.mod`}, before: {present: false}, after: {present: true, value: 'module x\n'}},
			{target: {kind: 'file', path: `${project}/go.sum`}, before: {present: false}, after: {present: true, value: 'h1'}},
		]),
	];
	return {journal: {...fakeJournal().journal, list: async () => sets, fromThisRun: all => all.filter(s => s.status === 'applied')}};
}

/** No gotune.json here: the onboarding ends at once. */
export function fakeTeamProfile(): TeamProfileServices {
	return {
		teamProfile: {
			find: async () => ({kind: 'none'}),
			plan: async () => [],
			apply: async () => undefined,
			tools: async () => [],
			buildCache: async () => ({kind: 'problem', server: '', problem: 'no buildCache'}),
			goCheck: async () => [],
			access: async () => [],
			build: async dir => ({ok: true, dir, errorLines: [], durationMs: 1}),
			fixPreview: async ({host}) => ({offered: false, host, serves: '', why: 'no profile'}),
			fixStage: async ({host}) => ({offered: false, host, serves: '', why: 'no profile'}),
			fixApply: async () => {
				throw new Error('no profile');
			},
			fixForget: async () => undefined,
		},
	};
}

/**
 * A directory that already has a module, so the step only reports and Enter goes on. Nothing here runs go: a
 * test that creates a module passes the real module services (test/view/module-view.test.tsx does).
 */
export function fakeModule(): ModuleServices {
	const dir = `${SANDBOX}/work/demo`;
	const notFaked = (what: string) => Promise.reject(new Error(`${what} is not faked in view tests: pass real module services`));
	let chosen: ReturnType<ModuleServices['module']['chosen']> = {kind: 'module', dir};
	return {
		module: {
			check: async () => ({
				dir,
				hasModule: true,
				tags: [],
				checks: [
					{
						id: 'module.found',
						group: 'module',
						status: 'ok',
						message: `module example.com/demo at ${dir}/go.mod: go 1.19, no requirements`,
					},
				],
			}),
			ready: () => undefined,
			validate: (modulePath, tags) => validateModulePath(modulePath, {tags}),
			plan: () => notFaked('go mod init'),
			create: () => notFaked('go mod init'),
			tidy: () => notFaked('go mod tidy'),
			choose: project => {
				chosen = project;
			},
			chosen: () => chosen,
		},
	};
}

export type FakeServices = Services & {calls: {check: number; refresh: number; recheck: ReleaseTable[]}};

/**
 * Offline by default (refreshReleases answers undefined), like a machine without network; pass `feed` for a
 * release table that go.dev would have answered with.
 */
export function fakeServices({
	result = findings(),
	never = false,
	feed,
}: {result?: ToolchainFindings | Error; never?: boolean; feed?: ReleaseTable} = {}): FakeServices {
	const calls = {check: 0, refresh: 0, recheck: [] as ReleaseTable[]};
	// Like the real service: the first check's promise is kept, so calls.check counts the checks actually run.
	let checked: Promise<ToolchainFindings> | undefined;
	let latest: ToolchainFindings | undefined;
	const settle = (promise: Promise<ToolchainFindings>) => promise.then(found => (latest = found));
	const toolchain: ToolchainServices['toolchain'] = {
		check: () => {
			if (checked) return checked;
			calls.check++;
			checked = never ? new Promise(() => undefined) : result instanceof Error ? Promise.reject(result) : settle(Promise.resolve(result));
			return checked;
		},
		recheck: table => {
			if (table) calls.recheck.push(table);
			if (result instanceof Error) return Promise.reject(result);
			const support = result.discovery.winner ? supportStatus(result.discovery.winner.version, table ?? BUNDLED_RELEASES) : undefined;
			return (checked = settle(Promise.resolve({...result, ...(support ? {support} : {})})));
		},
		latest: () => latest,
		refreshReleases: async () => {
			calls.refresh++;
			return feed;
		},
	};
	// Every group has a harmless default, so views need no "service not available" branch. Add new groups here.
	return {
		calls,
		toolchain,
		...fakeJournal(),
		...fakeTeamProfile(),
		...fakeModule(),
		...fakeProxy(),
		...fakeCache(),
		...fakePreferences(),
		...fakeInstall(),
		...fakeSwitch(),
		...fakeVerify(),
		troubleshoot: fakeTroubleshoot().troubleshoot,
		// Nothing changes underneath unless a test says so (test/view/stale.test.tsx uses the real one on a sandbox).
		changes: {fingerprint: async () => 'unchanged'},
	};
}

/** No preferences kept yet; what the wizard stores is kept in memory (`saved`) for the test to read. */
export function fakePreferences(
	lastPanel?: string,
	lastStep?: string,
): PreferencesServices & {saved: {lastPanel?: string; lastStep?: string}} {
	const saved: {lastPanel?: string; lastStep?: string} = {
		...(lastPanel === undefined ? {} : {lastPanel}),
		...(lastStep === undefined ? {} : {lastStep}),
	};
	return {
		saved,
		preferences: {
			lastPanel: async () => saved.lastPanel,
			setLastPanel: id => {
				saved.lastPanel = id;
			},
			lastStep: async () => saved.lastStep,
			setLastStep: id => {
				saved.lastStep = id;
			},
		},
	};
}

/** Shaped like the real context on a machine with go's default GOPROXY and one requirement. */
export function proxyContext(over: Partial<ProxyStepContext> = {}): ProxyStepContext {
	return {
		settings: {
			GOPROXY: 'https://proxy.golang.org,direct',
			GOPRIVATE: '',
			GONOPROXY: '',
			GONOSUMDB: '',
			GOINSECURE: '',
			GOSUMDB: 'sum.golang.org',
			goMinor: 23,
		},
		candidates: [
			{url: 'https://proxy.golang.org', shown: 'https://proxy.golang.org', source: 'current'},
			{url: 'https://goproxy.cn', shown: 'https://goproxy.cn', source: 'default'},
		],
		module: {path: 'golang.org/x/text', version: 'v0.14.0'},
		moduleSource: "the current module's first requirement",
		requirements: [{path: 'golang.org/x/text', version: 'v0.14.0'}],
		suggestions: [],
		allowDirect: true,
		sumdbName: 'sum.golang.org',
		timeoutMs: 5000,
		...over,
	};
}

/** A probe result as core reports it (numbers shaped like a real run against a nearby mirror). */
export function probeResult(url: string, over: Partial<ProbeResult> = {}): ProbeResult {
	return {
		url,
		source: 'default',
		ok: true,
		status: 200,
		error: null,
		latencyMs: 42,
		connectMs: 12,
		tlsMs: 18,
		firstByteMs: 40,
		bytesPerSec: 2_400_000,
		detail: '12 versions listed; zip 1048576 bytes; serves sum.golang.org; median of 3 .info requests',
		sumdb: true,
		versions: 12,
		elapsedMs: 400,
		...over,
	};
}

/**
 * Offline like the CI machine: the probe answers at once that both public proxies cannot be resolved (dns), so the
 * step shows "no candidate works" and writes nothing. Validators are the real (pure) ones; apply and prove are not faked.
 */
export function fakeProxy(context: ProxyStepContext = proxyContext()): ProxyServices {
	const notFaked = (what: string) => Promise.reject(new Error(`${what} is not faked in view tests: pass real proxy services`));
	return {
		proxy: {
			context: async () => context,
			probe: async input => ({
				module: `${input.module.path}@${input.module.version}`,
				results: input.candidates.map(c =>
					probeResult(c.shown, {
						source: c.source,
						ok: false,
						status: null,
						error: 'dns',
						latencyMs: null,
						connectMs: null,
						tlsMs: null,
						firstByteMs: null,
						bytesPerSec: null,
						sumdb: null,
						versions: null,
						detail: `list: cannot resolve ${new URL(c.url).hostname} (no such host)`,
					}),
				),
				elapsedMs: 3,
			}),
			unserved: async () => [],
			ready: () => undefined,
			validateUrl: validateCandidateUrl,
			checkPatterns,
			validateGosumdb: parseGosumdb,
			compose: composeGoproxy,
			warnings: goproxyWarnings,
			route: routeModule,
			apply: () => notFaked('apply'),
			rollback: () => notFaked('rollback'),
			prove: () => notFaked('the proof download'),
		},
	};
}

/**
 * Cache services shaped like a real machine's (paths in the sandbox, ext4 root, one module); nothing runs go or touches
 * a disk. move and clean reject: a test that moves passes its own services (test/view/cache-step.test.tsx does).
 */
export function fakeCache(): CacheServices {
	const location = (kind: 'gocache' | 'gomodcache') => ({
		kind,
		key: kind === 'gocache' ? ('GOCACHE' as const) : ('GOMODCACHE' as const),
		source: 'default' as const,
		fromProcess: false,
		path: kind === 'gocache' ? `${SANDBOX}/home/.cache/go-build` : `${SANDBOX}/gopath/pkg/mod`,
		defaultPath: kind === 'gocache' ? `${SANDBOX}/home/.cache/go-build` : `${SANDBOX}/gopath/pkg/mod`,
	});
	const report = (kind: 'gocache' | 'gomodcache'): CacheReport => ({
		...location(kind),
		exists: true,
		bytes: kind === 'gocache' ? 36_072_356 : 1_204_113,
		files: kind === 'gocache' ? 587 : 31,
		filesystem: 'ext4',
		mountPoint: '/',
		freeBytes: 83_910_504_448,
		totalBytes: 252e9,
		warnings: [],
		...(kind === 'gomodcache' ? {modules: 1, versions: 1, toolchains: []} : {}),
	});
	const notFaked = (what: string) => Promise.reject(new Error(`${what} is not faked in view tests: pass real cache services`));
	return {
		cache: {
			inspect: async (_input, {emit}) => {
				emit({type: 'located', locations: {gocache: location('gocache'), gomodcache: location('gomodcache')}});
				const reports = {gocache: report('gocache'), gomodcache: report('gomodcache')};
				emit({type: 'counted', report: reports.gocache});
				emit({type: 'counted', report: reports.gomodcache});
				return reports;
			},
			candidates: async () => [],
			within: undefined,
			benchmark: async () => [],
			check: () => notFaked('cache.check'),
			move: () => notFaked('cache.move'),
			clean: () => notFaked('cache.clean'),
			shareGo: async () => ({goVersion: 'go1.26.8', supported: true}),
			sharePlan: () => notFaked('cache.sharePlan'),
			shareApply: () => notFaked('cache.shareApply'),
		},
	};
}

/** fakeServices with GOCACHE shared through GOCACHEPROG (go-cacher and a server); BINARY_EXISTS false: the client is gone. */
export function fakeSharedCache(binaryExists: boolean) {
	const services = fakeServices();
	const inspect = services.cache.inspect;
	const shared = {
		configured: true as const,
		shown: '/home/ana/go/bin/go-cacher --cache-server http://10.1.2.3:31364 --access-token ***',
		binary: '/home/ana/go/bin/go-cacher',
		binaryExists,
		server: 'http://10.1.2.3:31364',
		hasToken: true,
		client: binaryExists
			? {
					path: 'github.com/bradfitz/go-tool-cache/cmd/go-cacher',
					module: 'github.com/bradfitz/go-tool-cache',
					version: 'v0.0.0-20260722201841-0bb331e19f64',
				}
			: {error: '/home/ana/go/bin/go-cacher does not exist'},
		diskDir: '/home/ana/.cache/go-cacher',
	};
	return {
		...services,
		cache: {
			...services.cache,
			inspect: async (...args: Parameters<typeof inspect>) => {
				const reports = await inspect(...args);
				return {...reports, gocache: {...reports.gocache, shared}};
			},
		},
	};
}

/**
 * Harmless default: the bundled table's releases to choose from; planning and installing refuse (a view test that
 * installs passes its own plan and run, see test/view/toolchain-install.test.tsx).
 */
export function fakeInstall(over: Partial<InstallServices['install']> = {}): InstallServices {
	return {
		install: {
			releases: async () =>
				BUNDLED_RELEASES.releases.map(r => ({version: r.version, note: `newest go${r.version.replace(/^go(\d+\.\d+).*/, '$1')}`})),
			plan: async () => Promise.reject(new Error('installing Go is not part of this test')),
			run: async () => Promise.reject(new Error('installing Go is not part of this test')),
			requirement: async () => undefined,
			...over,
		},
	};
}

/**
 * Harmless default: every switch, pin and policy step refuses (a view test passes its own run, see
 * test/view/toolchain-switch.test.tsx).
 */
export function fakeSwitch(run?: SwitchServices['switching']['run']): SwitchServices {
	return {switching: {run: run ?? (async () => Promise.reject(new Error('switching go is not part of this test')))}};
}

/**
 * Verify services that run nothing: no change sets this run; measuring, rolling back and saving reject, so a test
 * that measures passes its own services (test/view/verify-step.test.tsx runs the real ones in a sandbox).
 */
export function fakeVerify(): VerifyServices {
	const refuse = async () => {
		throw new Error('not available in this test');
	};
	return {verify: {measure: refuse, changeSetsThisRun: async () => [], rollback: refuse, saveReport: refuse}};
}

/** A step view's props other than services: the plain theme, keys on, the step box's inner size, spied callbacks. */
export function stepProps(width: number, height: number) {
	return {
		theme: themeFor(false),
		isActive: true,
		width,
		height,
		onNext: vi.fn(),
		setPending: vi.fn(),
		captureKeys: vi.fn(),
		record: vi.fn(),
	};
}

/** A directory without a module: the Module step shows its menu. */
export function noModule(): ModuleServices['module'] {
	const base = fakeServices().module;
	return {
		...base,
		check: async () => ({
			dir: '/tmp/gotune-test-view/work/a-project-with-a-long-name',
			hasModule: false,
			tags: [],
			demoDir: '/tmp/gotune-test-view/demo',
			checks: [
				{
					id: 'module.none',
					group: 'module',
					status: 'warn',
					message: 'No go.mod in /tmp/gotune-test-view/work/a-project-with-a-long-name or its parents: go build and go test need one',
					fix: 'Create one below (go mod init)',
				},
			],
		}),
	};
}

/**
 * The Troubleshoot screen's service: pasted text or a command is "explained" with ANSWER (real-shaped: what
 * gotune explain --json gives for that failure); a command streams LINES first. applyFix answers FIX. Calls recorded.
 */
export function fakeTroubleshoot({
	answer = troubleshootAnswer(),
	lines = [],
	fix = {changeSet: '3', proof: null},
}: {answer?: TroubleshootAnswer; lines?: string[]; fix?: FixResult} = {}): TroubleshootServices & {
	calls: {texts: string[]; commands: string[][]; fixes: number; declined: number};
} {
	const calls = {texts: [] as string[], commands: [] as string[][], fixes: 0, declined: 0};
	return {
		calls,
		troubleshoot: {
			explainText: async text => {
				calls.texts.push(text);
				return answer;
			},
			explainCommand: async (args, onLine) => {
				calls.commands.push(args);
				for (const line of lines) onLine(line);
				return {...answer, ran: {args, exitCode: 1}};
			},
			applyFix: async onLine => {
				calls.fixes++;
				for (const line of lines) onLine(line);
				return fix;
			},
			decline: () => {
				calls.declined++;
			},
		},
	};
}

/** What explain answers for a private module the checksum database does not know (go 1.26's real lines). */
export function troubleshootAnswer(): TroubleshootAnswer {
	return {
		explanation: {
			problems: [
				{
					class: 'checksum-db-private',
					summary:
						'The checksum database does not know corp.example/lib (404 Not Found): it is private, so go must not ask the public checksum database about it.',
					evidence: [
						'go: corp.example/lib@v1.0.0: verifying module: corp.example/lib@v1.0.0: reading https://sum.golang.org/lookup/corp.example/lib@v1.0.0: 404 Not Found',
						'checked: go fetches corp.example/lib from https://proxy.golang.org, then direct; checksum database sum.golang.org; no GOPRIVATE pattern matches',
					],
					settings: {GONOSUMDB: {value: '', source: 'default'}, GOPRIVATE: {value: '', source: 'default'}},
					fix: {
						kind: 'setting',
						changes: [{key: 'GONOSUMDB', value: 'corp.example', command: 'go env -w GONOSUMDB=corp.example', via: 'goenv'}],
						note: 'GOPRIVATE does the same and also skips the proxy',
					},
					confidence: 'high',
				},
			],
			unrecognised: [],
		},
		changes: ['go env -w GONOSUMDB=corp.example'],
		manual: [],
		noGo: false,
	};
}

/** The wizard's steps starting at ID (the others after it, in order): the App opens on that step. */
export function startingAt(id: StepDefinition['id']): StepDefinition[] {
	const index = STEPS.findIndex(step => step.id === id);
	return [...STEPS.slice(index), ...STEPS.slice(0, index)];
}

/**
 * fakeServices whose "share with the team" sub-screen holds one state still (the real programs run in
 * test/view/cache-share-step.test.tsx): GO the go in use; PLAN 'hang' checks the server for ever, 'down' answers
 * that it cannot be reached; APPLY 'hang' stays in go install, 'done' sets it up as change set #14.
 */
export function fakeCacheShare({
	go = 'go1.26.8',
	plan = 'ok',
	apply = 'hang',
}: {go?: string; plan?: 'ok' | 'down' | 'hang'; apply?: 'hang' | 'done'} = {}): Services {
	const services = fakeServices();
	const server = 'http://10.0.0.7:31364';
	const binary = `${SANDBOX}/gopath/bin/gotune-cacher`;
	const value = `${binary} --cache-dir ${SANDBOX}/home/.cache/gotune-cacher --cache-server ${server}`;
	const version = 'v0.0.0-20260722201841-0bb331e19f64';
	const hang = (signal: AbortSignal) =>
		new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
	return {
		...services,
		cache: {
			...services.cache,
			shareGo: async () => ({goVersion: go, supported: !/^go1\.(1\d|2[0-3])\b/.test(go)}),
			sharePlan: async (request, {signal}) =>
				plan === 'hang'
					? hang(signal)
					: {
							goVersion: go,
							client: {pkg: 'gotune-cacher', version, binary: 'gotune-cacher', query: 'gotune-cacher', bundled: true},
							server: request.server,
							gobin: `${SANDBOX}/gopath/bin`,
							gobinExists: true,
							binary,
							replacesBinary: false,
							value,
							current: '',
							shadowedByEnvironment: false,
							diskDir: `${SANDBOX}/home/.cache/gotune-cacher`,
							serverCheck:
								plan === 'ok'
									? {ok: true, server: request.server, ms: 12}
									: {
											ok: false,
											server: request.server,
											reason: 'unreachable',
											message: `${request.server} cannot be reached: connect ECONNREFUSED 127.0.0.1:31364`,
										},
							trimpath: false,
						},
			shareApply: async (input, {emit, signal}) => {
				emit({kind: 'install', query: input.client.query});
				if (apply === 'hang') return hang(signal);
				return {
					changeSet: {id: '14', time: '', origin: 'wizard:cache share', status: 'applied', entries: []},
					binary,
					client: {path: 'gotune-cacher', module: 'github.com/bradfitz/go-tool-cache', version},
					value,
				};
			},
		},
	};
}
