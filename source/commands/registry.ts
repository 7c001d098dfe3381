import type {Runtime} from '../core/runtime.js';
import type {CommandContext} from './context.js';

type OptionSpec = {type: 'boolean' | 'string'; multiple?: boolean};

export type CommandSpec = {
	usage: string;
	summary: string;
	options: Record<string, OptionSpec>;
	/** Most positionals allowed (Infinity for lists). */
	maxPositionals: number;
	minPositionals?: number;
	load: () => Promise<{run: (context: CommandContext) => Promise<number>}>;
	/** Work started before load() (a go command the command will ask for); returns what stops it if it went unused. */
	startAhead?: (runtime: Runtime, positionals: string[]) => Promise<() => void>;
};

const bool = {type: 'boolean'} as const;
const str = {type: 'string'} as const;

/** The CLI contract; names and flags are stable. Each command loads lazily so the wizard starts fast. */
export const COMMANDS: Record<string, CommandSpec> = {
	doctor: {
		usage: 'gotune doctor [--json] [--strict]',
		summary: 'read-only checks of the toolchain and Go environment',
		options: {json: bool, strict: bool},
		maxPositionals: 0,
		load: () => import('./doctor-standalone.js'),
		// go env -json is doctor's longest wait: it runs while doctor's checks load (issue 18).
		startAhead: runtime => import('./doctor-standalone.js').then(({startGoEnvAhead}) => startGoEnvAhead(runtime)),
	},
	apply: {
		usage: 'gotune apply PROFILE [--dry-run] [--yes] [--json]',
		summary: 'apply a team profile (gotune.json) through the journal',
		options: {'dry-run': bool, yes: bool, json: bool},
		maxPositionals: 1,
		minPositionals: 1,
		load: () => import('./apply.js'),
	},
	profile: {
		usage: 'gotune profile check FILE [--json]',
		summary: 'lint a team profile: contradictory settings, unknown keys, JSON errors by line and column',
		options: {json: bool},
		maxPositionals: 2,
		minPositionals: 2,
		load: () => import('./profile.js'),
	},
	rollback: {
		usage: 'gotune rollback [--last | --all | --to ID] [--dry-run] [--yes] [--json]',
		summary: 'undo changes gotune applied, restoring the previous values',
		options: {last: bool, all: bool, to: str, 'dry-run': bool, yes: bool, json: bool, force: bool},
		maxPositionals: 0,
		load: () => import('./rollback.js'),
	},
	finish: {
		usage: 'gotune finish ID [--yes] [--json]',
		summary: 'complete a change set a crash cut short (gotune history lists them)',
		options: {yes: bool, json: bool},
		maxPositionals: 1,
		minPositionals: 1,
		load: () => import('./finish.js'),
	},
	history: {
		usage: 'gotune history [--json]',
		summary: 'every change gotune applied, with previous and new values',
		options: {json: bool},
		maxPositionals: 0,
		load: () => import('./history.js'),
	},
	probe: {
		usage: 'gotune probe [URL...] [--module PATH@VERSION] [--timeout S] [--no-direct] [--json] [--apply [--yes] [--keep]]',
		summary: 'probe GOPROXY candidates at once over the module-proxy protocol and recommend a GOPROXY',
		options: {module: str, timeout: str, 'no-direct': bool, json: bool, apply: bool, yes: bool, keep: bool},
		maxPositionals: Infinity,
		load: () => import('./probe.js'),
	},
	access: {
		usage:
			'gotune access [MODULE|PATTERN...] [--json] [--fix netrc|insteadof|goauth|credential-helper] [--user NAME --password-stdin] [--goauth MODE] [--yes]',
		summary: 'can go download your private modules? go-get and git checked per host, with the fixes that reach the failing request',
		options: {json: bool, fix: str, user: str, 'password-stdin': bool, goauth: str, yes: bool},
		maxPositionals: Infinity,
		load: () => import('./access.js'),
	},
	route: {
		usage: 'gotune route MODULE[@VERSION]... [--json]',
		summary: 'how go will fetch each module with the settings in force (proxies, checksum database, private patterns)',
		options: {json: bool},
		maxPositionals: Infinity,
		minPositionals: 1,
		load: () => import('./route.js'),
	},
	init: {
		usage: 'gotune init [MODULE_PATH] [--dir DIR] [--yes]',
		summary: 'create go.mod with a validated module path',
		options: {dir: str, yes: bool},
		maxPositionals: 1,
		load: () => import('./init.js'),
	},
	cache: {
		usage:
			'gotune cache [--json] | gotune cache move [--gocache DIR] [--gomodcache DIR] [--keep-source] [--yes] [--json] | gotune cache clean cache|modcache|testcache|fuzzcache [--yes] [--json] | gotune cache share [--server URL] [--client CLIENT] [--trimpath] [--yes] [--json]',
		summary: 'show, relocate or clean GOCACHE and GOMODCACHE; share a build cache (GOCACHEPROG)',
		options: {json: bool, gocache: str, gomodcache: str, 'keep-source': bool, yes: bool, server: str, client: str, trimpath: bool},
		maxPositionals: 2,
		load: () => import('./cache.js'),
		// Showing, moving and cleaning all start from go env -json (locateCaches): it runs while the command loads.
		startAhead: (runtime, [sub]) =>
			sub === 'share'
				? Promise.resolve(() => undefined)
				: import('../core/environment.js').then(({startGoEnvAhead, KEYS_WITHOUT_BUILD_CACHE}) =>
						startGoEnvAhead(runtime, KEYS_WITHOUT_BUILD_CACHE),
					),
	},
	bench: {
		usage: 'gotune bench [DIR] [--runs N] [--against CHANGESET_ID | --shared] [--json]',
		summary: 'cold, warm and incremental builds with real timings and hit rates',
		options: {runs: str, against: str, shared: bool, json: bool},
		maxPositionals: 1,
		load: () => import('./bench.js'),
	},
	report: {
		usage: 'gotune report [--json | --markdown] [--output FILE]',
		summary: 'paste-safe report: toolchains, environment, caches, measurements, journal',
		options: {json: bool, markdown: bool, output: str},
		maxPositionals: 0,
		load: () => import('./report.js'),
	},
	'install-go': {
		usage: 'gotune install-go [VERSION] [--prefix DIR] [--from proxy|archive] [--mirror URL] [--gotoolchain POLICY] [--yes] [--json]',
		summary: 'install or upgrade Go from the official archives or the module proxy (verified, reversible)',
		options: {prefix: str, from: str, mirror: str, gotoolchain: str, yes: bool, json: bool},
		maxPositionals: 1,
		load: () => import('./install-go.js'),
	},
	use: {
		usage: 'gotune use [VERSION|PATH] [--yes] [--json]',
		summary: "put one of the go commands gotune found first on PATH (the login shell's start-up file, reversible)",
		options: {yes: bool, json: bool},
		maxPositionals: 1,
		load: () => import('./use.js'),
	},
	pin: {
		usage: 'gotune pin goX.Y.Z|go@X.Y [--dir DIR] [--yes] [--json]',
		summary: "pin a module's toolchain (go get toolchain@goX.Y.Z) or go line (go get go@X.Y), reversible; proven by go version",
		options: {dir: str, yes: bool, json: bool},
		maxPositionals: 1,
		minPositionals: 1,
		load: () => import('./pin.js'),
	},
	'toolchain-policy': {
		usage: 'gotune toolchain-policy [local|auto|path|goX.Y.Z[+auto|+path]] [--yes] [--json]',
		summary: 'explain each GOTOOLCHAIN value with what go runs here now, and set one in the GOENV file (reversible)',
		options: {yes: bool, json: bool},
		maxPositionals: 1,
		load: () => import('./toolchain-policy.js'),
	},
	tools: {
		usage: 'gotune tools [--json] [--install NAME[@VERSION]...] [--yes]',
		summary: 'gopls, dlv, staticcheck: found, version, the go that built them; install or update with go install (reversible)',
		options: {json: bool, install: {type: 'string', multiple: true}, yes: bool},
		maxPositionals: Infinity,
		load: () => import('./tools.js'),
	},
	explain: {
		usage: 'gotune explain [FILE] [--fix [--yes]] [--json] | gotune explain [--fix [--yes]] [--json] -- go ARGS...',
		summary: "explain a failing go command's output (stdin, FILE, or run it) with the settings in force and the fix; --fix applies it",
		options: {json: bool, fix: bool, yes: bool},
		maxPositionals: Infinity,
		load: () => import('./explain.js'),
	},
};

export const GLOBAL_USAGE = 'gotune [--sandbox DIR] [--ascii]';

export function helpText(): string {
	const lines = [
		'gotune: set up and tune a Go development environment, with measurements from the real go command.',
		'',
		'Usage:',
		`  ${GLOBAL_USAGE.padEnd(40)} interactive wizard`,
		...Object.values(COMMANDS).map(c => `  ${c.usage}`),
		'  gotune --help | --version',
		'',
		'--sandbox DIR works with every command: all Go and gotune settings, caches and state live under DIR.',
		'Exit codes: 0 success, 1 problems found or operation failed, 2 usage error, 130 interrupted.',
	];
	return lines.join('\n');
}
