import type {GoEnvChange} from '../../core/journal/contract.js';
import type {Candidate, UrlVerdict} from '../../core/proxy/candidates.js';
import type {ComposeOptions, Composition} from '../../core/proxy/compose.js';
import type {GosumdbVerdict} from '../../core/proxy/gosumdb.js';
import type {PatternCheck, PatternSuggestion} from '../../core/proxy/private.js';
import type {ProbeEvent, ProbeInput, ProbeOutcome, ProbeResult} from '../../core/proxy/probe.js';
import type {Proof, ProofEvent} from '../../core/proxy/prove.js';
import type {Route, RouteSettings} from '../../core/proxy/route.js';
import type {Runtime} from '../../core/runtime.js';
import type {Task} from '../../core/task.js';
import {lazyModule} from './lazy-module.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

/** What the Proxy step starts from: the settings in force, who to probe, with which module, and private-module hints. */
export type ProxyStepContext = {
	settings: RouteSettings;
	candidates: Candidate[];
	module: {path: string; version: string};
	/** Where the probe module came from, in words. */
	moduleSource: string;
	/** The probe module is FALLBACK_PROBE_MODULE (no requirement to probe with): a mirror may serve only other modules. */
	probesFallback?: boolean;
	requirements: Array<{path: string; version: string}>;
	/** GOPRIVATE suggestions from the repository's git remotes. */
	suggestions: PatternSuggestion[];
	/** The team profile's GOPROXY has no direct: do not add it. */
	allowDirect: boolean;
	/** Checksum database name whose /supported endpoint the probe asks (null with GOSUMDB=off). */
	sumdbName: string | null;
	timeoutMs: number;
};

export type ProxyServices = {
	proxy: {
		/**
		 * FRESH: read the settings, go.mod and remotes again (something changed underneath) instead of the first look.
		 * DIR: the project the Module step chose (its requirements are what the probe should ask for); else the cwd.
		 */
		context: (fresh?: boolean, dir?: string) => Promise<ProxyStepContext>;
		/** All candidates at once (core probeCandidates). */
		probe: Task<ProbeInput, ProbeEvent, ProbeOutcome>;
		/** Requirements the best proxy answers not-found for: GOPRIVATE candidates. */
		unserved: Task<{requirements: Array<{path: string; version: string}>; proxyUrl: string}, never, string[]>;
		/** Loads the pure rules below (lazy-module.ts); undefined once they are there. The step's view waits for it. */
		ready: () => Promise<void> | undefined;
		validateUrl: (text: string) => UrlVerdict;
		checkPatterns: (globs: string, requirements: string[]) => PatternCheck;
		validateGosumdb: (value: string) => GosumdbVerdict;
		compose: (results: ProbeResult[], options: ComposeOptions) => Composition;
		warnings: (goproxy: string, results: ProbeResult[]) => string[];
		/** How go will fetch a module with SETTINGS (pure). */
		route: (moduleArg: string, settings: RouteSettings) => Route;
		/** One change set through the journal; the id, or null when nothing changed. */
		apply: (changes: GoEnvChange[]) => Promise<string | null>;
		/** Rolls back one change set (a failed proof's); the number of entries undone. */
		rollback: (changeSet: string) => Promise<number>;
		/** The real go downloads the module through the new settings into a temporary module cache. */
		prove: Task<{module: string; settings: Record<string, string>}, ProofEvent, Proof>;
	};
};

/** Core is imported lazily (after the first frame): what runs things on first use, the pure rules with the step. */
export function createProxyServices(runtime: Runtime, journal: JournalOpener = journalOpener(runtime)): ProxyServices {
	const rules = lazyModule("the Proxy step's rules", () => import('./proxy-rules.js'));
	let loaded: Promise<Awaited<ReturnType<typeof loadContext>>> | undefined;
	let loadedFor: string | undefined;
	const load = () => (loaded ??= loadContext(loadedFor === undefined ? runtime : {...runtime, cwd: loadedFor}));
	return {
		proxy: {
			context: async (fresh, dir) => {
				if (fresh || dir !== loadedFor) loaded = undefined;
				loadedFor = dir;
				return (await load()).context;
			},
			// The probe reaches the network as go would: the wizard's environment (HTTPS_PROXY, SSL_CERT_FILE, HOME/.netrc).
			probe: async (input, context) => {
				const [{probeCandidates}, {probeDocument, saveLastProbe}] = await Promise.all([
					import('../../core/proxy/probe.js'),
					import('../../core/proxy/last-probe.js'),
				]);
				const outcome = await probeCandidates({...input, env: runtime.env}, context);
				// Kept for the report (the view composes its own GOPROXY; this is the default composition).
				const {composeGoproxy} = await import('./proxy-rules.js');
				await saveLastProbe(runtime.gotuneHome, probeDocument(outcome.module, outcome.results, composeGoproxy(outcome.results).value));
				return outcome;
			},
			unserved: async ({requirements, proxyUrl}, {signal}) =>
				(await import('../../core/proxy/private.js')).unservedRequirements(requirements, proxyUrl, runtime.env, signal),
			ready: rules.ready,
			validateUrl: text => rules.get().validateCandidateUrl(text),
			checkPatterns: (globs, requirements) => rules.get().checkPatterns(globs, requirements),
			validateGosumdb: value => rules.get().parseGosumdb(value),
			compose: (results, options) => rules.get().composeGoproxy(results, options),
			warnings: (goproxy, results) => rules.get().goproxyWarnings(goproxy, results),
			route: (moduleArg, settings) => rules.get().routeModule(moduleArg, settings),
			apply: async changes => (await (await journal()).apply(changes, 'wizard:proxy'))?.id ?? null,
			rollback: async changeSet => (await (await journal()).rollback({kind: 'change-sets', ids: [changeSet]})).rolledBack.length,
			prove: async ({module, settings}, context) => {
				const {go} = await load();
				if (!go) throw new Error('no go on PATH to prove the settings with');
				return (await import('../../core/proxy/prove.js')).proveDownload({go, module, settings}, context);
			},
		},
	};
}

async function loadContext(runtime: Runtime) {
	const core = await import('../../core/proxy/index.js');
	const proxy = await core.loadProxyContext(runtime);
	const first = proxy.requirements.find(r => core.SEMVER.test(r.version));
	const standIn = (await import('../../core/proxy/probe-module.js')).standInProbeModule(runtime.env);
	const module = first ?? standIn.module;
	const sumdb = core.parseGosumdb(proxy.settings.GOSUMDB);
	const suggestions = await core.suggestFromRemotes(runtime.cwd, runtime.env).catch(() => []);
	const context: ProxyStepContext = {
		settings: proxy.settings,
		candidates: core.candidateList({env: runtime.env, current: proxy.settings.GOPROXY, profile: proxy.profileGoproxy}),
		module,
		moduleSource: first ? "the current module's first requirement" : standIn.source,
		probesFallback: !first,
		requirements: proxy.requirements,
		suggestions,
		allowDirect: proxy.profileGoproxy === undefined || core.parseGoproxy(proxy.profileGoproxy).entries.some(e => e.url === 'direct'),
		sumdbName: sumdb.ok ? (sumdb.off ? null : sumdb.name) : 'sum.golang.org',
		timeoutMs: core.DEFAULT_PROBE_TIMEOUT_MS,
	};
	return {context, go: proxy.go, requirements: proxy.requirements};
}
