import type {PinEvent} from '../../../core/switch/pin.js';
import type {Task} from '../../../core/task.js';
import {pinProgress, type PinProgress} from '../../../core/switch/pin-progress.js';
import type {Discovery, FoundGo} from '../../../core/toolchain.js';
import {compareGoVersions, type GoVersion} from '../../../core/version.js';
import {confirmationBindings, moveSelection, type KeyBinding} from '../../kit/index.js';
import type {TaskMessages} from '../../kit/use-task.js';
import type {SwitchOutcome, SwitchWork} from '../../services/switch.js';
import {confirmRows, doneRows, type Rows} from './switch-lines.js';

/**
 * The Toolchain step's switch sub-screen, as a pure sub-reducer of the step's model (model.ts): the go commands found, with a cursor (u puts the selected one
 * first on PATH, p pins the project to its version), and the GOTOOLCHAIN policy screen (t). Every change is planned,
 * shown, confirmed, then applied through the journal and proven with the real go; `busy` holds the work useTask runs.
 */
export type SwitchUi =
	| {phase: 'choose'; selected: number}
	| {phase: 'busy'; work: SwitchWork; back: SwitchUi; progress?: PinProgress}
	| {phase: 'policy'; outcome: Extract<SwitchOutcome, {kind: 'policy-view'}>; selected: number}
	| {phase: 'confirm'; rows: Rows; question: string; yes: string; next: SwitchWork; back: SwitchUi}
	| {phase: 'done'; rows: Rows; ok: boolean}
	| {phase: 'failed'; message: string};

export type SwitchAction =
	| {type: 'switch-open'; policy?: boolean}
	| {type: 'switch-move'; by: number}
	| {type: 'switch-use'}
	| {type: 'switch-pin'}
	| {type: 'switch-policy'}
	| {type: 'switch-pick'}
	| {type: 'switch-answer'; yes: boolean}
	| {type: 'switch-close'};

/** Every switch work (plan, run, the policy view) is one task, its input the work to do; only a pin reports progress. */
export type SwitchTasks = {switch: Task<SwitchWork, PinEvent, SwitchOutcome>};

/** The go commands gotune can switch to (they answer `go version`), newest first: the order of the cursor's list. */
export function switchChoices(discovery: Discovery | undefined): Array<FoundGo & {version: GoVersion}> {
	return (discovery?.all ?? [])
		.filter((go): go is FoundGo & {version: GoVersion} => go.version !== undefined)
		.sort((a, b) => compareGoVersions(b.version, a.version));
}

/** go1.27.3 of "go1.27.3 X:foo": the first word of a version. */
export function goName(version: GoVersion): string {
	return version.raw.split(/\s+/)[0] ?? version.raw;
}

export function switchBindings(ui: SwitchUi): Array<KeyBinding<SwitchAction>> {
	const back = {keys: ['escape'], action: {type: 'switch-close'} as const, hint: 'back'};
	switch (ui.phase) {
		case 'choose':
			return [
				{keys: ['up', 'k'], action: {type: 'switch-move', by: -1}, hint: 'choose'},
				{keys: ['down', 'j'], action: {type: 'switch-move', by: 1}, hint: 'choose'},
				{keys: ['u'], action: {type: 'switch-use'}, hint: 'use'},
				{keys: ['p'], action: {type: 'switch-pin'}, hint: 'pin project'},
				{keys: ['t'], action: {type: 'switch-policy'}, hint: 'GOTOOLCHAIN'},
				back,
			];
		case 'policy':
			return [
				{keys: ['up', 'k'], action: {type: 'switch-move', by: -1}, hint: 'choose'},
				{keys: ['down', 'j'], action: {type: 'switch-move', by: 1}, hint: 'choose'},
				{keys: ['return', 's'], action: {type: 'switch-pick'}, hint: 'set it in the GOENV file'},
				back,
			];
		case 'done':
		case 'failed':
			return [{keys: ['return', 'escape'], action: {type: 'switch-close'}, hint: 'back to the findings'}];
		case 'busy':
			// A change being applied finishes first (a pin excepted: Esc cancels it and go.mod is put back).
			if (ui.work.kind === 'pin-run') return [{...back, hint: 'cancel (go.mod is put back)'}];
			return ui.work.kind.endsWith('-run') ? [] : [back];
		case 'confirm':
			// The kit's y/N: y applies; n, Esc and Enter go back (the safe default).
			return confirmationBindings(ui.yes, 'back').map(binding => ({
				...binding,
				action: {type: 'switch-answer', yes: binding.action === 'yes'},
			}));
	}
}

type Message = SwitchAction | TaskMessages<SwitchTasks>;

/** Pure: the switch part of the step's state. CHOICES is the list the cursor moves over. */
export function switchReducer(ui: SwitchUi | undefined, action: Message, choices: ReturnType<typeof switchChoices>): SwitchUi | undefined {
	switch (action.type) {
		case 'switch-open':
			if (ui !== undefined) return ui;
			return action.policy ? busy({kind: 'policy-view'}, {phase: 'choose', selected: 0}) : {phase: 'choose', selected: 0};
		case 'switch-close':
			// A change being applied finishes first (a pin excepted: Esc cancels it and go.mod is put back); a question is answered with n.
			if (ui?.phase === 'busy' && ui.work.kind.endsWith('-run') && ui.work.kind !== 'pin-run') return ui;
			if (ui?.phase === 'confirm') return ui;
			if (ui?.phase === 'busy' || ui?.phase === 'policy') return ui.phase === 'busy' ? ui.back : {phase: 'choose', selected: 0};
			return undefined;
		case 'switch-move':
			if (ui?.phase === 'choose') return {...ui, selected: moveSelection(ui.selected, action.by, choices.length)};
			if (ui?.phase === 'policy') return {...ui, selected: moveSelection(ui.selected, action.by, ui.outcome.view.options.length)};
			return ui;
		case 'switch-use':
		case 'switch-pin': {
			if (ui?.phase !== 'choose') return ui;
			const go = choices[ui.selected];
			if (go === undefined) return ui;
			return busy(action.type === 'switch-use' ? {kind: 'use-plan', what: go.path} : {kind: 'pin-plan', spec: goName(go.version)}, ui);
		}
		case 'switch-policy':
			return ui?.phase === 'choose' ? busy({kind: 'policy-view'}, ui) : ui;
		case 'switch-pick': {
			if (ui?.phase !== 'policy') return ui;
			const option = ui.outcome.view.options[ui.selected];
			return option ? busy({kind: 'policy-plan', value: option.value}, ui) : ui;
		}
		case 'switch-answer':
			if (ui?.phase !== 'confirm') return ui;
			return action.yes ? busy(ui.next, ui.back) : ui.back;
		case 'task-event':
			// A pin's go lines and download bytes (the other work reports nothing).
			return ui?.phase === 'busy' ? {...ui, progress: pinProgress(ui.progress, action.event)} : ui;
		case 'task-done':
			return ui?.phase === 'busy' ? afterWork(ui, action.result) : ui;
		case 'task-failed':
			return ui?.phase === 'busy' ? {phase: 'failed', message: action.message} : ui;
		case 'task-cancelled':
			return ui?.phase === 'busy' ? ui.back : ui;
	}
}

function busy(work: SwitchWork, back: SwitchUi): SwitchUi {
	return {phase: 'busy', work, back};
}

/** A plan becomes a question; a view becomes the policy list; a run becomes its proof. */
function afterWork(ui: Extract<SwitchUi, {phase: 'busy'}>, outcome: SwitchOutcome): SwitchUi {
	switch (outcome.kind) {
		case 'policy-view': {
			const current = outcome.view.options.findIndex(o => o.value === outcome.view.value);
			return {phase: 'policy', outcome, selected: Math.max(0, current)};
		}
		case 'use-plan':
			if (outcome.plan.already) return busy({kind: 'use-run', plan: outcome.plan}, ui.back);
			return {...confirmRows(outcome), next: {kind: 'use-run', plan: outcome.plan}, back: ui.back, phase: 'confirm'};
		case 'pin-plan':
			return {...confirmRows(outcome), next: {kind: 'pin-run', plan: outcome.plan}, back: ui.back, phase: 'confirm'};
		case 'policy-plan':
			if (outcome.planned.unchanged) return busy({kind: 'policy-run', value: outcome.value, view: outcome.view}, ui.back);
			return {
				...confirmRows(outcome),
				next: {kind: 'policy-run', value: outcome.value, view: outcome.view},
				back: ui.back,
				phase: 'confirm',
			};
		default:
			return {phase: 'done', ...doneRows(outcome)};
	}
}

/** A change that is planned and asked about but not applied: `q` asks before dropping it. */
export function switchPending(ui: SwitchUi | undefined): Array<{target: string; summary: string}> {
	if (ui?.phase !== 'confirm') return [];
	const target = ui.next.kind === 'use-run' ? 'the PATH block' : ui.next.kind === 'pin-run' ? 'go.mod' : 'GOTOOLCHAIN in the GOENV file';
	return [{target, summary: ui.question}];
}
