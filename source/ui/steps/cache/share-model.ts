import {clientLabel, type ShareEvent, type SharePlan, type ShareRequest, type ShareResult} from '../../../core/cache/share/index.js';
import {serverProblem} from '../../../core/cache/share/address.js';
import type {Task} from '../../../core/task.js';
import {editText, type KeyBinding, type TaskMessage, type TextState} from '../../kit/index.js';
import type {KeyAction} from '../../kit/use-step.js';
import {shareDoing} from './share-doing.js';

/**
 * The Cache step's "share with the team" sub-screen (issue 23), as a pure reducer: the go in use is checked first
 * (GOCACHEPROG is go1.24 and later), then a server address is typed, checked (reachable, answers go-tool-cache's protocol)
 * and planned, y applies it through the journal as one change set, and the outcome says how to undo it. Esc goes
 * back one screen, never past the Cache step.
 */
export type ShareRequestInput = Omit<ShareRequest, 'client' | 'token'>;

export type SharePhase =
	/** INPUT: a new object per opening, so the check runs each time. */
	| {step: 'go'; input: Record<string, never>}
	| {step: 'old-go'; goVersion: string}
	| {step: 'server'; field: TextState; trimpath: boolean; problem?: string}
	| {step: 'planning'; field: TextState; request: ShareRequestInput}
	| {step: 'plan'; field: TextState; request: ShareRequestInput; plan: SharePlan}
	| {step: 'applying'; plan: SharePlan; doing?: string}
	| {step: 'done'; ok: boolean; lines: string[]};

export type ShareTasks = {
	shareGo: Task<Record<string, never>, never, {goVersion: string; supported: boolean}>;
	sharePlan: Task<ShareRequestInput, never, SharePlan>;
	shareApply: Task<SharePlan, ShareEvent, ShareResult>;
};

export type ShareAction =
	| (TaskMessage<never, {goVersion: string; supported: boolean}> & {task: 'shareGo'})
	| (TaskMessage<never, SharePlan> & {task: 'sharePlan'})
	| (TaskMessage<ShareEvent, ShareResult> & {task: 'shareApply'})
	| {type: 'share-submit'}
	| {type: 'share-answer'; yes: boolean}
	| {type: 'share-trimpath'}
	| {type: 'share-back'}
	| {type: 'share-key'; input: string; key: KeyAction['key']};

/** The sub-screen as it opens: the go in use is checked first. */
export function openShare(): SharePhase {
	return {step: 'go', input: {}};
}

const field = (value = ''): TextState => ({value, cursor: value.length});

/** Where the sub-screen goes next, or closed: back to the Cache step's overview (REINSPECT: after a change). */
export type ShareOutcome = {phase: SharePhase} | {closed: true; reinspect: boolean};

/** SERVER: the server GOCACHEPROG names now, offered in the field for editing. */
export function shareReducer(phase: SharePhase, action: ShareAction, server = ''): ShareOutcome {
	const stay = {phase};
	switch (action.type) {
		case 'task-done':
			if (action.task === 'shareGo' && phase.step === 'go')
				return {
					phase: action.result.supported
						? {step: 'server', field: field(server), trimpath: false}
						: {step: 'old-go', goVersion: action.result.goVersion || 'an unknown version'},
				};
			if (action.task === 'sharePlan' && phase.step === 'planning')
				return {phase: {step: 'plan', field: phase.field, request: phase.request, plan: action.result}};
			if (action.task === 'shareApply' && phase.step === 'applying')
				return {phase: {step: 'done', ok: true, lines: doneLines(action.result)}};
			return stay;
		case 'task-failed':
			if (action.task === 'shareGo' && phase.step === 'go') return {phase: {step: 'done', ok: false, lines: [action.message]}};
			if (action.task === 'sharePlan' && phase.step === 'planning')
				return {phase: {step: 'server', field: phase.field, trimpath: phase.request.trimpath ?? false, problem: action.message}};
			if (action.task === 'shareApply' && phase.step === 'applying')
				return {phase: {step: 'done', ok: false, lines: [`The shared build cache was not set up: ${action.message}`]}};
			return stay;
		case 'task-cancelled':
			if (action.task === 'shareApply' && phase.step === 'applying')
				return {phase: {step: 'done', ok: false, lines: ['Cancelled: nothing was changed (GOBIN and the GOENV file are as before).']}};
			return stay;
		case 'task-event':
			if (action.task !== 'shareApply' || phase.step !== 'applying') return stay;
			return {phase: {...phase, doing: shareDoing(action.event)}};
		case 'share-key': {
			if (phase.step !== 'server') return stay;
			const edited = editText(phase.field, action.input, action.key);
			return edited ? {phase: {...phase, field: edited, problem: undefined}} : stay;
		}
		case 'share-submit': {
			if (phase.step !== 'server') return stay;
			const address = phase.field.value.trim();
			const problem = address === '' ? 'type the cache server address, for example http://cache.internal:31364' : serverProblem(address);
			if (problem) return {phase: {...phase, problem}};
			return {phase: {step: 'planning', field: phase.field, request: {server: address, trimpath: phase.trimpath}}};
		}
		case 'share-trimpath':
			if (phase.step !== 'plan') return stay;
			// Planned again with the other choice (the server is checked again: a round trip).
			return {phase: {step: 'planning', field: phase.field, request: {...phase.request, trimpath: !phase.request.trimpath}}};
		case 'share-answer':
			if (phase.step !== 'plan') return stay;
			if (action.yes && phase.plan.serverCheck.ok) return {phase: {step: 'applying', plan: phase.plan}};
			return {phase: {step: 'server', field: phase.field, trimpath: phase.request.trimpath ?? false}};
		case 'share-back':
			if (phase.step === 'planning' || phase.step === 'plan')
				return {phase: {step: 'server', field: phase.field, trimpath: phase.request.trimpath ?? false}};
			if (phase.step === 'applying') return stay;
			return {closed: true, reinspect: phase.step === 'done' && phase.ok};
	}
}

function doneLines(result: ShareResult): string[] {
	return [
		`Shared build cache set up: ${result.client.module ? clientLabel(result.client) : 'the client'} at ${result.binary}.`,
		`Change set #${result.changeSet.id}: undo it from the rollback log (Tab) or gotune rollback --to ${result.changeSet.id}.`,
		'Verify measures a cold build through it; gotune bench --shared compares a second machine with and without it.',
	];
}

const BACK: KeyBinding<ShareAction> = {keys: ['escape'], action: {type: 'share-back'}, hint: 'back'};

export function shareBindings(phase: SharePhase): Array<KeyBinding<ShareAction>> {
	switch (phase.step) {
		case 'server':
			return [
				{keys: ['return'], action: {type: 'share-submit'}, hint: 'check the server'},
				{...BACK, hint: 'back to the caches'},
			];
		case 'planning':
			return [BACK];
		case 'plan':
			return phase.plan.serverCheck.ok
				? [
						{keys: ['y', 'Y'], action: {type: 'share-answer', yes: true}, hint: 'set it up'},
						{keys: ['n', 'N', 'escape', 'return'], action: {type: 'share-answer', yes: false}, hint: 'change the address', label: 'n/Esc'},
						{keys: ['t'], action: {type: 'share-trimpath'}, hint: phase.request.trimpath ? 'without -trimpath' : 'add -trimpath'},
					]
				: [{keys: ['return', 'escape'], action: {type: 'share-back'}, hint: 'change the address'}];
		case 'applying':
			return [];
		case 'go':
			return [BACK];
		default:
			return [{keys: ['return', 'escape'], action: {type: 'share-back'}, hint: 'back to the caches'}];
	}
}

/** The server field is up: letters type into it, the shell leaves q, Esc and Tab to it. */
export const typingServer = (phase: SharePhase) => phase.step === 'server';

/** Each step's task input (undefined: not running). */
export function shareEffects(phase: SharePhase | undefined) {
	return {
		shareGo: phase?.step === 'go' ? phase.input : undefined,
		sharePlan: phase?.step === 'planning' ? phase.request : undefined,
		shareApply: phase?.step === 'applying' ? phase.plan : undefined,
	};
}
