import type {InstallEvent} from '../../../core/install/events.js';
import type {InstallPlan, InstallResult} from '../../../core/install/install.js';
import type {ToolchainFindings} from '../../../core/steps/toolchain.js';
import type {Task} from '../../../core/task.js';
import {compareGoVersions, parseLanguageVersion} from '../../../core/version.js';
import {confirmationBindings, moveSelection, type KeyBinding} from '../../kit/index.js';
import type {TaskMessages} from '../../kit/use-task.js';
import type {ReleaseChoice} from '../../services/install.js';

/**
 * The Toolchain step's install sub-screen, as a pure sub-reducer of the step's model (model.ts): read the release
 * list, pick one, see the plan, confirm, watch it download and extract, see the result. Each busy phase holds the
 * input its task runs from (effects).
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

export type InstallAction =
	| {type: 'install-open'}
	| {type: 'install-move'; by: number}
	| {type: 'install-pick'}
	| {type: 'install-answer'; yes: boolean}
	| {type: 'install-close'};

/** The install's work, by id; install-run goes through the journal (one change set) and Esc cancels it. */
export type InstallTasks = {
	'install-releases': Task<object, InstallEvent, ReleaseChoice[]>;
	'install-plan': Task<{version: string}, InstallEvent, InstallPlan>;
	'install-run': Task<InstallPlan, InstallEvent, InstallResult>;
};

const INSTALL_TASKS = new Set<string>(['install-releases', 'install-plan', 'install-run'] satisfies Array<keyof InstallTasks>);

export function isInstallMessage<M extends {task: string}>(message: M): message is Extract<M, {task: keyof InstallTasks}> {
	return INSTALL_TASKS.has(message.task);
}

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

const BACK: KeyBinding<InstallAction> = {keys: ['escape'], action: {type: 'install-close'}, hint: 'back'};

/** The keys in each phase; installing has none of its own (Esc cancels the task: the model's cancelOnEscape). */
export function installBindings(install: InstallUi): Array<KeyBinding<InstallAction>> {
	switch (install.phase) {
		case 'choose':
			return [
				{keys: ['up', 'k'], action: {type: 'install-move', by: -1}, hint: 'choose'},
				{keys: ['down', 'j'], action: {type: 'install-move', by: 1}, hint: 'choose'},
				{keys: ['return'], action: {type: 'install-pick'}, hint: 'see the plan'},
				BACK,
			];
		case 'done':
		case 'failed':
			return [{keys: ['return', 'escape'], action: {type: 'install-close'}, hint: 'back to the findings'}];
		case 'releases':
		case 'planning':
			return [BACK];
		case 'confirm':
			// The kit's y/N: y installs; n, Esc and Enter go back (the safe default).
			return confirmationBindings('download and install', 'back').map(binding => ({
				...binding,
				action: {type: 'install-answer', yes: binding.action === 'yes'},
			}));
		case 'installing':
			return [];
	}
}

/** Pure: the install sub-screen after ACTION; undefined when it is closed. */
export function installReducer(install: InstallUi | undefined, action: InstallAction | TaskMessages<InstallTasks>): InstallUi | undefined {
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
			const {event} = action;
			const at = action.at ?? 0;
			// A new kind of event (the download ends, extracting starts) restarts the clock for the rate and the ETA.
			const startedAt = install.event?.kind === event.kind ? (install.startedAt ?? at) : at;
			return {...install, event, startedAt, at};
		}
		case 'task-done':
			if (install?.phase === 'releases' && action.task === 'install-releases')
				return action.result.length > 0
					? {phase: 'choose', choices: action.result, selected: 0}
					: {phase: 'failed', message: 'the release index lists no stable release'};
			if (install?.phase === 'planning' && action.task === 'install-plan') return {phase: 'confirm', plan: action.result};
			if (install?.phase === 'installing' && action.task === 'install-run')
				return {phase: 'done', plan: install.plan, result: action.result};
			return install;
		case 'task-failed':
			return install === undefined ? install : {phase: 'failed', message: action.message};
		case 'task-cancelled':
			return install?.phase === 'installing' && action.task === 'install-run'
				? {phase: 'failed', message: 'Cancelled: nothing was installed, any step already taken was undone.'}
				: install;
	}
}

/** The install that is staged (planned, asked) but not run: `q` asks before dropping it. */
export function installPending(install: InstallUi | undefined): Array<{target: string; summary: string}> {
	if (install?.phase !== 'confirm') return [];
	const {plan} = install;
	return [
		{
			target: `${plan.prefix}${plan.startup ? ` and the PATH block in ${plan.startup.file}` : ''}`,
			summary: `install ${plan.release.version}`,
		},
	];
}
