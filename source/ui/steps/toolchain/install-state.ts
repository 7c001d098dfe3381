import type {InstallEvent} from '../../../core/install/events.js';
import type {InstallPlan, InstallResult} from '../../../core/install/install.js';
import type {ToolchainFindings} from '../../../core/steps/toolchain.js';
import {compareGoVersions, parseLanguageVersion} from '../../../core/version.js';
import {moveSelection, type KeyBinding} from '../../kit/index.js';
import type {ReleaseChoice} from '../../services/install.js';

/**
 * The Toolchain step's install action, as reducer state: read the release list, pick one, see the plan, confirm,
 * watch it download and extract, see the result. Each busy phase holds the input its task runs from (useTask).
 */
export type InstallUi =
	| {phase: 'releases'; input: object}
	| {phase: 'choose'; choices: ReleaseChoice[]; selected: number}
	| {phase: 'planning'; input: {version: string}}
	| {phase: 'confirm'; plan: InstallPlan}
	/** startedAt: when the current kind of event (download, extract) began; at: the latest event's time (both from the task). */
	| {phase: 'installing'; plan: InstallPlan; event?: InstallEvent; startedAt?: number; at?: number}
	| {phase: 'done'; plan: InstallPlan; result: InstallResult}
	| {phase: 'failed'; message: string};

export type InstallKeyAction =
	| {type: 'install-open'}
	| {type: 'install-move'; by: number}
	| {type: 'install-pick'}
	| {type: 'install-answer'; yes: boolean}
	| {type: 'install-close'};

/** Task ids of the install work, as useTask reports them. */
export const INSTALL_TASKS = ['install-releases', 'install-plan', 'install-run'] as const;

/**
 * Why the step offers an install: go is missing, gets no security fixes, or is older than the team profile's
 * go.minVersion. Undefined when none of these holds (the action is then not offered).
 */
export function installReason(findings: ToolchainFindings | undefined, minVersion: string | undefined): string | undefined {
	if (findings === undefined) return undefined;
	const winner = findings.discovery.winner;
	if (winner === undefined) return 'no go command on PATH';
	if (minVersion !== undefined && winner.version !== undefined) {
		const wanted = parseLanguageVersion(minVersion.replace(/^go/, ''));
		if (wanted !== undefined && compareGoVersions(winner.version, wanted) < 0)
			return `the team profile needs Go >= ${minVersion.replace(/^go/, '')}, this is ${winner.version.raw}`;
	}
	if (findings.support?.status === 'unsupported') return `${winner.version?.raw ?? 'this go'} gets no security fixes`;
	return undefined;
}

export function installBindings(install: InstallUi): Array<KeyBinding<InstallKeyAction>> {
	switch (install.phase) {
		case 'choose':
			return [
				{keys: ['up', 'k'], action: {type: 'install-move', by: -1}, hint: 'choose'},
				{keys: ['down', 'j'], action: {type: 'install-move', by: 1}, hint: 'choose'},
				{keys: ['return'], action: {type: 'install-pick'}, hint: 'see the plan'},
				{keys: ['escape'], action: {type: 'install-close'}, hint: 'back'},
			];
		case 'done':
		case 'failed':
			return [{keys: ['return', 'escape'], action: {type: 'install-close'}, hint: 'back to the findings'}];
		case 'releases':
		case 'planning':
			return [{keys: ['escape'], action: {type: 'install-close'}, hint: 'back'}];
		// confirm: the Confirmation's own y/N keys; installing: Esc cancels the task (useTask).
		default:
			return [];
	}
}

/** Pure: the install part of the step's state. */
export function installReducer(
	install: InstallUi | undefined,
	action:
		| InstallKeyAction
		| {type: 'task-event'; task: string; event: unknown; at?: number}
		| {type: 'task-done'; task: string; result: unknown}
		| {type: 'task-failed'; task: string; message: string}
		| {type: 'task-cancelled'; task: string},
): InstallUi | undefined {
	switch (action.type) {
		case 'install-open':
			return install ?? {phase: 'releases', input: {}};
		case 'install-close':
			return install?.phase === 'installing' || install?.phase === 'confirm' ? install : undefined;
		case 'install-move':
			return install?.phase === 'choose'
				? {...install, selected: moveSelection(install.selected, action.by, install.choices.length)}
				: install;
		case 'install-pick': {
			if (install?.phase !== 'choose') return install;
			const choice = install.choices[install.selected];
			return choice ? {phase: 'planning', input: {version: choice.version}} : install;
		}
		case 'install-answer':
			if (install?.phase !== 'confirm') return install;
			return action.yes ? {phase: 'installing', plan: install.plan} : undefined;
		case 'task-event': {
			if (install?.phase !== 'installing' || action.task !== 'install-run') return install;
			const event = action.event as InstallEvent;
			const at = action.at ?? 0;
			// A new kind of event (the download ends, extracting starts) restarts the clock for the rate and the ETA.
			const startedAt = install.event?.kind === event.kind ? (install.startedAt ?? at) : at;
			return {...install, event, startedAt, at};
		}
		case 'task-done':
			if (install?.phase === 'releases' && action.task === 'install-releases') {
				const choices = action.result as ReleaseChoice[];
				return choices.length > 0
					? {phase: 'choose', choices, selected: 0}
					: {phase: 'failed', message: 'the release index lists no stable release'};
			}
			if (install?.phase === 'planning' && action.task === 'install-plan') return {phase: 'confirm', plan: action.result as InstallPlan};
			if (install?.phase === 'installing' && action.task === 'install-run')
				return {phase: 'done', plan: install.plan, result: action.result as InstallResult};
			return install;
		case 'task-failed':
			return install !== undefined && isInstallTask(action.task) ? {phase: 'failed', message: action.message} : install;
		case 'task-cancelled':
			return install?.phase === 'installing' && action.task === 'install-run'
				? {phase: 'failed', message: 'Cancelled: nothing was installed, any step already taken was undone.'}
				: install;
	}
}

export function isInstallTask(task: string): boolean {
	return (INSTALL_TASKS as readonly string[]).includes(task);
}
