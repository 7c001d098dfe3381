import type {Key} from 'ink';
import type {InitOutcome, TidyOutcome} from '../../../core/module/init-apply.js';
import type {PathVerdict} from '../../../core/module/validate-path.js';
import type {InitPlan} from '../../../core/steps/module.js';
import type {Task} from '../../../core/task.js';
import {clampOffset} from '../../components/scroll-view.js';
import {editText, moveSelection, type TextState} from '../../kit/index.js';
import {isStale, type TaskMessages} from '../../kit/use-task.js';
import type {Model} from '../../kit/use-step.js';
import type {ModuleSnapshot} from '../../services/module.js';
import {moduleBindings} from './module-keys.js';

export type Created = Extract<InitOutcome, {ok: true}>;

/**
 * Where the Module step is. The busy phases (loading, planning, creating, tidying) are what start the work
 * (useTask runs while the view is in one), so a key repeated while busy starts nothing.
 */
export type ModulePhase =
	| {kind: 'loading'}
	| {kind: 'failed'; message: string}
	| {kind: 'found'}
	| {kind: 'menu'}
	| {kind: 'edit'; goRefusal?: string}
	| {kind: 'planning'; modulePath: string}
	| {kind: 'confirm'; plan: InitPlan}
	| {kind: 'creating'; plan: InitPlan}
	| {kind: 'created'; outcome: Created; tidy?: TidyOutcome}
	| {kind: 'tidying'; outcome: Created}
	| {kind: 'demo'; dir: string};

export type ChoiceId = 'create' | 'demo' | 'skip' | 'use';
export type Choice = {id: ChoiceId; label: string};

export type ModuleState = {
	phase: ModulePhase;
	snapshot?: ModuleSnapshot;
	field: TextState;
	selected: number;
	/** The step asked the wizard to go on (an effect calls onNext once). */
	next: boolean;
	/** Something changed underneath (an undo, go.mod removed): the input of the look again (useTask), until it answers. */
	recheck?: object;
	/** The findings and go.mod lines below the main row: how many there are and how many rows the view gives them. */
	info?: {total: number; height: number};
	/** The first of those lines shown: PgUp/PgDn move it while they do not fit. */
	scroll: number;
};

/** The step's work, by id: each runs while its input (effects) is defined. */
export type ModuleTasks = {
	check: Task<object, never, ModuleSnapshot>;
	plan: Task<{modulePath: string}, never, InitPlan>;
	create: Task<InitPlan, never, InitOutcome>;
	tidy: Task<object, never, TidyOutcome>;
	/** A second look after a change underneath (an undo, go.mod removed). */
	recheck: Task<object, never, ModuleSnapshot>;
};

/** Keys reach the reducer through moduleBindings (useStep's withKeys); text() types the rest into the field. */
export type ModuleAction =
	| {type: 'move'; by: number}
	| {type: 'select'}
	| {type: 'continue'}
	| {type: 'back'}
	| {type: 'text'; input: string; key: Key}
	| {type: 'submit'}
	| {type: 'confirm'; yes: boolean}
	| {type: 'tidy'}
	/** The view's layout: how many info lines there are and how many rows they get (PgUp/PgDn exist only while they do not fit). */
	| {type: 'info-window'; total: number; height: number}
	| {type: 'scroll'; by: 'page-up' | 'page-down'}
	/** The journal, the GOENV file or go.mod changed underneath (StepViewProps.revision). */
	| {type: 'changed-underneath'}
	| TaskMessages<ModuleTasks>;

export const initialModuleState: ModuleState = {
	phase: {kind: 'loading'},
	field: {value: '', cursor: 0},
	selected: 0,
	next: false,
	scroll: 0,
};

/** The info lines do not fit their rows: PgUp/PgDn scroll them. */
export function infoScrolls(state: ModuleState): boolean {
	return state.info !== undefined && state.info.total > state.info.height && state.info.height > 0;
}

/** The menu for this directory: work in the parent module, create one, use the demo, or go on without one. */
export function choicesFor(snapshot: ModuleSnapshot | undefined): Choice[] {
	return [
		...(snapshot?.nesting ? [{id: 'use' as const, label: `Work in module ${snapshot.nesting.parentModule} (nothing to create)`}] : []),
		...(snapshot?.refusal
			? []
			: [
					{
						id: 'create' as const,
						label: snapshot?.nesting
							? `Create a separate, nested module in ${snapshot.dir}`
							: `Create go.mod in ${snapshot?.dir ?? '.'} (go mod init)`,
					},
				]),
		...(snapshot?.demoDir ? [{id: 'demo' as const, label: "Use gotune's demo module (loglens) for the Verify step"}] : []),
		{id: 'skip', label: 'Continue without a module'},
	];
}

export type Validate = (modulePath: string, tags: string[]) => PathVerdict;

/**
 * The Module step's reducer: pure (the path check is Go's rules in TypeScript, no go run), so it is tested
 * without Ink or go. Each action is judged in the state the previous one left: "yy" confirms once.
 */
export function moduleReducer(validate: Validate) {
	// Another phase shows other lines: they start at the top again.
	return (state: ModuleState, action: ModuleAction): ModuleState => {
		const next = reduce(state, action);
		return next.phase.kind === state.phase.kind ? next : {...next, scroll: 0};
	};
	function reduce(state: ModuleState, action: ModuleAction): ModuleState {
		const {phase} = state;
		switch (action.type) {
			case 'move':
				if (phase.kind !== 'menu') return state;
				return {...state, selected: moveSelection(state.selected, action.by, choicesFor(state.snapshot).length)};
			case 'select': {
				if (phase.kind !== 'menu') return state;
				const choices = choicesFor(state.snapshot);
				const choice = choices[Math.min(state.selected, choices.length - 1)];
				if (choice?.id === 'create') return {...state, phase: {kind: 'edit'}};
				if (choice?.id === 'demo' && state.snapshot?.demoDir) return {...state, phase: {kind: 'demo', dir: state.snapshot.demoDir}};
				return {...state, next: true};
			}
			case 'continue':
				return ['found', 'demo', 'failed', 'created'].includes(phase.kind) ? {...state, next: true} : state;
			case 'back':
				return phase.kind === 'edit' ? {...state, phase: {kind: 'menu'}} : state;
			case 'text': {
				if (phase.kind !== 'edit') return state;
				const field = editText(state.field, action.input, action.key);
				return field === undefined ? state : {...state, field};
			}
			case 'submit': {
				if (phase.kind !== 'edit') return state;
				const modulePath = state.field.value;
				if (!validate(modulePath, state.snapshot?.tags ?? []).accepted) return state;
				return {...state, phase: {kind: 'planning', modulePath}};
			}
			case 'confirm':
				if (phase.kind !== 'confirm') return state;
				return {...state, phase: action.yes ? {kind: 'creating', plan: phase.plan} : {kind: 'edit'}};
			case 'info-window': {
				const {total, height} = action;
				if (state.info?.total === total && state.info.height === height) return state;
				return {...state, info: {total, height}, scroll: clampOffset(state.scroll, total, height)};
			}
			case 'scroll': {
				if (!infoScrolls(state)) return state;
				const {total, height} = state.info!;
				const page = Math.max(1, height - 2);
				return {...state, scroll: clampOffset(state.scroll + (action.by === 'page-down' ? page : -page), total, height)};
			}
			case 'tidy':
				return phase.kind === 'created' && phase.tidy === undefined ? {...state, phase: {kind: 'tidying', outcome: phase.outcome}} : state;
			case 'changed-underneath':
				// The first check under way starts again (a new phase object is a new input): it may have looked before the
				// change, and no other change may come.
				return busyTask(phase) === 'check' ? {...state, phase: {kind: 'loading'}} : {...state, recheck: {}};
			case 'task-event':
				return state;
			case 'task-cancelled':
				return action.task === 'recheck' ? {...state, recheck: undefined} : state;
			case 'task-failed':
				if (action.task === 'recheck') return {...state, recheck: undefined};
				if (action.task === 'plan' && phase.kind === 'planning') return {...state, phase: {kind: 'edit', goRefusal: action.message}};
				return busyTask(phase) === action.task ? {...state, phase: {kind: 'failed', message: action.message}} : state;
			case 'task-done':
				if (action.task !== 'recheck') return taskDone(state, action);
				// The answer of a recheck that a later change replaced (it came before the replacement started): the
				// later one runs on and answers; taking this one would clear it and keep a stale picture.
				return isStale(action, state.recheck) ? state : rechecked(state, action.result);
		}
	}
}

/** The task a busy phase runs, or undefined. */
export function busyTask(phase: ModulePhase): Exclude<keyof ModuleTasks, 'recheck'> | undefined {
	switch (phase.kind) {
		case 'loading':
			return 'check';
		case 'planning':
			return 'plan';
		case 'creating':
			return 'create';
		case 'tidying':
			return 'tidy';
		default:
			return undefined;
	}
}

/**
 * A second look after a change underneath: the facts are replaced, the user stays where they are, except that a
 * finding or an outcome that is no longer true goes ("✓ Created go.mod" after that go.mod was undone: the menu again).
 */
function rechecked(state: ModuleState, snapshot: ModuleSnapshot): ModuleState {
	const fresh = {...state, snapshot, recheck: undefined};
	const settled = snapshot.hasModule && !snapshot.nesting ? ({kind: 'found'} as const) : ({kind: 'menu'} as const);
	switch (state.phase.kind) {
		case 'found':
		case 'menu':
		case 'failed':
			return {...fresh, phase: settled};
		case 'created':
			return snapshot.hasModule ? fresh : {...fresh, phase: settled};
		default:
			return fresh;
	}
}

function taskDone(state: ModuleState, done: Extract<ModuleAction, {type: 'task-done'}>): ModuleState {
	const {phase} = state;
	// A result for a phase the step has left (it cannot normally happen: useTasks drops it) changes nothing.
	if (busyTask(phase) !== done.task) return state;
	switch (done.task) {
		case 'check': {
			const snapshot = done.result;
			// Inside another module's tree there is a module already, but a nested one may be wanted: ask.
			return {
				...state,
				snapshot,
				field: {value: snapshot.suggestion?.path ?? '', cursor: snapshot.suggestion?.path.length ?? 0},
				phase: snapshot.hasModule && !snapshot.nesting ? {kind: 'found'} : {kind: 'menu'},
			};
		}
		case 'plan': {
			const plan = done.result;
			return {...state, phase: plan.blocked ? {kind: 'edit', goRefusal: plan.blocked.message} : {kind: 'confirm', plan}};
		}
		case 'create': {
			const outcome = done.result;
			return {...state, phase: outcome.ok ? {kind: 'created', outcome} : {kind: 'edit', goRefusal: outcome.goMessage}};
		}
		case 'tidy':
			return phase.kind === 'tidying' ? {...state, phase: {kind: 'created', outcome: phase.outcome, tidy: done.result}} : state;
		default:
			return state;
	}
}

/** What the shell should count as staged-but-unwritten: the go.mod go has agreed to but the user has not confirmed. */
export function pendingFor(phase: ModulePhase): Array<{target: string; summary: string}> {
	if (phase.kind !== 'confirm' && phase.kind !== 'creating') return [];
	return [{target: 'go.mod', summary: `go mod init ${phase.plan.modulePath} in ${phase.plan.dir}`}];
}

/** The text field and the y/N question own q, Esc and Tab. */
export function capturesKeys(phase: ModulePhase): boolean {
	return phase.kind === 'edit' || phase.kind === 'confirm';
}

/** The step as a model for useStep: VALIDATE is Go's module path rules in TypeScript (no go run). */
export function moduleModel(validate: Validate): Model<ModuleState, ModuleAction, ModuleTasks> {
	return {
		reducer: moduleReducer(validate),
		bindings: state => moduleBindings(state.phase, infoScrolls(state)),
		effects: ({phase, recheck}) => ({
			check: phase.kind === 'loading' ? phase : undefined,
			plan: phase.kind === 'planning' ? phase : undefined,
			create: phase.kind === 'creating' ? phase.plan : undefined,
			tidy: phase.kind === 'tidying' ? phase : undefined,
			recheck,
		}),
		pending: state => pendingFor(state.phase),
		// Keys no binding takes are typed into the field.
		text: (state, input, key) => (state.phase.kind === 'edit' ? {type: 'text', input, key} : undefined),
		typing: state => state.phase.kind === 'edit',
		captures: state => capturesKeys(state.phase),
		next: state => state.next,
	};
}
