import type {ReleaseTable} from '../../../core/releases.js';
import type {ToolchainFindings} from '../../../core/steps/toolchain.js';
import type {Task} from '../../../core/task.js';
import {clampOffset} from '../../components/scroll-view.js';
import type {KeyBinding} from '../../kit/bindings.js';
import type {Model} from '../../kit/use-step.js';
import type {TaskMessages} from '../../kit/use-task.js';
import {
	installBindings,
	installPending,
	installReason,
	installReducer,
	isInstallMessage,
	type InstallAction,
	type InstallTasks,
	type InstallUi,
} from './install-model.js';
import {
	goName,
	switchBindings,
	switchChoices,
	switchPending,
	switchReducer,
	type SwitchAction,
	type SwitchTasks,
	type SwitchUi,
} from './switch-model.js';

/**
 * The Toolchain step as a pure model (useStep wires it): which go runs, what it hides, where each setting comes from;
 * two sub-screens of its own, install Go (install-model.ts) and the go commands with use, pin and the GOTOOLCHAIN
 * policy (switch-model.ts), whose Esc goes back to the findings, never to another step. No Ink, no go: test/unit.
 *
 * The findings' work runs one piece at a time from `work`: the checks, then a background refresh of the release
 * table, then (only for a newer table) the checks again; a change underneath (StepViewProps.revision) checks again.
 */
export type ToolchainWork =
	{kind: 'check'; revision: number} | {kind: 'refresh'} | {kind: 'recheck'; table?: ReleaseTable; revision: number};

export type ToolchainState = {
	findings?: ToolchainFindings;
	failed?: string;
	work?: ToolchainWork;
	/** First row shown of the findings. */
	offset: number;
	/** The findings' rows and the rows the view has for them (the view reports both: 'layout'); scrolling is clamped to them. */
	rows: {total: number; height: number};
	/** Counts Enter on "continue": each one goes on. */
	next?: number;
	install?: InstallUi;
	switcher?: SwitchUi;
	/** The team profile's go.minVersion: undefined until read, null without a profile. */
	minVersion?: string | null;
	/** Reading the team profile's requirement runs while this is set (a new object reads it again). */
	requirement?: object;
	/** The shell's settings revision the findings should be of (StepViewProps.revision). */
	revision: number;
	/** Something changed underneath while other work ran: check again once it is done (issue 19, never stale). */
	stale?: boolean;
};

/** The step's work, by id: the checks, the release feed, the team's requirement, and the sub-screens' tasks. */
export type ToolchainTasks = InstallTasks &
	SwitchTasks & {
		check: Task<{revision: number}, never, ToolchainFindings>;
		refresh: Task<object, never, ReleaseTable | undefined>;
		recheck: Task<{table?: ReleaseTable; revision: number}, never, ToolchainFindings>;
		requirement: Task<object, never, string | undefined>;
	};

export type Scroll = number | 'page-up' | 'page-down' | 'home' | 'end';

export type ToolchainAction =
	| {type: 'scroll'; by: Scroll}
	| {type: 'continue'}
	| {type: 'layout'; total: number; height: number}
	/** The settings, the journal or go.mod changed underneath: REVISION is the shell's new one. */
	| {type: 'changed-underneath'; revision: number}
	| InstallAction
	| SwitchAction
	| TaskMessages<ToolchainTasks>;

/**
 * Starts with the findings the service kept of this REVISION (revisiting the step shows them without a loading frame;
 * findings from before a change underneath are not shown: they are checked again first).
 */
export function initialToolchainState(latest: ToolchainFindings | undefined, revision = 0): ToolchainState {
	return {
		...(latest ? {findings: latest} : {}),
		work: {kind: 'check', revision},
		offset: 0,
		rows: {total: 0, height: 0},
		requirement: {},
		revision,
	};
}

export function isLoading(state: ToolchainState): boolean {
	return state.findings === undefined && state.failed === undefined;
}

/** The go the `g` hint offers: an installed go newer than the one that runs, before a download. */
function newerGo(findings: ToolchainFindings | undefined) {
	const winner = findings?.discovery.winner;
	const newest = switchChoices(findings?.discovery)[0];
	return newest && winner?.version && newest.realPath !== winner.realPath && newest.version.raw !== winner.version.raw ? newest : undefined;
}

/** The step's keys as data: the handler, the hint row and the help overlay all come from this list. */
export function toolchainBindings(state: ToolchainState): Array<KeyBinding<ToolchainAction>> {
	if (state.install) return installBindings(state.install);
	if (state.switcher) return switchBindings(state.switcher);
	if (isLoading(state)) return [];
	const offer = installReason(state.findings, state.minVersion ?? undefined);
	const newer = newerGo(state.findings);
	return [
		...(state.rows.total > state.rows.height
			? [
					{keys: ['up', 'k'], action: {type: 'scroll', by: -1} as const, hint: 'scroll'},
					{keys: ['down', 'j'], action: {type: 'scroll', by: 1} as const, hint: 'scroll'},
					{keys: ['pageup'], action: {type: 'scroll', by: 'page-up'} as const},
					{keys: ['pagedown', 'space'], action: {type: 'scroll', by: 'page-down'} as const},
					{keys: ['home'], action: {type: 'scroll', by: 'home'} as const},
					{keys: ['end'], action: {type: 'scroll', by: 'end'} as const},
				]
			: []),
		// Short hints: the key row must hold them at 80 columns (the list itself shows u, p and t).
		{keys: ['g'], action: {type: 'switch-open'} as const, hint: newer ? `use ${goName(newer.version)}` : 'switch go'},
		{keys: ['t'], action: {type: 'switch-open', policy: true} as const},
		...(offer ? [{keys: ['i'], action: {type: 'install-open'} as const, hint: 'install Go'}] : []),
		{keys: ['return'], action: {type: 'continue'}, hint: 'continue to the next step'},
	];
}

/** Pure: tested without Ink or go. */
export function toolchainReducer(state: ToolchainState, action: ToolchainAction): ToolchainState {
	switch (action.type) {
		case 'install-open':
			// Only from the findings: a sub-screen does not open over another.
			return state.switcher || isLoading(state) ? state : withInstall(state, installReducer(state.install, action));
		case 'install-move':
		case 'install-pick':
		case 'install-answer':
			return withInstall(state, installReducer(state.install, action));
		case 'install-close': {
			const install = installReducer(state.install, action);
			// After an install the checks run again: they show what go runs now.
			return state.install?.phase === 'done' && install === undefined ? recheck({...state, install}) : withInstall(state, install);
		}
		case 'switch-open':
			return state.install || isLoading(state)
				? state
				: withSwitcher(state, switchReducer(state.switcher, action, switchChoices(state.findings?.discovery)));
		case 'switch-move':
		case 'switch-use':
		case 'switch-pin':
		case 'switch-policy':
		case 'switch-pick':
		case 'switch-answer':
			return withSwitcher(state, switchReducer(state.switcher, action, switchChoices(state.findings?.discovery)));
		case 'switch-close': {
			const switcher = switchReducer(state.switcher, action, []);
			// After a switch, a pin or a policy change the checks run again: they show what go runs now.
			return state.switcher?.phase === 'done' && switcher === undefined ? recheck({...state, switcher}) : withSwitcher(state, switcher);
		}
		case 'layout':
			if (action.total === state.rows.total && action.height === state.rows.height) return state;
			return {...state, rows: {total: action.total, height: action.height}, offset: clampOffset(state.offset, action.total, action.height)};
		case 'changed-underneath': {
			// The team's requirement is read again too (a team profile applied may raise go.minVersion).
			const changed = {...state, revision: action.revision, requirement: {}};
			if (isLoading(state) && state.work?.kind === 'check') return {...changed, work: {kind: 'check', revision: action.revision}};
			return recheck(changed);
		}
		case 'scroll':
			return scroll(state, action.by);
		case 'continue':
			return isLoading(state) ? state : {...state, next: (state.next ?? 0) + 1};
		case 'task-event':
		case 'task-done':
		case 'task-failed':
		case 'task-cancelled':
			return taskMessage(state, action);
	}
}

function taskMessage(state: ToolchainState, message: TaskMessages<ToolchainTasks>): ToolchainState {
	if (isInstallMessage(message)) return withInstall(state, installReducer(state.install, message));
	if (message.task === 'switch') return withSwitcher(state, switchReducer(state.switcher, message, []));
	if (message.task === 'requirement') {
		if (message.type === 'task-event') return state;
		return {
			...state,
			requirement: undefined,
			minVersion: message.type === 'task-done' ? (message.result ?? null) : (state.minVersion ?? null),
		};
	}
	const {work} = state;
	if (work?.kind !== message.task) return state;
	switch (message.type) {
		case 'task-event':
			return state;
		case 'task-cancelled':
			return againIfStale({...state, work: undefined});
		case 'task-failed':
			// A failed refresh or recheck keeps the findings shown; only the first check has nothing to show.
			return againIfStale(
				message.task === 'check' && state.findings === undefined
					? {...state, failed: message.message, work: undefined}
					: {...state, work: undefined},
			);
		case 'task-done':
			if (message.task === 'refresh') {
				// Offline (undefined) or a table no newer than the one used changes nothing.
				const table = message.result;
				const used = state.findings?.support?.table.asOf;
				return table !== undefined && used !== undefined && table.asOf > used
					? {...state, work: {kind: 'recheck', table, revision: state.revision}}
					: againIfStale({...state, work: undefined});
			}
			// The first check goes on to the refresh; a recheck is done.
			return againIfStale({
				...state,
				findings: message.result,
				failed: undefined,
				work: message.task === 'check' ? {kind: 'refresh'} : undefined,
			});
	}
}

/** The state with the sub-screen's new state; the same object when it did not change (a key that does nothing). */
function withInstall(state: ToolchainState, install: InstallUi | undefined): ToolchainState {
	return install === state.install ? state : {...state, install};
}

function withSwitcher(state: ToolchainState, switcher: SwitchUi | undefined): ToolchainState {
	return switcher === state.switcher ? state : {...state, switcher};
}

/** Checks again now, or (while other work runs) once it is done. */
function recheck(state: ToolchainState): ToolchainState {
	if (state.work !== undefined) return {...state, stale: true};
	return {...state, stale: false, work: {kind: 'recheck', table: state.findings?.support?.table, revision: state.revision}};
}

/** Once the work is done, a change that arrived while it ran gets its own check. */
function againIfStale(state: ToolchainState): ToolchainState {
	return state.stale && state.work === undefined ? recheck(state) : state;
}

function scroll(state: ToolchainState, by: Scroll): ToolchainState {
	const {total, height} = state.rows;
	const page = Math.max(1, height - 2);
	const move = by === 'page-up' ? -page : by === 'page-down' ? page : by === 'home' ? -total : by === 'end' ? total : by;
	const offset = clampOffset(clampOffset(state.offset, total, height) + move, total, height);
	return offset === state.offset ? state : {...state, offset};
}

/** The sub-screens' tasks that Esc cancels while they run (an install; a pin goes back through its own Esc binding). */
const CANCEL_ON_ESCAPE: Array<keyof ToolchainTasks & string> = ['install-run'];

/** A change being written (an install, a switch applied): q, Tab and the step keys wait until it is done. */
function applying(state: ToolchainState): boolean {
	if (state.install?.phase === 'installing') return true;
	return state.switcher?.phase === 'busy' && state.switcher.work.kind.endsWith('-run');
}

export const toolchainModel: Model<ToolchainState, ToolchainAction, ToolchainTasks> = {
	reducer: toolchainReducer,
	bindings: toolchainBindings,
	effects: state => {
		const {work, install, switcher} = state;
		return {
			check: work?.kind === 'check' ? work : undefined,
			refresh: work?.kind === 'refresh' ? work : undefined,
			recheck: work?.kind === 'recheck' ? work : undefined,
			requirement: state.requirement,
			'install-releases': install?.phase === 'releases' ? install.input : undefined,
			'install-plan': install?.phase === 'planning' ? install.input : undefined,
			'install-run': install?.phase === 'installing' ? install.plan : undefined,
			switch: switcher?.phase === 'busy' ? switcher.work : undefined,
		};
	},
	pending: state => [...installPending(state.install), ...switchPending(state.switcher)],
	captures: applying,
	// The sub-screens are the step's own: Esc goes back to the findings (or cancels), never to another step.
	claimsEscape: state => state.install !== undefined || state.switcher !== undefined,
	cancelOnEscape: CANCEL_ON_ESCAPE,
	next: state => state.next,
};

/** Why the install is offered (the sub-screen's title), from the state. */
export function offerReason(state: ToolchainState): string | undefined {
	return installReason(state.findings, state.minVersion ?? undefined);
}
