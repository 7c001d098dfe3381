import type {Key} from 'ink';
import type {ReleaseTable} from '../../../core/releases.js';
import type {ToolchainFindings} from '../../../core/steps/toolchain.js';
import {clampOffset} from '../../components/scroll-view.js';
import {matchBinding, type KeyBinding, type TaskMessage} from '../../kit/index.js';
import {installBindings, installReason, installReducer, isInstallTask, type InstallKeyAction, type InstallUi} from './install-state.js';
import {goName, isSwitchTask, switchBindings, switchChoices, switchReducer, type SwitchKeyAction, type SwitchUi} from './switch-state.js';

/**
 * Work the step runs, one at a time, each started from state by useTask: the checks, then a background refresh
 * of the release table, then (only for a newer table) the checks again. The installgo work adds its install
 * here as another kind, started by an action from the list in toolchainBindings.
 */
export type ToolchainWork = {kind: 'check'} | {kind: 'refresh'} | {kind: 'recheck'; table?: ReleaseTable};

export type ToolchainState = {
	findings?: ToolchainFindings;
	failed?: string;
	work?: ToolchainWork;
	/** First row shown of the findings. */
	offset: number;
	/** The step asked the wizard to go on (an effect calls onNext once). */
	next: boolean;
	/** The install action while it is open (install-state.ts). */
	install?: InstallUi;
	/** The go commands list with its cursor (use, pin) and the GOTOOLCHAIN policy, while open (switch-state.ts). */
	switcher?: SwitchUi;
	/** The team profile's go.minVersion: undefined until read, null without a profile. */
	minVersion?: string | null;
	/** Something changed underneath while a check ran: check again once it is done (issue 19, never stale). */
	stale?: boolean;
};

/** What a key does: scroll by rows (or to an end), or go on. Installgo adds its action here. */
export type ToolchainKeyAction =
	{type: 'scroll'; by: number | 'page-up' | 'page-down' | 'home' | 'end'} | {type: 'continue'} | InstallKeyAction | SwitchKeyAction;

export type ToolchainAction =
	/** A key, with the rows the view shows, so scrolling is clamped to the content. */
	| {type: 'key'; input: string; key: Key; rows: {total: number; height: number}}
	| ToolchainKeyAction
	| {type: 'requirement'; minVersion: string | null}
	/** The settings, the journal or go.mod changed underneath (StepViewProps.revision): check again. */
	| {type: 'changed-underneath'}
	| TaskMessage<unknown, unknown>;

/** Starts with the last findings the service kept (revisiting the step shows them without a loading frame). */
export function initialToolchainState(latest: ToolchainFindings | undefined): ToolchainState {
	return {...(latest ? {findings: latest} : {}), work: {kind: 'check'}, offset: 0, next: false};
}

export function isLoading(state: ToolchainState): boolean {
	return state.findings === undefined && state.failed === undefined;
}

/** The step's keys as data: the handler and the hint row both come from this list. */
export function toolchainBindings(state: ToolchainState, scrolls: boolean): Array<KeyBinding<ToolchainKeyAction>> {
	if (isLoading(state)) return [];
	if (state.install) return installBindings(state.install);
	if (state.switcher) return switchBindings(state.switcher);
	const offer = installReason(state.findings, state.minVersion ?? undefined);
	// An installed go newer than the one that runs is offered before a download.
	const winner = state.findings?.discovery.winner;
	const newest = switchChoices(state.findings?.discovery)[0];
	const newer =
		newest && winner?.version && newest.realPath !== winner.realPath && newest.version.raw !== winner.version.raw ? newest : undefined;
	return [
		...(scrolls
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
		case 'key': {
			const {total, height} = action.rows;
			const binding = matchBinding(toolchainBindings(state, total > height), action.input, action.key);
			if (binding === undefined) return state;
			if (binding.action.type !== 'scroll') return toolchainReducer(state, binding.action);
			return scroll(state, binding.action.by, total, height);
		}
		case 'install-open':
		case 'install-move':
		case 'install-pick':
		case 'install-answer':
			return {...state, install: installReducer(state.install, action)};
		case 'install-close': {
			const closing = state.install?.phase === 'done';
			const install = installReducer(state.install, action);
			// After an install the checks run again, against the table they used.
			const recheck =
				closing && install === undefined && state.work === undefined && state.findings?.support
					? {work: {kind: 'recheck' as const, table: state.findings.support.table}}
					: {};
			return {...state, install, ...recheck};
		}
		case 'switch-open':
		case 'switch-move':
		case 'switch-use':
		case 'switch-pin':
		case 'switch-policy':
		case 'switch-pick':
		case 'switch-answer':
			return {...state, switcher: switchReducer(state.switcher, action, switchChoices(state.findings?.discovery))};
		case 'switch-close': {
			const closing = state.switcher?.phase === 'done';
			const switcher = switchReducer(state.switcher, action, []);
			// After a switch, a pin or a policy change the checks run again: they show what go runs now.
			const recheck =
				closing && switcher === undefined && state.work === undefined && state.findings?.support
					? {work: {kind: 'recheck' as const, table: state.findings.support.table}}
					: {};
			return {...state, switcher, ...recheck};
		}
		case 'requirement':
			return {...state, minVersion: action.minVersion};
		case 'changed-underneath':
			if (isLoading(state)) return {...state, stale: true};
			return state.work === undefined
				? {...state, work: {kind: 'recheck', table: state.findings?.support?.table}}
				: {...state, stale: true};
		case 'scroll':
			// Scrolling needs the view's rows: it arrives as a key (above).
			return state;
		case 'continue':
			return isLoading(state) ? state : {...state, next: true};
		case 'task-event':
			if (isSwitchTask(action.task)) return {...state, switcher: switchReducer(state.switcher, action, [])};
			return isInstallTask(action.task) ? {...state, install: installReducer(state.install, action)} : state;
		case 'task-cancelled':
			if (isSwitchTask(action.task)) return {...state, switcher: switchReducer(state.switcher, action, [])};
			if (isInstallTask(action.task)) return {...state, install: installReducer(state.install, action)};
			return state.work?.kind === action.task ? {...state, work: undefined} : state;
		case 'task-failed':
			if (isSwitchTask(action.task)) return {...state, switcher: switchReducer(state.switcher, action, [])};
			if (isInstallTask(action.task)) return {...state, install: installReducer(state.install, action)};
			if (state.work?.kind !== action.task) return state;
			// A failed refresh or recheck keeps the findings shown; only the first check has nothing to show.
			return action.task === 'check' ? {...state, failed: action.message, work: undefined} : {...state, work: undefined};
		case 'task-done':
			if (isSwitchTask(action.task)) return {...state, switcher: switchReducer(state.switcher, action, [])};
			if (isInstallTask(action.task)) return {...state, install: installReducer(state.install, action)};
			return againIfStale(taskDone(state, action.task, action.result as ToolchainFindings | ReleaseTable | undefined));
	}
}

function scroll(
	state: ToolchainState,
	by: number | 'page-up' | 'page-down' | 'home' | 'end',
	total: number,
	height: number,
): ToolchainState {
	const page = Math.max(1, height - 2);
	const move = by === 'page-up' ? -page : by === 'page-down' ? page : by === 'home' ? -total : by === 'end' ? total : by;
	const offset = clampOffset(clampOffset(state.offset, total, height) + move, total, height);
	return offset === state.offset ? state : {...state, offset};
}

/** Once the work is done, a change that arrived while it ran gets its own check. */
function againIfStale(state: ToolchainState): ToolchainState {
	if (!state.stale || state.work !== undefined) return state;
	return {...state, stale: false, work: {kind: 'recheck', table: state.findings?.support?.table}};
}

function taskDone(state: ToolchainState, task: string, result: ToolchainFindings | ReleaseTable | undefined): ToolchainState {
	const work = state.work;
	if (work?.kind !== task) return state;
	if (work.kind === 'check') return {...state, findings: result as ToolchainFindings, failed: undefined, work: {kind: 'refresh'}};
	if (work.kind === 'refresh') {
		// Offline (undefined) or a table no newer than the one used changes nothing.
		const table = result as ReleaseTable | undefined;
		const used = state.findings?.support?.table.asOf;
		return table !== undefined && used !== undefined && table.asOf > used
			? {...state, work: {kind: 'recheck', table}}
			: {...state, work: undefined};
	}
	return {...state, findings: result as ToolchainFindings, work: undefined};
}
