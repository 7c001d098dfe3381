import {passwordProblem, type FixKind} from '../../core/access/fixes.js';
import type {Task} from '../../core/task.js';
import type {KeyBinding} from '../kit/bindings.js';
import {editText, type TextState} from '../kit/text-edit.js';
import type {Model} from '../kit/use-step.js';
import type {FixOutcome, FixPreview, StagedFix} from '../services/access-fix.js';
import type {AccessRow} from '../services/team-profile.js';

type Offered = Extract<FixPreview, {offered: true}>;
type StageInput = {env: Record<string, string>; host: string; kind: FixKind; user?: string; password?: string};

/**
 * The fix of one failing host, applied in the wizard. The password lives in the state only while it is typed and
 * while the fix is planned with it (the stage task's input); the planned fix stays in the service under a token, and
 * from then on the state holds only the masked lines.
 */
export type AccessFixScreen =
	| {kind: 'choose'; hosts: string[]; cursor: number}
	/** INPUT: the preview task's input, made once here (useTasks starts a task again for a new input object). */
	| {kind: 'preview'; host: string; input: {env: Record<string, string>; host: string}}
	| {kind: 'not-offered'; host: string; why: string}
	| {kind: 'user'; preview: Offered; user: TextState; problem?: string}
	| {kind: 'password'; preview: Offered; user: string; password: TextState; problem?: string}
	| {kind: 'staging'; preview: Offered; input: StageInput}
	| {kind: 'confirm'; staged: StagedFix}
	| {kind: 'applying'; staged: StagedFix}
	| {kind: 'done'; staged: StagedFix; outcome: FixOutcome}
	| {kind: 'declined'; token: string}
	| {kind: 'failed'; title: string; message: string};

export type AccessFixState = {
	/** The team profile's env (its private patterns): the host is checked again as the onboarding checked it. */
	env: Record<string, string>;
	screen: AccessFixScreen;
	/** The host's row after the fix (checked again), for the onboarding's Private modules section. */
	row?: AccessRow;
	closed: boolean;
};

export type AccessFixAction =
	{type: 'move'; by: number} | {type: 'enter'} | {type: 'edit'; field: TextState} | {type: 'yes'} | {type: 'no'} | {type: 'close'};

export type AccessFixTasks = {
	preview: Task<{env: Record<string, string>; host: string}, never, FixPreview>;
	stage: Task<StageInput, never, StagedFix | FixPreview>;
	apply: Task<string, never, FixOutcome>;
	forget: Task<string, never, void>;
};

const previewOf = (env: Record<string, string>, host: string) => ({kind: 'preview' as const, host, input: {env, host}});

/** HOSTS: the failing hosts that have a fix; with one, its fix at once, else a choice. */
export const initialAccessFixState = (env: Record<string, string>, hosts: string[]): AccessFixState => ({
	env,
	screen: hosts.length === 1 ? previewOf(env, hosts[0]!) : {kind: 'choose', hosts, cursor: 0},
	closed: false,
});

const USER_PATTERN = /^[^\s#]+$/;

function onEnter(state: AccessFixState): AccessFixState {
	const {screen} = state;
	switch (screen.kind) {
		case 'choose': {
			const host = screen.hosts[screen.cursor];
			return host === undefined ? state : {...state, screen: previewOf(state.env, host)};
		}
		case 'user': {
			const user = screen.user.value;
			if (!USER_PATTERN.test(user)) return {...state, screen: {...screen, problem: 'a user name without spaces or #'}};
			return {...state, screen: {kind: 'password', preview: screen.preview, user, password: {value: '', cursor: 0}}};
		}
		case 'password': {
			const problem = passwordProblem(screen.preview.kind, screen.password.value);
			// The problem never quotes the value: it is the secret.
			if (problem) return {...state, screen: {...screen, password: {value: '', cursor: 0}, problem}};
			const {host, kind} = screen.preview;
			const input = {env: state.env, host, kind, user: screen.user, password: screen.password.value};
			return {...state, screen: {kind: 'staging', preview: screen.preview, input}};
		}
		case 'confirm':
			// y/N: Enter is No.
			return {...state, screen: {kind: 'declined', token: screen.staged.token}};
		case 'not-offered':
		case 'failed':
		case 'done':
			return {...state, closed: true};
		default:
			return state;
	}
}

function onKey(state: AccessFixState, action: AccessFixAction): AccessFixState {
	const {screen} = state;
	switch (action.type) {
		case 'move':
			return screen.kind === 'choose'
				? {...state, screen: {...screen, cursor: Math.max(0, Math.min(screen.hosts.length - 1, screen.cursor + action.by))}}
				: state;
		case 'edit':
			if (screen.kind === 'user') return {...state, screen: {kind: 'user', preview: screen.preview, user: action.field}};
			if (screen.kind === 'password') return {...state, screen: {...screen, password: action.field, problem: undefined}};
			return state;
		case 'enter':
			return onEnter(state);
		case 'yes':
			return screen.kind === 'confirm' ? {...state, screen: {kind: 'applying', staged: screen.staged}} : state;
		case 'no':
			return screen.kind === 'confirm' ? {...state, screen: {kind: 'declined', token: screen.staged.token}} : state;
		case 'close':
			return {...state, closed: true};
	}
}

/**
 * `f` on a failing host in the onboarding, as a pure model: the fix that reaches the failing request (what it changes,
 * which part of go/git it serves), the user name and the password (masked) when it needs them, y/N, applied through
 * the journal as one change set, then the host checked again and its module downloaded with the real go.
 */
export const accessFixModel: Model<AccessFixState, AccessFixAction, AccessFixTasks> = {
	bindings: ({screen}) => {
		const close: KeyBinding<AccessFixAction> = {keys: ['escape'], action: {type: 'close'}, hint: 'back'};
		switch (screen.kind) {
			case 'choose':
				return [
					{keys: ['up'], action: {type: 'move', by: -1}, hint: 'choose'},
					{keys: ['down'], action: {type: 'move', by: 1}, hint: 'choose'},
					{keys: ['return'], action: {type: 'enter'}, hint: 'fix'},
					close,
				] satisfies Array<KeyBinding<AccessFixAction>>;
			case 'user':
			case 'password':
				return [{keys: ['return'], action: {type: 'enter'}, hint: 'next'}, close];
			case 'confirm':
				return [
					{keys: ['y', 'Y'], action: {type: 'yes'}, hint: 'apply'},
					{keys: ['n', 'N', 'return', 'escape'], action: {type: 'no'}, hint: 'no'},
				];
			case 'not-offered':
			case 'failed':
			case 'done':
				return [{keys: ['return', 'escape'], action: {type: 'enter'}, hint: 'back'}];
			case 'preview':
				return [close];
			default:
				return [];
		}
	},
	text: ({screen}, input, key) => {
		if (screen.kind !== 'user' && screen.kind !== 'password') return undefined;
		const field = editText(screen.kind === 'user' ? screen.user : screen.password, input, key);
		return field === undefined ? undefined : {type: 'edit', field};
	},
	typing: ({screen}) => screen.kind === 'user' || screen.kind === 'password',
	captures: ({screen}) => screen.kind === 'user' || screen.kind === 'password' || screen.kind === 'confirm',
	effects: ({screen}) => ({
		preview: screen.kind === 'preview' ? screen.input : undefined,
		stage: screen.kind === 'staging' ? screen.input : undefined,
		apply: screen.kind === 'applying' ? screen.staged.token : undefined,
		forget: screen.kind === 'declined' ? screen.token : undefined,
	}),
	next: state => state.closed,
	reducer: (state, action) => {
		switch (action.type) {
			case 'task-event':
			case 'task-cancelled':
				return state;
			case 'task-failed':
				return {...state, screen: {kind: 'failed', title: failedTitle(action.task), message: action.message}};
			case 'task-done':
				switch (action.task) {
					case 'preview': {
						const preview = action.result;
						if (!preview.offered) return {...state, screen: {kind: 'not-offered', host: preview.host, why: preview.why}};
						if (preview.needsSecret) return {...state, screen: {kind: 'user', preview, user: {value: '', cursor: 0}}};
						return {...state, screen: {kind: 'staging', preview, input: {env: state.env, host: preview.host, kind: preview.kind}}};
					}
					case 'stage': {
						const staged = action.result;
						// The password leaves the state here: the screen keeps the masked lines only.
						if ('offered' in staged)
							return {...state, screen: {kind: 'not-offered', host: staged.host, why: staged.offered ? '' : staged.why}};
						return {...state, screen: {kind: 'confirm', staged}};
					}
					case 'apply':
						if (state.screen.kind !== 'applying') return state;
						return {...state, row: action.result.row, screen: {kind: 'done', staged: state.screen.staged, outcome: action.result}};
					case 'forget':
						return {...state, closed: true};
				}
				return state;
			default:
				return onKey(state, action);
		}
	},
};

function failedTitle(task: keyof AccessFixTasks): string {
	switch (task) {
		case 'preview':
			return 'The fix could not be planned';
		case 'stage':
			return 'The fix could not be planned';
		case 'apply':
			return 'Not applied';
		case 'forget':
			return 'The declined fix could not be dropped';
	}
}
