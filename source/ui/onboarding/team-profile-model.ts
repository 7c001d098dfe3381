import type {ChangeSet, PlannedChange} from '../../core/journal/contract.js';
import type {GoRequirement} from '../../core/profile/go-requirement.js';
import type {SettingProblem} from '../../core/profile/lint.js';
import type {Profile} from '../../core/profile/profile.js';
import type {Task} from '../../core/task.js';
import type {KeyBinding} from '../kit/bindings.js';
import type {Model} from '../kit/use-step.js';
import type {
	AccessRow,
	AccessRowEvent,
	ApplyEvent,
	BuildCacheCheck,
	BuildOutcome,
	FoundProfile,
	ToolRow,
} from '../services/team-profile.js';
import {shareDoing} from '../steps/cache/share-doing.js';
import type {AccessView} from './sections.js';

/** What the screen shows. */
export type Screen =
	| {kind: 'loading'}
	| {kind: 'problem'; title: string; message: string}
	| PlanScreen
	/** FROM: the plan Enter was pressed on, to go back to when applying fails or is cancelled (nothing was written). */
	| ({kind: 'applying'; from: PlanScreen} & ApplyInput)
	/** Applying failed (go's error, a server that stopped answering): nothing was written; Enter goes back to the plan. */
	| {kind: 'apply-failed'; message: string; plan: PlanScreen}
	/** TOOLS: how many of the profile's tools the change set installed. */
	| {kind: 'applied'; changeSet: ChangeSet | undefined; file: string; tools: number};

/** NOTE: what the last attempt to apply came to (cancelled), shown above the keys. */
export type PlanScreen = {
	kind: 'plan';
	file: string;
	profile: Profile;
	problems: SettingProblem[];
	plan: PlannedChange[];
	chosen: string[];
	cursor: number;
	note?: string;
};

/** What Enter applies: the chosen keys, the tools to install and whether the profile's shared build cache is set up. */
export type ApplyInput = {file: string; profile: Profile; chosen: string[]; tools: string[]; buildCache: boolean};

export type Build = BuildOutcome | 'running' | {failed: string};

export type TeamProfileState = {
	screen: Screen;
	/** The profile found: the background checks (Go version, private access) run from it. */
	found?: Extract<FoundProfile, {kind: 'found'}>;
	goCheck?: GoRequirement[];
	/** The profile's tools, found or not; `t` leaves out (or takes back) installing the missing ones. */
	tools?: ToolRow[];
	installTools: boolean;
	/** The profile's buildCache checked (go version, the server's answer, what is written); undefined while checking. */
	buildCache?: BuildCacheCheck;
	/** What applying is doing now (a tool's build, go install of the cache client, the journal write). */
	doing?: string;
	/** The journal has written the change set (the client's check runs): too late for Esc to cancel. */
	written?: boolean;
	access: AccessView;
	/** The proof build's directory input (the profile file) while it is to run, and its outcome. */
	buildInput?: string;
	build?: Build;
	/** Enter while the build runs: go on once it has ended (its outcome is still drawn for that one frame). */
	continueAfterBuild: boolean;
	/** The onboarding is over (applied, skipped, or there is no profile): the shell shows the steps. */
	done: boolean;
	/** `f`: a failing host's fix is on screen (access-fix.tsx); the plan's keys wait. */
	fixing?: boolean;
};

export type TeamProfileAction =
	| {type: 'move'; by: number}
	| {type: 'toggle'}
	| {type: 'all'}
	| {type: 'tools'}
	| {type: 'skip'}
	| {type: 'enter'}
	| {type: 'fix'}
	| {type: 'cancel'}
	| {type: 'fixed'; row: AccessRow | undefined};

/** The screen's work, in order: find gotune.json, plan it against the settings, then the checks, applying and the proof. */
export type TeamProfileTasks = {
	find: Task<object, unknown, FoundProfile>;
	plan: Task<Profile, unknown, PlannedChange[]>;
	goCheck: Task<Profile, unknown, GoRequirement[]>;
	tools: Task<Profile, unknown, ToolRow[]>;
	access: Task<Profile, AccessRowEvent, AccessRow[]>;
	buildCache: Task<Profile, never, BuildCacheCheck>;
	apply: Task<ApplyInput, ApplyEvent, ChangeSet | undefined>;
	build: Task<string, never, BuildOutcome>;
};

const FIND = {};

export const initialTeamProfileState = (): TeamProfileState => ({
	screen: {kind: 'loading'},
	installTools: true,
	access: {results: {}},
	continueAfterBuild: false,
	done: false,
});

export const hasPrivatePatterns = (profile: Profile) => Boolean(profile.env['GOPRIVATE'] || profile.env['GONOPROXY']);

/** Lint errors that block applying: those of a chosen key, and those of the file as a whole (not one key's). */
export function blockingErrors(state: {problems: SettingProblem[]; chosen: string[]}): SettingProblem[] {
	return state.problems.filter(p => p.severity === 'error' && (!p.key.startsWith('env.') || state.chosen.includes(p.key.slice(4))));
}

const changeable = (plan: PlannedChange[]) => plan.filter(p => !p.unchanged).map(p => p.key);

/** Tools the profile lists that are missing or at another version here (installed on Enter unless `t` left them out). */
export const toolsToInstall = (state: TeamProfileState) => (state.tools ?? []).filter(r => r.install);

/** What Enter installs: NAME@VERSION of each tool to install, none when `t` left them out. */
export const toolWords = (state: TeamProfileState) => (state.installTools ? toolsToInstall(state).map(r => r.word) : []);

/** Private access per host, from the access task's events. */
function accessView(state: AccessView, event: AccessRowEvent): AccessView {
	return event.kind === 'hosts' ? {...state, hosts: event.hosts} : {...state, results: {...state.results, [event.row.host]: event.row}};
}

/**
 * Whether Enter sets up the profile's buildCache: not when it is already in place, go is too old or the check found a
 * problem (the rest is applied without it). While the check runs, yes: applying plans it again and fails whole if
 * the server does not answer then.
 */
export function cacheToSetUp(state: TeamProfileState, profile: Profile): boolean {
	if (profile.buildCache === undefined) return false;
	const check = state.buildCache;
	return check === undefined || (check.kind === 'ready' && !check.inPlace);
}

/** Failing private hosts that have a fix (`f` applies it in the wizard). */
export const fixableHosts = (state: TeamProfileState): string[] =>
	(state.access.hosts ?? []).filter(h => state.access.results[h]?.status === 'error' && state.access.results[h]?.fix !== undefined);

function onKey(state: TeamProfileState, action: TeamProfileAction): TeamProfileState {
	const {screen} = state;
	if (action.type === 'fixed') {
		const {row} = action;
		return {...state, fixing: false, access: row ? {...state.access, results: {...state.access.results, [row.host]: row}} : state.access};
	}
	if (screen.kind === 'applying') return action.type === 'cancel' && !state.written ? cancelled(state) : state;
	if (screen.kind === 'apply-failed') {
		if (action.type === 'enter') return {...state, screen: screen.plan};
		return action.type === 'skip' ? {...state, done: true} : state;
	}
	if (screen.kind === 'problem' || screen.kind === 'applied') {
		if (action.type !== 'enter') return state;
		// While the build runs, Enter waits for it to end, then goes on.
		return state.build === 'running' ? {...state, continueAfterBuild: true} : {...state, done: true};
	}
	if (screen.kind !== 'plan') return state;
	const keys = changeable(screen.plan);
	switch (action.type) {
		case 'move':
			return {...state, screen: {...screen, cursor: Math.max(0, Math.min(keys.length - 1, screen.cursor + action.by))}};
		case 'toggle': {
			const key = keys[screen.cursor];
			if (key === undefined) return state;
			const chosen = screen.chosen.includes(key) ? screen.chosen.filter(k => k !== key) : [...screen.chosen, key];
			return {...state, screen: {...screen, chosen}};
		}
		case 'all':
			return {...state, screen: {...screen, chosen: keys}};
		case 'tools':
			return toolsToInstall(state).length === 0 ? state : {...state, installTools: !state.installTools};
		case 'skip':
			return {...state, done: true};
		case 'fix':
			return fixableHosts(state).length === 0 ? state : {...state, fixing: true};
		case 'cancel':
			return state;
		case 'enter': {
			if (blockingErrors(screen).length > 0) return state;
			const tools = toolWords(state);
			const buildCache = cacheToSetUp(state, screen.profile);
			if (screen.chosen.length === 0 && tools.length === 0 && !buildCache) return {...state, done: true};
			const {file, profile, chosen} = screen;
			const from = {...screen, note: undefined};
			return {...state, doing: undefined, written: false, screen: {kind: 'applying', file, profile, chosen, tools, buildCache, from}};
		}
	}
}

/**
 * A new team member's first screen as a pure model: gotune.json found and planned against their settings, all keys
 * chosen; Space toggles the key under the cursor, `a` chooses all, Enter applies the chosen keys (one change set)
 * and proves it with `go build ./...`, `s` skips. The Go version check and private access run in the background.
 */
export const teamProfileModel: Model<TeamProfileState, TeamProfileAction, TeamProfileTasks> = {
	bindings: state => {
		const {screen} = state;
		if (screen.kind === 'problem' || screen.kind === 'applied') return [{keys: ['return'], action: {type: 'enter'}, hint: 'continue'}];
		// Esc stops go install and removes what it staged (the task's input goes away: useTasks aborts it); an abort
		// while the journal writes undoes what it wrote. Once the change set is written, there is nothing to cancel.
		if (screen.kind === 'applying')
			return state.written ? [] : [{keys: ['escape'], action: {type: 'cancel'}, hint: 'cancel'} satisfies KeyBinding<TeamProfileAction>];
		if (screen.kind === 'apply-failed')
			return [
				{keys: ['return'], action: {type: 'enter'}, hint: 'back to the plan'},
				{keys: ['s'], action: {type: 'skip'}, hint: 'go on without the profile'},
			];
		if (screen.kind !== 'plan' || state.fixing) return [];
		return [
			{keys: ['up'], action: {type: 'move', by: -1}, hint: 'choose'},
			{keys: ['down'], action: {type: 'move', by: 1}, hint: 'choose'},
			{keys: ['space'], action: {type: 'toggle'}, hint: 'choose'},
			{keys: ['a'], action: {type: 'all'}, hint: 'all'},
			...(toolsToInstall(state).length > 0 ? [{keys: ['t'], action: {type: 'tools'} as const, hint: 'tools'}] : []),
			...(fixableHosts(state).length > 0 ? [{keys: ['f'], action: {type: 'fix'} as const, hint: 'fix access'}] : []),
			{keys: ['s'], action: {type: 'skip'}, hint: 'skip'},
			{keys: ['return'], action: {type: 'enter'}, hint: 'apply'},
		] satisfies Array<KeyBinding<TeamProfileAction>>;
	},
	effects: state => {
		const profile = state.found?.profile;
		return {
			find: state.screen.kind === 'loading' && state.found === undefined ? FIND : undefined,
			plan: state.screen.kind === 'loading' ? profile : undefined,
			goCheck: state.goCheck === undefined ? profile : undefined,
			tools: state.tools === undefined ? profile : undefined,
			buildCache: profile?.buildCache !== undefined && state.buildCache === undefined ? profile : undefined,
			access: profile && hasPrivatePatterns(profile) ? profile : undefined,
			apply: state.screen.kind === 'applying' ? state.screen : undefined,
			build: state.buildInput,
		};
	},
	next: state => state.done,
	reducer: (state, action) => {
		switch (action.type) {
			case 'task-event':
				if (action.task === 'apply')
					return {...state, doing: applyDoing(action.event), written: state.written || action.event.kind === 'check'};
				return action.task === 'access' ? {...state, access: accessView(state.access, action.event)} : state;
			case 'task-cancelled':
				return state;
			case 'task-failed':
				return taskFailed(state, action.task, action.message);
			case 'task-done':
				switch (action.task) {
					case 'find': {
						const found = action.result;
						if (found.kind === 'none') return {...state, done: true};
						if (found.kind === 'invalid')
							return {...state, screen: {kind: 'problem', title: 'The team profile cannot be used', message: found.message}};
						return {...state, found};
					}
					case 'plan': {
						const {found} = state;
						if (found === undefined || state.screen.kind !== 'loading') return state;
						const plan = action.result;
						return {
							...state,
							screen: {
								kind: 'plan',
								file: found.file,
								profile: found.profile,
								problems: found.problems,
								plan,
								chosen: changeable(plan),
								cursor: 0,
							},
						};
					}
					case 'goCheck':
						return {...state, goCheck: action.result};
					case 'tools':
						return {...state, tools: action.result};
					case 'buildCache':
						return {...state, buildCache: action.result};
					case 'access':
						return {
							...state,
							access: {
								hosts: action.result.map(r => r.host),
								results: Object.fromEntries(action.result.map(r => [r.host, r])),
							},
						};
					case 'apply': {
						if (state.screen.kind !== 'applying') return state;
						const {file, tools} = state.screen;
						const screen = {kind: 'applied' as const, changeSet: action.result, file, tools: tools.length};
						return {...state, doing: undefined, screen, build: 'running', buildInput: file};
					}
					case 'build':
						return {...state, build: action.result, done: state.done || state.continueAfterBuild};
				}
				return state;
			default:
				return onKey(state, action);
		}
	},
};

function taskFailed(state: TeamProfileState, task: keyof TeamProfileTasks, message: string): TeamProfileState {
	switch (task) {
		case 'find':
			return {...state, screen: {kind: 'problem', title: 'The team profile cannot be used', message}};
		case 'plan':
			return {...state, screen: {kind: 'problem', title: `go refuses ${state.found?.file ?? 'gotune.json'}`, message}};
		case 'goCheck':
			return {...state, goCheck: []};
		case 'tools':
			return {...state, tools: []};
		case 'access':
			return {...state, access: {...state.access, failed: message}};
		case 'buildCache':
			return {...state, buildCache: {kind: 'problem', server: state.found?.profile.buildCache?.server ?? '', problem: message}};
		case 'apply': {
			const back = backToPlan(state);
			return back ? {...state, doing: undefined, screen: {kind: 'apply-failed', message, plan: back}} : state;
		}
		case 'build':
			return {...state, build: {failed: message}, done: state.done || state.continueAfterBuild};
	}
}

/** The plan the applying screen came from, the keys as they were chosen. */
function backToPlan(state: TeamProfileState): PlanScreen | undefined {
	return state.screen.kind === 'applying' ? state.screen.from : undefined;
}

/** Esc while applying, before the journal wrote: go install is stopped and its staging removed; nothing is written. */
function cancelled(state: TeamProfileState): TeamProfileState {
	const back = backToPlan(state);
	if (back === undefined) return state;
	return {...state, doing: undefined, screen: {...back, note: 'Cancelled: nothing was changed (GOBIN and the GOENV file are as before).'}};
}

function applyDoing(event: ApplyEvent): string {
	if (event.kind === 'tool') return `go install ${event.word} (tool ${event.index} of ${event.of})`;
	return shareDoing(event);
}
