import type {Key} from 'ink';
import type {GoEnvChange} from '../../../core/journal/contract.js';
import type {Composition} from '../../../core/proxy/compose.js';
import type {GosumdbVerdict} from '../../../core/proxy/gosumdb.js';
import type {PatternCheck} from '../../../core/proxy/private.js';
import type {ProbeEvent, ProbeInput, ProbeOutcome, ProbeResult, ProbeStep} from '../../../core/proxy/probe.js';
import type {Proof, ProofEvent} from '../../../core/proxy/prove.js';
import type {RouteSettings} from '../../../core/proxy/route.js';
import {maskSetting} from '../../../core/mask.js';
import type {Task} from '../../../core/task.js';
import type {KeyBinding} from '../../kit/bindings.js';
import {editText, type TextState} from '../../kit/text-edit.js';
import type {Model} from '../../kit/use-step.js';
import type {TaskMessages} from '../../kit/use-task.js';
import type {PendingChange} from '../types.js';
import {clampOffset} from '../../components/scroll-view.js';
import {parseProbeModule} from '../../../core/proxy/probe-module.js';
import type {ProxyServices, ProxyStepContext} from '../../services/proxy.js';

/**
 * The Proxy step as a pure reducer: probe every candidate at once (rows resolve as their probes finish; Esc cancels),
 * pick or accept the composed GOPROXY, type private-module patterns and a GOSUMDB (validated as typed, off only after
 * a confirmation), apply through the journal, then the proof download. Validators come in with the actions'
 * environment (`Pure`), so the reducer needs no Ink and no go and is unit-tested as is.
 */
export type Pure = Pick<ProxyServices['proxy'], 'validateUrl' | 'checkPatterns' | 'validateGosumdb' | 'compose' | 'warnings'>;

export type Row = {url: string; source: string; step?: ProbeStep; result?: ProbeResult; cancelled?: boolean};

/** GONOPROXY and GONOSUMDB follow GOPRIVATE unless set (null: follow). */
export type PatternField = 'GOPRIVATE' | 'GONOPROXY' | 'GONOSUMDB';
/** module: another PATH@VERSION to probe with (the fallback module is not what a mirror serves). */
export type Editing = 'url' | 'sumdb' | 'module' | PatternField;

export type Phase =
	| {kind: 'loading'}
	| {kind: 'failed'; message: string}
	| {kind: 'probing'; input: ProbeInput}
	| {kind: 'results'}
	| {kind: 'edit'; what: Editing; field: TextState}
	| {kind: 'confirm-sumdb-off'}
	| {kind: 'review'}
	| {kind: 'applying'; changes: GoEnvChange[]}
	| {kind: 'proving'; input: {module: string; settings: Record<string, string>}; changeSet: string | null}
	/** The proof failed after a change set was applied: roll it back now? (issue 18 item 7) */
	| {kind: 'confirm-rollback'; changeSet: string; proof?: Proof; error?: string}
	| {kind: 'rolling-back'; changeSet: string; proof?: Proof; error?: string}
	| {kind: 'done'; changeSet: string | null; proof?: Proof; error?: string; rolledBack?: boolean; rollbackError?: string};

export type ProxyState = {
	phase: Phase;
	context?: ProxyStepContext;
	rows: Row[];
	/** Row under the cursor. */
	selected: number;
	/** URLs the user picked, in order; empty: the composition from the ranking. */
	picked: string[];
	/** Extra candidates typed in the wizard. */
	extra: string[];
	/** The user's choice about direct at the end of GOPROXY; undefined: the profile's (allowed unless it has none). */
	direct?: boolean;
	goprivate: string;
	gonoproxy: string | null;
	gonosumdb: string | null;
	gosumdb: string;
	/** Live verdicts for the field being typed. */
	fieldError?: string;
	patternCheck?: PatternCheck;
	sumdbVerdict?: GosumdbVerdict;
	/** Requirements the best proxy cannot serve (GOPRIVATE suggestions); running while the input is set. */
	unservedInput?: {requirements: Array<{path: string; version: string}>; proxyUrl: string};
	unserved: string[];
	downloads: string[];
	elapsedMs?: number;
	/** The settings, the journal or go.mod changed underneath (StepViewProps.revision): read the context again. */
	recheck?: object;
	/** A module the user typed to probe with instead of the context's (m when no candidate works). */
	probeModule?: {path: string; version: string};
	/** Counts "continue": each one goes on (useStep's next). */
	next?: number;
	/**
	 * Go's rules, warnings and routes under the table, as the view lays them out: how many rows they need and how many
	 * it has (the view reports both, `rules-window`). PgUp/PgDn are bindings while they do not fit.
	 */
	rules?: {total: number; height: number};
	/** First row of those lines shown (PgUp/PgDn), clamped to the last page. */
	scroll: number;
};

/** The step's work, by id: each runs while its input (effects) is defined. */
export type ProxyTasks = {
	/** The first look at the settings in force, candidates and probe module. */
	context: Task<object, never, ProxyStepContext>;
	/** The same, read again after a change underneath. */
	recheck: Task<object, never, ProxyStepContext>;
	probe: Task<ProbeInput, ProbeEvent, ProbeOutcome>;
	unserved: Task<NonNullable<ProxyState['unservedInput']>, never, string[]>;
	apply: Task<GoEnvChange[], never, string | null>;
	rollback: Task<string, never, number>;
	proof: Task<{module: string; settings: Record<string, string>}, ProofEvent, Proof>;
};

export type ProxyAction =
	| {type: 'context'; context: ProxyStepContext}
	| {type: 'context-failed'; message: string}
	| {type: 'move'; by: number}
	| {type: 'toggle-pick'}
	| {type: 'reprobe'}
	| {type: 'toggle-direct'}
	| {type: 'edit'; what: Editing}
	| {type: 'key'; input: string; key: Key}
	| {type: 'review'}
	| {type: 'back'}
	| {type: 'confirm'; yes: boolean}
	| {type: 'applied'; changeSet: string | null}
	| {type: 'apply-failed'; message: string}
	| {type: 'rolled-back'}
	| {type: 'rollback-failed'; message: string}
	| {type: 'changed-underneath'}
	| {type: 'next'}
	/** The view laid out Go's rules: TOTAL rows in a window of HEIGHT. */
	| {type: 'rules-window'; total: number; height: number}
	| {type: 'scroll'; by: 'page-up' | 'page-down'}
	| TaskMessages<ProxyTasks>;

export function initialProxyState(): ProxyState {
	return {
		phase: {kind: 'loading'},
		rows: [],
		selected: 0,
		picked: [],
		extra: [],
		goprivate: '',
		gonoproxy: null,
		gonosumdb: null,
		gosumdb: '',
		unserved: [],
		downloads: [],
		scroll: 0,
	};
}

/** The module the probe and the proof use: the one typed in the step, else the context's. */
export function probedModule(state: ProxyState, context: ProxyStepContext): {path: string; version: string} {
	return state.probeModule ?? context.module;
}

function probeInput(context: ProxyStepContext, extra: string[], module: {path: string; version: string}): ProbeInput {
	const candidates = [
		...context.candidates,
		...extra.filter(url => !context.candidates.some(c => c.url === url)).map(url => ({url, shown: url, source: 'argument' as const})),
	];
	return {candidates, module, timeoutMs: context.timeoutMs, env: {}, sumdbName: context.sumdbName};
}

function startProbe(state: ProxyState, context: ProxyStepContext): ProxyState {
	const input = probeInput(context, state.extra, probedModule(state, context));
	return {
		...state,
		context,
		phase: {kind: 'probing', input},
		rows: input.candidates.map(c => ({url: c.shown, source: c.source})),
		selected: 0,
		picked: [],
		elapsedMs: undefined,
	};
}

/** The results of finished rows. */
export function results(state: ProxyState): ProbeResult[] {
	return state.rows.flatMap(row => (row.result ? [row.result] : []));
}

/** The GOPROXY the step will write: the user's picks in order (then direct), else the ranking's composition. */
export function composition(state: ProxyState, pure: Pure): Composition {
	const all = results(state);
	const allowDirect = state.direct ?? state.context?.allowDirect ?? true;
	if (state.picked.length === 0) return pure.compose(all, {allowDirect});
	const picked = state.picked.map((url, i) => ({...all.find(r => r.url === url)!, latencyMs: i}));
	return pure.compose(picked, {allowDirect, fallbacks: picked.length - 1});
}

/** The GOENV changes to apply: only keys whose value changes. */
export function plannedChanges(state: ProxyState, pure: Pure): GoEnvChange[] {
	const settings = state.context?.settings;
	const changes: GoEnvChange[] = [];
	const goproxy = composition(state, pure).value;
	if (goproxy !== null && goproxy !== settings?.GOPROXY) changes.push({key: 'GOPROXY', value: goproxy});
	// A GOPROXY with a masked credential (https://user:***@host) is never written: the user moves it to ~/.netrc.
	if (goproxy?.includes('***')) changes.splice(0, changes.length);
	if (state.goprivate !== '' && state.goprivate !== settings?.GOPRIVATE) changes.push({key: 'GOPRIVATE', value: state.goprivate});
	const effective = {GONOPROXY: state.gonoproxy ?? state.goprivate, GONOSUMDB: state.gonosumdb ?? state.goprivate};
	if (state.gonoproxy !== null && effective.GONOPROXY !== settings?.GONOPROXY) changes.push({key: 'GONOPROXY', value: state.gonoproxy});
	if (state.gonosumdb !== null && effective.GONOSUMDB !== settings?.GONOSUMDB) changes.push({key: 'GONOSUMDB', value: state.gonosumdb});
	if (state.gosumdb !== '' && state.gosumdb !== settings?.GOSUMDB) changes.push({key: 'GOSUMDB', value: state.gosumdb});
	return changes;
}

export function proxyReducer(pure: Pure) {
	return function reduce(state: ProxyState, action: ProxyAction): ProxyState {
		const {phase} = state;
		if ('task' in action) {
			const own = fromTask(action);
			if (own) return reduce(state, own);
		}
		switch (action.type) {
			case 'next':
				return {...state, next: (state.next ?? 0) + 1};
			case 'context':
				// The first look; a re-check that answered sooner has a newer one.
				return state.context ? state : firstLook(state, action.context);
			case 'context-failed':
				return state.context ? state : {...state, phase: {kind: 'failed', message: action.message}};
			case 'changed-underneath':
				return {...state, recheck: {}};
			case 'task-event':
				if (action.task === 'probe' && phase.kind === 'probing') return onProbeEvent(state, action.event);
				if (action.task === 'proof' && phase.kind === 'proving') return {...state, downloads: [...state.downloads, action.event.line]};
				return state;
			case 'task-done':
				if (action.task === 'recheck') return rechecked({...state, recheck: undefined}, action.result);
				if (action.task === 'probe' && phase.kind === 'probing') {
					const outcome = action.result;
					const rows = state.rows.map((row, i) => ({...row, result: outcome.results[i] ?? row.result}));
					const next: ProxyState = {...state, rows, phase: {kind: 'results'}, elapsedMs: outcome.elapsedMs};
					const best = composition(next, pure).entries[0]?.url;
					const requirements = state.context?.requirements ?? [];
					return best && requirements.length > 0 ? {...next, unservedInput: {requirements, proxyUrl: best}} : next;
				}
				if (action.task === 'unserved') return {...state, unservedInput: undefined, unserved: action.result};
				if (action.task === 'proof' && phase.kind === 'proving') return afterProof(state, phase.changeSet, {proof: action.result});
				return state;
			case 'task-failed':
				// A failed re-check keeps what is shown: the first look's answer, or its own failure.
				if (action.task === 'recheck') return {...state, recheck: undefined};
				if (action.task === 'probe' && phase.kind === 'probing') return {...state, phase: {kind: 'failed', message: action.message}};
				if (action.task === 'unserved') return {...state, unservedInput: undefined};
				if (action.task === 'proof' && phase.kind === 'proving') return afterProof(state, phase.changeSet, {error: action.message});
				return state;
			case 'task-cancelled':
				if (action.task === 'recheck') return {...state, recheck: undefined};
				if (action.task === 'probe' && phase.kind === 'probing') {
					return {
						...state,
						phase: {kind: 'results'},
						rows: state.rows.map(row => (row.result ? row : {...row, cancelled: true, step: undefined})),
					};
				}
				if (action.task === 'proof' && phase.kind === 'proving')
					return {...state, phase: {kind: 'done', changeSet: phase.changeSet, error: 'the proof download was cancelled'}};
				return state;
			case 'rules-window': {
				const {total, height} = action;
				if (state.rules?.total === total && state.rules.height === height) return state;
				return {...state, rules: {total, height}, scroll: clampOffset(state.scroll, total, height)};
			}
			case 'scroll': {
				if (phase.kind !== 'results' || !rulesScroll(state)) return state;
				const {total, height} = state.rules!;
				// A page keeps two rows of the last one on screen, for the eye to follow.
				const page = Math.max(1, height - 2);
				return {...state, scroll: clampOffset(state.scroll + (action.by === 'page-down' ? page : -page), total, height)};
			}
			case 'move':
				if (phase.kind !== 'results' || state.rows.length === 0) return state;
				return {...state, selected: Math.max(0, Math.min(state.rows.length - 1, state.selected + action.by))};
			case 'toggle-pick': {
				if (phase.kind !== 'results') return state;
				const row = state.rows[state.selected];
				if (!row?.result?.ok) return state;
				const picked = state.picked.includes(row.url) ? state.picked.filter(u => u !== row.url) : [...state.picked, row.url];
				return {...state, picked};
			}
			case 'toggle-direct':
				return phase.kind === 'results' ? {...state, direct: !(state.direct ?? state.context?.allowDirect ?? true)} : state;
			case 'reprobe':
				return phase.kind === 'results' && state.context ? startProbe(state, state.context) : state;
			case 'edit': {
				if (phase.kind !== 'results') return state;
				const value =
					action.what === 'url' || action.what === 'module'
						? ''
						: action.what === 'sumdb'
							? state.gosumdb
							: (patternValue(state, action.what) ?? '');
				return validateField({...state, phase: {kind: 'edit', what: action.what, field: {value, cursor: value.length}}}, pure);
			}
			case 'key':
				return phase.kind === 'edit' ? onFieldKey(state, phase, action.input, action.key, pure) : state;
			case 'review':
				return phase.kind === 'results' && results(state).some(r => r.ok) ? {...state, phase: {kind: 'review'}} : state;
			case 'back':
				if (phase.kind === 'review' || phase.kind === 'edit' || phase.kind === 'confirm-sumdb-off')
					return {...state, phase: {kind: 'results'}, fieldError: undefined};
				return state;
			case 'confirm':
				if (phase.kind === 'confirm-rollback') {
					const {changeSet, proof, error} = phase;
					const outcome = {changeSet, ...(proof ? {proof} : {}), ...(error === undefined ? {} : {error})};
					return {...state, phase: action.yes ? {kind: 'rolling-back', ...outcome} : {kind: 'done', ...outcome, rolledBack: false}};
				}
				if (phase.kind === 'confirm-sumdb-off') return {...state, phase: {kind: 'results'}, gosumdb: action.yes ? 'off' : state.gosumdb};
				if (phase.kind === 'review') {
					if (!action.yes) return {...state, phase: {kind: 'results'}};
					const changes = plannedChanges(state, pure);
					return changes.length === 0 ? proving(state, null, pure) : {...state, phase: {kind: 'applying', changes}};
				}
				return state;
			case 'applied':
				return phase.kind === 'applying' ? proving(state, action.changeSet, pure) : state;
			case 'apply-failed':
				return phase.kind === 'applying' ? {...state, phase: {kind: 'done', changeSet: null, error: action.message}} : state;
			case 'rolled-back':
			case 'rollback-failed': {
				if (phase.kind !== 'rolling-back') return state;
				const {kind: _kind, ...outcome} = phase;
				return {
					...state,
					phase:
						action.type === 'rolled-back'
							? {kind: 'done', ...outcome, rolledBack: true}
							: {kind: 'done', ...outcome, rolledBack: false, rollbackError: action.message},
				};
			}
			default:
				return state;
		}
	};
}

/** go env reports GONOPROXY/GONOSUMDB already defaulted to GOPRIVATE: equal means "follows GOPRIVATE" (null). */
function following(value: string, goprivate: string): string | null {
	return value === goprivate ? null : value;
}

function firstLook(state: ProxyState, context: ProxyStepContext): ProxyState {
	const s = context.settings;
	return startProbe(
		{
			...state,
			goprivate: s.GOPRIVATE,
			gonoproxy: following(s.GONOPROXY, s.GOPRIVATE),
			gonosumdb: following(s.GONOSUMDB, s.GOPRIVATE),
			gosumdb: s.GOSUMDB,
		},
		context,
	);
}

/**
 * A fresh context after a change underneath. Fields the user has not edited follow the new settings (an edited one is
 * the user's and stays); the table is probed again while it is what the step shows and its candidates or probe
 * module changed (a new GOPROXY brings new candidates). Other phases keep going: the new context is used from then on.
 */
function rechecked(state: ProxyState, context: ProxyStepContext): ProxyState {
	const before = state.context;
	if (!before) return firstLook(state, context);
	const was = before.settings;
	const now = context.settings;
	const keep = <T>(current: T, old: T, fresh: T) => (current === old ? fresh : current);
	const next: ProxyState = {
		...state,
		context,
		goprivate: keep(state.goprivate, was.GOPRIVATE, now.GOPRIVATE),
		gonoproxy: keep(state.gonoproxy, following(was.GONOPROXY, was.GOPRIVATE), following(now.GONOPROXY, now.GOPRIVATE)),
		gonosumdb: keep(state.gonosumdb, following(was.GONOSUMDB, was.GOPRIVATE), following(now.GONOSUMDB, now.GOPRIVATE)),
		gosumdb: keep(state.gosumdb, was.GOSUMDB, now.GOSUMDB),
	};
	const probed = (c: ProxyStepContext) => JSON.stringify([c.candidates.map(candidate => candidate.url), c.module]);
	const showing = state.phase.kind === 'results' || state.phase.kind === 'probing';
	return showing && probed(before) !== probed(context) ? startProbe(next, context) : next;
}

/** A proof that failed after a change set was written asks to roll it back at once; otherwise the step is done. */
function afterProof(state: ProxyState, changeSet: string | null, outcome: {proof?: Proof; error?: string}): ProxyState {
	const failed = outcome.error !== undefined || outcome.proof?.ok === false;
	if (failed && changeSet !== null) return {...state, phase: {kind: 'confirm-rollback', changeSet, ...outcome}};
	return {...state, phase: {kind: 'done', changeSet, ...outcome}};
}

function onProbeEvent(state: ProxyState, event: ProbeEvent): ProxyState {
	const rows = state.rows.slice();
	const row = rows[event.index];
	if (!row) return state;
	if (event.type === 'step') rows[event.index] = {...row, step: event.step};
	else if (event.type === 'result') rows[event.index] = {...row, result: event.result, step: undefined};
	else return state;
	return {...state, rows};
}

function proving(state: ProxyState, changeSet: string | null, pure: Pure): ProxyState {
	const context = state.context!;
	const goproxy = composition(state, pure).value ?? context.settings.GOPROXY;
	const settings: Record<string, string> = {GOPROXY: goproxy};
	if (state.goprivate !== '') settings['GOPRIVATE'] = state.goprivate;
	if (state.gonoproxy !== null) settings['GONOPROXY'] = state.gonoproxy;
	if (state.gonosumdb !== null) settings['GONOSUMDB'] = state.gonosumdb;
	if (state.gosumdb !== '') settings['GOSUMDB'] = state.gosumdb;
	return {
		...state,
		downloads: [],
		phase: {kind: 'proving', changeSet, input: {module: moduleText(probedModule(state, context)), settings}},
	};
}

function validateField(state: ProxyState, pure: Pure): ProxyState {
	const {phase} = state;
	if (phase.kind !== 'edit') return state;
	const value = phase.field.value;
	if (phase.what === 'url') {
		const verdict = pure.validateUrl(value);
		return {...state, fieldError: value === '' || verdict.ok ? undefined : verdict.message};
	}
	if (phase.what === 'module') {
		const verdict = parseProbeModule(value);
		return {...state, fieldError: value.trim() === '' || verdict.ok ? undefined : verdict.message};
	}
	if (phase.what !== 'sumdb') {
		const check = pure.checkPatterns(
			value,
			(state.context?.requirements ?? []).map(r => r.path),
		);
		const problem = check.elements.find(e => e.status !== 'ok' && !isEmptyPattern(e.raw));
		return {...state, patternCheck: check, fieldError: problem?.note};
	}
	const verdict = pure.validateGosumdb(value);
	return {...state, sumdbVerdict: verdict, fieldError: verdict.ok ? undefined : verdict.error};
}

function onFieldKey(state: ProxyState, phase: Extract<Phase, {kind: 'edit'}>, input: string, key: Key, pure: Pure): ProxyState {
	if (key.escape) return {...state, phase: {kind: 'results'}, fieldError: undefined};
	if (key.return) {
		const value =
			phase.field.value.trim() === '' && (phase.what === 'url' || phase.what === 'sumdb' || phase.what === 'module')
				? ''
				: phase.field.value;
		if (phase.what === 'module') {
			if (value === '') return {...state, phase: {kind: 'results'}, fieldError: undefined};
			const verdict = parseProbeModule(value);
			if (!verdict.ok) return {...state, fieldError: verdict.message};
			const next = {...state, probeModule: verdict.module, fieldError: undefined};
			return next.context ? startProbe(next, next.context) : {...next, phase: {kind: 'results'}};
		}
		if (phase.what === 'url') {
			if (value === '') return {...state, phase: {kind: 'results'}};
			const verdict = pure.validateUrl(value);
			if (!verdict.ok) return {...state, fieldError: verdict.message};
			const next = {...state, extra: [...state.extra, verdict.url], fieldError: undefined};
			return next.context ? startProbe(next, next.context) : next;
		}
		if (phase.what !== 'sumdb') {
			// Go ignores bad elements silently; gotune refuses to write them.
			const check = pure.checkPatterns(value, []);
			const bad = check.elements.find(e => e.status !== 'ok' && !isEmptyPattern(e.raw));
			if (bad) return {...state, fieldError: bad.note};
			// Empty elements are harmless (go skips them): drop them rather than write "a.example,,".
			const cleaned = check.elements
				.filter(e => !isEmptyPattern(e.raw))
				.map(e => e.raw)
				.join(',');
			const done = {...state, phase: {kind: 'results'} as Phase, fieldError: undefined, patternCheck: undefined};
			if (phase.what === 'GOPRIVATE') return {...done, goprivate: cleaned};
			// An empty GONOPROXY/GONOSUMDB goes back to following GOPRIVATE.
			return phase.what === 'GONOPROXY'
				? {...done, gonoproxy: cleaned === '' ? null : cleaned}
				: {...done, gonosumdb: cleaned === '' ? null : cleaned};
		}
		if (value === '') return {...state, phase: {kind: 'results'}};
		const verdict = pure.validateGosumdb(value);
		if (!verdict.ok) return {...state, fieldError: verdict.error};
		if (verdict.off) return {...state, phase: {kind: 'confirm-sumdb-off'}, fieldError: undefined};
		return {...state, gosumdb: value.trim(), phase: {kind: 'results'}, fieldError: undefined, sumdbVerdict: undefined};
	}
	const field = editText(phase.field, input, key);
	if (field === undefined) return state;
	return validateField({...state, phase: {...phase, field}}, pure);
}

function isEmptyPattern(raw: string): boolean {
	return raw === '' || raw === '/';
}

/** The value a pattern field holds (null: GONOPROXY/GONOSUMDB follow GOPRIVATE). */
export function patternValue(state: ProxyState, field: PatternField): string | null {
	return field === 'GOPRIVATE' ? state.goprivate : field === 'GONOPROXY' ? state.gonoproxy : state.gonosumdb;
}

/** The settings the step would leave in force, for "how go will fetch" (route). */
export function plannedSettings(state: ProxyState, pure: Pure): RouteSettings | undefined {
	const settings = state.context?.settings;
	if (!settings) return undefined;
	const goproxy = composition(state, pure).value;
	return {
		...settings,
		GOPROXY: goproxy !== null && !goproxy.includes('***') ? goproxy : settings.GOPROXY,
		GOPRIVATE: state.goprivate,
		GONOPROXY: state.gonoproxy ?? state.goprivate,
		GONOSUMDB: state.gonosumdb ?? state.goprivate,
		GOSUMDB: state.gosumdb === '' ? settings.GOSUMDB : state.gosumdb,
	};
}

/** The tasks whose answers are the reducer's own actions (context, apply, rollback), as those actions. */
function fromTask(message: TaskMessages<ProxyTasks>): ProxyAction | undefined {
	switch (message.task) {
		case 'context':
			if (message.type === 'task-done') return {type: 'context', context: message.result};
			return message.type === 'task-failed' ? {type: 'context-failed', message: message.message} : undefined;
		case 'apply':
			if (message.type === 'task-done') return {type: 'applied', changeSet: message.result};
			return message.type === 'task-failed' ? {type: 'apply-failed', message: message.message} : undefined;
		case 'rollback':
			if (message.type === 'task-done') return {type: 'rolled-back'};
			return message.type === 'task-failed' ? {type: 'rollback-failed', message: message.message} : undefined;
		default:
			return undefined;
	}
}

export const RESULT_KEYS: Array<KeyBinding<ProxyAction>> = [
	{keys: ['up', 'k'], action: {type: 'move', by: -1}, hint: 'row'},
	{keys: ['down', 'j'], action: {type: 'move', by: 1}, hint: 'row'},
	{keys: ['space'], action: {type: 'toggle-pick'}, hint: 'pick order'},
	{keys: ['a'], action: {type: 'edit', what: 'url'}, hint: 'add URL'},
	{keys: ['p'], action: {type: 'edit', what: 'GOPRIVATE'}, hint: 'GOPRIVATE'},
	{keys: ['n'], action: {type: 'edit', what: 'GONOPROXY'}, hint: 'GONOPROXY'},
	{keys: ['c'], action: {type: 'edit', what: 'GONOSUMDB'}, hint: 'GONOSUMDB'},
	{keys: ['s'], action: {type: 'edit', what: 'sumdb'}, hint: 'GOSUMDB'},
	{keys: ['d'], action: {type: 'toggle-direct'}, hint: 'direct on/off'},
	{keys: ['r'], action: {type: 'reprobe'}, hint: 'probe again'},
	{keys: ['return'], action: {type: 'review'}, hint: 'review & apply'},
];
const DONE_KEYS: Array<KeyBinding<ProxyAction>> = [{keys: ['return'], action: {type: 'next'}, hint: 'continue'}];
/** While Go's rules under the table do not fit their rows: "PgUp/PgDn Go's rules" in the footer and the `?` overlay. */
export const SCROLL_KEYS: Array<KeyBinding<ProxyAction>> = [
	{keys: ['pageup'], action: {type: 'scroll', by: 'page-up'}, hint: "Go's rules"},
	{keys: ['pagedown'], action: {type: 'scroll', by: 'page-down'}, hint: "Go's rules"},
];

/** Go's rules under the table need more rows than they have. */
export function rulesScroll(state: ProxyState): boolean {
	return state.rules !== undefined && state.rules.total > state.rules.height;
}

/** No candidate works: nothing to review, but the step must not be a dead end (Enter goes on, settings unchanged). */
export function nothingWorks(state: ProxyState, pure: Pure): boolean {
	return state.phase.kind === 'results' && composition(state, pure).value === null;
}

const OTHER_MODULE: KeyBinding<ProxyAction> = {keys: ['m'], action: {type: 'edit', what: 'module'}, hint: 'probe another module'};

export function moduleText(module: {path: string; version: string}): string {
	return `${module.path}@${module.version}`;
}

/**
 * Under "No candidate works": the way out. The fallback module stands in when the module has no requirement yet, and a
 * mirror that serves only some modules (a company's, the demo's) fails it while it would serve the user's own.
 */
export function noCandidateAdvice(state: ProxyState, pure: Pure): string | undefined {
	const context = state.context;
	if (!context || !nothingWorks(state, pure)) return undefined;
	if (context.probesFallback && state.probeModule === undefined)
		return `${moduleText(context.module)} is only a stand-in: this module has no requirements yet, and these candidates may serve only your own modules. Run go mod tidy (t in the Module step after creating go.mod, or in a terminal) so gotune probes what your code needs, or press m to probe another module (PATH@VERSION); Enter goes on with the settings unchanged.`;
	return `Press m to probe with another module (PATH@VERSION), r to probe again; Enter goes on with the settings unchanged.`;
}

/** The keys in each phase; the y/N questions are the kit's Confirmation (its own keys), a field types (text). */
export function proxyBindings(state: ProxyState, pure: Pure): Array<KeyBinding<ProxyAction>> {
	const {kind} = state.phase;
	if (kind === 'results') {
		const scroll = rulesScroll(state) ? SCROLL_KEYS : [];
		return nothingWorks(state, pure)
			? [...RESULT_KEYS.filter(b => !b.keys.includes('return')), ...scroll, OTHER_MODULE, ...DONE_KEYS]
			: [...RESULT_KEYS.slice(0, -1), ...scroll, ...RESULT_KEYS.slice(-1)];
	}
	return kind === 'done' || kind === 'failed' ? DONE_KEYS : [];
}

/** What the step would write, while it is staged (the results and the review): `q` asks before throwing it away. */
export function pendingFor(state: ProxyState, pure: Pure): PendingChange[] {
	const staged = state.phase.kind === 'results' || state.phase.kind === 'review';
	if (!staged || !state.context) return [];
	return plannedChanges(state, pure).map(c => ({target: `${c.key} in the GOENV file`, summary: `${c.key}=${maskSetting(c.key, c.value)}`}));
}

/** A field or a y/N question is up: the shell leaves q, Esc and Tab to the step. */
export function capturesKeys({phase}: ProxyState): boolean {
	return phase.kind === 'edit' || phase.kind === 'confirm-sumdb-off' || phase.kind === 'review' || phase.kind === 'confirm-rollback';
}

// The first look's input: the same object while it is wanted.
const FIRST_LOOK = {};

/** The step as a model for useStep; PURE is the proxy services' validators and composer (no go, no network). */
export function proxyModel(pure: Pure): Model<ProxyState, ProxyAction, ProxyTasks> {
	return {
		reducer: proxyReducer(pure),
		bindings: state => proxyBindings(state, pure),
		effects: state => {
			const {phase} = state;
			return {
				context: phase.kind === 'loading' && !state.context ? FIRST_LOOK : undefined,
				recheck: state.recheck,
				probe: phase.kind === 'probing' ? phase.input : undefined,
				unserved: state.unservedInput,
				apply: phase.kind === 'applying' ? phase.changes : undefined,
				rollback: phase.kind === 'rolling-back' ? phase.changeSet : undefined,
				proof: phase.kind === 'proving' ? phase.input : undefined,
			};
		},
		cancelOnEscape: ['probe', 'proof'],
		pending: state => pendingFor(state, pure),
		// Keys no binding takes are typed into the field (Enter keeps, Esc cancels: onFieldKey).
		text: (state, input, key) => (state.phase.kind === 'edit' ? {type: 'key', input, key} : undefined),
		typing: state => state.phase.kind === 'edit',
		captures: capturesKeys,
		next: state => state.next,
	};
}
