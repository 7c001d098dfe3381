import type {ChangeSet, PlannedChange} from '../../core/journal/contract.js';
import type {Profile} from '../../core/profile/profile.js';
import type {SettingProblem} from '../../core/profile/lint.js';
import type {Runtime} from '../../core/runtime.js';
import type {GoRequirement} from '../../core/profile/go-requirement.js';
import type {Task} from '../../core/task.js';
import type {HostAccess} from '../../core/access/index.js';
import type {ShareEvent, SharePlan} from '../../core/cache/share/index.js';
import type {ToolsEvent} from '../../core/tools/install.js';
import {createAccessFixServices, type AccessFixServices} from './access-fix.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

export type FoundProfile =
	| {kind: 'none'}
	| {kind: 'invalid'; file: string; message: string}
	| {kind: 'found'; file: string; profile: Profile; problems: SettingProblem[]};

/** One private host as the onboarding shows it: ok, or the problem in plain words and the `gotune access --fix` that helps. */
export type AccessRow = {host: string; status: 'ok' | 'warn' | 'error'; words: string; fix?: string};
export type AccessRowEvent = {kind: 'hosts'; hosts: string[]} | {kind: 'host'; row: AccessRow};

/**
 * One tool of the profile's `tools` list against this machine: FOUND is the installed version (absent: not installed),
 * WANTED the version the profile pins (absent: any), INSTALL whether applying installs WORD (NAME@VERSION).
 */
export type ToolRow = {name: string; role: string; word: string; wanted?: string; found?: string; install: boolean};

/** The proof after applying: `go build ./...` in the profile's repository; go's first error lines when it fails. */
export type BuildOutcome = {ok: boolean; dir: string; errorLines: string[]; durationMs: number};

/**
 * The profile's buildCache against this machine (planned with gotune cache share's code): READY with the plan (the
 * server answered go-cacher's protocol; IN_PLACE: already set up as the profile says), OLD_GO (GOCACHEPROG is
 * go1.24 and later), or the PROBLEM in plain words (server down, a client that is not pinned). SERVER is masked.
 */
export type BuildCacheCheck =
	| {kind: 'ready'; plan: SharePlan; goenvFile: string | undefined; inPlace: boolean}
	| {kind: 'old-go'; server: string; goVersion: string}
	| {kind: 'problem'; server: string; problem: string};

/** Progress while the profile is applied: a tool being built, then the shared build cache's install and journal write. */
export type ApplyEvent = ShareEvent | {kind: 'tool'; word: string; index: number; of: number};

/** BUILD_CACHE: set up the profile's buildCache in the same change set; EMIT/SIGNAL: progress and cancel (Esc, Ctrl-C). */
export type ApplyOptions = {buildCache?: boolean; emit?: (event: ApplyEvent) => void; signal?: AbortSignal};

export type TeamProfileServices = {
	teamProfile: {
		/** gotune.json in the current directory or at the repository root, with its lint problems (contradictory settings). */
		find: () => Promise<FoundProfile>;
		/** The profile against the current settings; rejects with Go's own words for a value go refuses. */
		plan: (profile: Profile) => Promise<PlannedChange[]>;
		/**
		 * Applies the chosen keys through the journal, origin `profile:FILE`, and installs TOOLS (NAME@VERSION, built with
		 * go install under the chosen settings first) and, with options.buildCache, the profile's shared build cache
		 * (gotune apply's code: the client installed, GOCACHEPROG written) in the same change set; undefined when
		 * nothing changed. Rejects with what went wrong (go's error) when the cache cannot be set up: nothing written.
		 */
		apply: (file: string, profile: Profile, keys: string[], tools?: string[], options?: ApplyOptions) => Promise<ChangeSet | undefined>;
		/** The profile's buildCache: go version, the server's answer to go-cacher's protocol, and what applying writes. */
		buildCache: (profile: Profile) => Promise<BuildCacheCheck>;
		/** The profile's `tools` against what is installed here (PATH, GOBIN or GOPATH/bin), as `gotune tools` finds them. */
		tools: (profile: Profile) => Promise<ToolRow[]>;
		/** The profile's go.minVersion / go.toolchain against the go that runs here (`go version`). */
		goCheck: (profile: Profile) => Promise<GoRequirement[]>;
		/** Can go fetch the profile's private modules? One event per host as its check (go-get page, git ls-remote) ends. */
		access: Task<Profile, AccessRowEvent, AccessRow[]>;
		/** `go build ./...` in the directory of the profile FILE (the repository), through the go adapter. */
		build: Task<string, never, BuildOutcome>;
	} & AccessFixServices;
};

export function createTeamProfileServices(runtime: Runtime, journal: JournalOpener = journalOpener(runtime)): TeamProfileServices {
	const changes = (profile: Profile, keys?: string[]) =>
		Object.entries(profile.env)
			.filter(([key]) => keys === undefined || keys.includes(key))
			.map(([key, value]) => ({key, value}));
	return {
		teamProfile: {
			// f on a failing host: its fix applied in the wizard (access-fix.ts).
			...createAccessFixServices(runtime, journal),
			find: async () => {
				const {findTeamProfile, lintSettings, readProfile, ProfileError} = await import('../../core/profile/index.js');
				const file = await findTeamProfile(runtime.cwd);
				if (file === undefined) return {kind: 'none'};
				try {
					const profile = await readProfile(file);
					return {kind: 'found', file, profile, problems: lintSettings(profile)};
				} catch (error) {
					if (error instanceof ProfileError) return {kind: 'invalid', file, message: error.message};
					throw error;
				}
			},
			plan: async profile => (await journal()).plan(changes(profile)),
			apply: async (
				file,
				profile,
				keys,
				tools = [],
				{buildCache = false, emit = () => undefined, signal = new AbortController().signal} = {},
			) => {
				const opened = await journal();
				const chosen = changes(profile, keys);
				const origin = `profile:${file}`;
				const [{applyProfileWithShare, planProfileShare, ShareFailure}, {goFor}] = await Promise.all([
					import('../../core/cache/share/index.js'),
					import('../../core/steps/module.js'),
				]);
				const built = tools.length > 0 ? await buildTeamTools(runtime, tools, chosen, {emit, signal}) : undefined;
				try {
					const go = buildCache && profile.buildCache ? await goFor(runtime) : undefined;
					// Planned again right before go is pointed at the server: it is checked again, and GOBIN may exist now
					// (the tools' install makes it).
					const share = go && profile.buildCache ? await planProfileShare(go, profile.buildCache, profile.env) : undefined;
					if (share && !share.ok) throw new ShareFailure(`${share.problem}. Nothing was changed.`);
					return await applyProfileWithShare(go, opened, chosen, share, origin, {emit, signal, steps: built?.steps ?? []});
				} finally {
					await built?.cleanup();
				}
			},
			buildCache: async profile => {
				if (profile.buildCache === undefined) throw new Error('the profile has no buildCache');
				const [share, {goFor}, {maskUrl}] = await Promise.all([
					import('../../core/cache/share/index.js'),
					import('../../core/steps/module.js'),
					import('../../core/mask.js'),
				]);
				const go = await goFor(runtime);
				const {goVersion, supported} = await share.shareGoVersion(go);
				if (!supported) return {kind: 'old-go', server: maskUrl(profile.buildCache.server), goVersion: goVersion || 'an unknown version'};
				const planned = await share.planProfileShare(go, profile.buildCache, profile.env);
				if (!planned.ok) return {kind: 'problem', server: planned.server, problem: planned.problem};
				return {kind: 'ready', plan: planned.plan, goenvFile: (await journal()).goenvFile, inPlace: share.shareInPlace(planned)};
			},
			tools: async profile => {
				if (!profile.tools?.length) return [];
				const [{inspectTools}, {parseToolWord}, {resolveGo}] = await Promise.all([
					import('../../core/tools/inspect.js'),
					import('../../core/tools/known.js'),
					import('../../core/go-resolver.js'),
				]);
				const report = await inspectTools(runtime, await resolveGo(runtime.env));
				return profile.tools.flatMap(word => {
					const parsed = parseToolWord(word);
					if ('problem' in parsed) return [];
					const {tool, version} = parsed;
					const state = report.tools.find(t => t.name === tool.name);
					const wanted = word.includes('@') && version !== 'latest' ? version : undefined;
					const found = state?.path === undefined ? undefined : (state.version ?? 'version unknown');
					const install = found === undefined || (wanted !== undefined && found !== wanted);
					return [
						{
							name: tool.name,
							role: tool.role,
							word: `${tool.name}@${version}`,
							...(wanted ? {wanted} : {}),
							...(found ? {found} : {}),
							install,
						},
					];
				});
			},
			goCheck: async profile => {
				if (profile.go === undefined) return [];
				const [{goFor}, {goRequirements}, {parseGoVersionOutput}] = await Promise.all([
					import('../../core/steps/module.js'),
					import('../../core/profile/go-requirement.js'),
					import('../../core/version.js'),
				]);
				const go = await goFor(runtime).catch(() => undefined);
				const run = go ? await go.run(['version'], {timeoutMs: 20_000}) : undefined;
				return goRequirements(profile, run && run.exitCode === 0 ? parseGoVersionOutput(run.stdout) : undefined);
			},
			access: async (profile, {emit, signal}) => {
				const {checkProfileAccess, fixCommand, problemWords} = await import('../../core/access/index.js');
				const row = (access: HostAccess): AccessRow => {
					const fix = fixCommand(access);
					if (access.ok) return {host: access.host, status: 'ok', words: `${problemWords(access)} (git over ${access.method})`};
					if (access.problem === 'unchecked')
						return {host: access.host, status: 'warn', words: `${access.host}: not checked: ${access.detail}`};
					return {host: access.host, status: 'error', words: problemWords(access), ...(fix ? {fix} : {})};
				};
				const hosts = await checkProfileAccess(
					runtime,
					profile.env,
					event => emit(event.kind === 'hosts' ? event : {kind: 'host', row: row(event.access)}),
					signal,
				);
				return hosts.map(row);
			},
			build: async (file, {signal}) => {
				const dir = (await import('node:path')).dirname(file);
				const [{goFor}, {maskSecrets}, {TaskCancelled}] = await Promise.all([
					import('../../core/steps/module.js'),
					import('../../core/mask.js'),
					import('../../core/task.js'),
				]);
				const go = await goFor(runtime);
				// stream: a cancelled build kills go and every compiler it started (its process group), not just go.
				const run = await go.stream(['build', './...'], {cwd: dir, signal, timeoutMs: 600_000});
				if (run.cancelled) throw new TaskCancelled('go build ./...');
				const text = maskSecrets(run.timedOut ? 'go build ./... did not finish in 10 minutes' : run.stderr || run.stdout);
				const errorLines =
					run.exitCode === 0
						? []
						: text
								.split('\n')
								.filter(line => line.trim() !== '')
								.slice(0, 6);
				return {ok: run.exitCode === 0, dir, errorLines, durationMs: run.durationMs};
			},
		},
	};
}

/** The profile's tools built with go install under the chosen settings (the team's GOPROXY may be the one that serves them). */
async function buildTeamTools(
	runtime: Runtime,
	tools: string[],
	chosen: Array<{key: string; value: string}>,
	{emit, signal}: {emit: (event: ApplyEvent) => void; signal: AbortSignal},
) {
	const {buildTools, planToolsInstall} = await import('../../core/tools/install.js');
	const plan = await planToolsInstall(runtime, tools);
	const env = Object.fromEntries(chosen.map(c => [c.key, c.value]));
	const context = {
		emit: (event: ToolsEvent) => {
			if (event.kind === 'build') emit({kind: 'tool', word: `${event.name}@${event.version}`, index: event.index, of: event.of});
		},
		signal,
	};
	return buildTools(runtime, plan, context, env);
}
