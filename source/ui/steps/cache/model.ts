import type {Key} from 'ink';
import type {
	BenchmarkEvent,
	CacheKind,
	CacheReport,
	CacheReports,
	Candidate,
	CleanEvent,
	CleanKind,
	CleanResult,
	DiskBenchmark,
	InspectEvent,
	MoveEvent,
	MoveResult,
} from '../../../core/cache/index.js';
import type {TargetCheck} from '../../../core/cache/refusals.js';
import {unmeasuredReport} from '../../../core/cache/unmeasured.js';
import type {CopyProgress} from '../../../core/journal/contract.js';
import {formatBytes} from '../../../text/units.js';
import type {Task} from '../../../core/task.js';
import {editText, type KeyBinding, type TaskMessage, type TextState} from '../../kit/index.js';
import type {Model} from '../../kit/use-step.js';
import {isStale} from '../../kit/use-task.js';
import type {CacheMoveInput} from '../../services/cache.js';
import {
	openShare,
	shareBindings,
	shareEffects,
	shareReducer,
	typingServer,
	type ShareAction,
	type SharePhase,
	type ShareTasks,
} from './share-model.js';

/**
 * The Cache step as a pure reducer: both caches located at once and counted in the background (the first frame never
 * waits); pick one, then a target (candidates ranked by a bounded disk benchmark, or a path typed and checked as
 * typed), confirm the plan, move with a progress bar (Esc cancels: the journal undoes it); or clean with a confirmation.
 * Every async answer comes back as an action, so this file needs neither Ink nor go and is unit-tested as is.
 */
export const CACHES: readonly CacheKind[] = ['gocache', 'gomodcache'];

export type Counting = {files: number; bytes: number};

export type Phase =
	| {kind: 'inspecting'}
	| {kind: 'overview'}
	| {kind: 'targets'; cache: CacheKind; selected: number; field?: TextState}
	| {kind: 'confirm-move'; cache: CacheKind; to: string; check: TargetCheck}
	| {
			kind: 'moving';
			input: CacheMoveInput;
			startedAt: number;
			progress?: CopyProgress;
			step?: string;
			/** The latest progress event's time. */ at?: number;
	  }
	| {kind: 'confirm-clean'; clean: CleanKind}
	| {kind: 'cleaning'; input: {kind: CleanKind}}
	| {kind: 'result'; ok: boolean; lines: string[]}
	/** "Share with the team": GOCACHEPROG with a cache server (share-model.ts). */
	| {kind: 'share'; share: SharePhase};

export type CacheState = {
	phase: Phase;
	/** Located caches: paths and sources, known before any counting. */
	reports: Partial<Record<CacheKind, CacheReport>>;
	/** Live counts while a cache is being counted. */
	counting: Partial<Record<CacheKind, Counting>>;
	/** Inspection runs while this is set (a new object re-runs it after a move or a clean). */
	inspectInput?: Record<string, never>;
	inspectError?: string;
	/** Cache under the cursor in the overview. */
	selected: number;
	keepSource: boolean;
	candidates?: Candidate[];
	benchInput?: {paths: string[]};
	benchmarks: Record<string, DiskBenchmark>;
	/** The path whose check is awaited, and the latest verdict for the typed path. */
	checking?: string;
	typedCheck?: {to: string; check: TargetCheck};
	/** Counts Enter on "continue": each one goes on. */
	next?: number;
};

export type CacheAction =
	| (TaskMessage<InspectEvent, CacheReports> & {task: 'inspect'})
	| (TaskMessage<BenchmarkEvent, DiskBenchmark[]> & {task: 'bench'})
	| (TaskMessage<MoveEvent, MoveResult> & {task: 'move'})
	| (TaskMessage<CleanEvent, CleanResult> & {task: 'clean'})
	| {type: 'move-cursor'; by: number}
	| {type: 'choose-target'}
	| {type: 'candidates'; candidates: Candidate[]}
	| {type: 'pick'}
	| {type: 'type-path'}
	| {type: 'key'; input: string; key: Key}
	| {type: 'checked'; to: string; check: TargetCheck}
	| {type: 'confirm'; yes: boolean; at?: number}
	| {type: 'clean'; clean: CleanKind}
	| {type: 'toggle-keep'}
	| {type: 'back'}
	| {type: 'next'}
	| {type: 'share-open'}
	| ShareAction
	/** The GOENV file or the journal changed underneath (StepViewProps.revision): inspect the caches again. */
	| {type: 'changed-underneath'};

export function initialCacheState(): CacheState {
	return {phase: {kind: 'inspecting'}, reports: {}, counting: {}, inspectInput: {}, selected: 0, keepSource: false, benchmarks: {}};
}

const KEY = {gocache: 'GOCACHE', gomodcache: 'GOMODCACHE'} as const;

export function selectedCache(state: CacheState): CacheKind {
	return CACHES[state.selected] ?? 'gocache';
}

/** Which go clean kinds the selected cache offers. */
export function cleanKindsFor(cache: CacheKind): CleanKind[] {
	return cache === 'gocache' ? ['cache', 'testcache', 'fuzzcache'] : ['modcache'];
}

/** Candidates' rows: the list plus "type a path" at the end. */
export function targetCount(state: CacheState): number {
	return (state.candidates?.length ?? 0) + 1;
}

/** Benchmarks relative to the fastest, 0..1; null while unmeasured or when the benchmark failed. */
export function relativeSpeed(state: CacheState, dir: string): number | null {
	const own = state.benchmarks[dir]?.opsPerSecond;
	if (own === null || own === undefined) return null;
	const best = Math.max(...Object.values(state.benchmarks).map(b => b.opsPerSecond ?? 0));
	return best > 0 ? own / best : null;
}

export function cacheReducer(state: CacheState, action: CacheAction): CacheState {
	const {phase} = state;
	if (isShareAction(action)) {
		if (phase.kind !== 'share') return state;
		const outcome = shareReducer(phase.share, action, state.reports.gocache?.shared?.server ?? '');
		if ('phase' in outcome) return outcome.phase === phase.share ? state : {...state, phase: {kind: 'share', share: outcome.phase}};
		return {...state, phase: {kind: 'overview'}, ...(outcome.reinspect ? {inspectInput: {}} : {})};
	}
	switch (action.type) {
		case 'changed-underneath':
			// A move or a clean in progress re-inspects when it ends. An inspection under way starts again (a new input:
			// useTasks aborts the old run): it may have read the settings before they changed, and no other change may come.
			return phase.kind === 'moving' || phase.kind === 'cleaning' ? state : {...state, inspectInput: {}};
		case 'task-event':
			return taskEvent(state, action);
		case 'task-done':
			return taskDone(state, action);
		case 'task-failed':
			if (action.task === 'inspect') return {...state, inspectInput: undefined, inspectError: action.message, phase: {kind: 'overview'}};
			if (action.task === 'bench') return {...state, benchInput: undefined};
			if (action.task === 'move' && phase.kind === 'moving')
				return {
					...state,
					phase: {
						kind: 'result',
						ok: false,
						lines: [
							`The move failed: ${action.message}`,
							`Nothing changed: ${KEY[phase.input.kind]} still points at the original, which is intact.`,
						],
					},
				};
			if (action.task === 'clean' && phase.kind === 'cleaning')
				return {...state, phase: {kind: 'result', ok: false, lines: [`go clean -${phase.input.kind} failed: ${action.message}`]}};
			return state;
		case 'task-cancelled':
			if (action.task === 'move' && phase.kind === 'moving')
				return {
					...state,
					phase: {
						kind: 'result',
						ok: false,
						lines: ['Move cancelled: the partial copy was removed; the cache and its setting are as before.'],
					},
				};
			if (action.task === 'clean' && phase.kind === 'cleaning') return {...state, phase: {kind: 'overview'}, inspectInput: {}};
			if (action.task === 'inspect')
				return {...state, inspectInput: undefined, phase: phase.kind === 'inspecting' ? {kind: 'overview'} : phase};
			if (action.task === 'bench') return {...state, benchInput: undefined};
			return state;
		case 'move-cursor':
			if (phase.kind === 'overview') return {...state, selected: clamp(state.selected + action.by, CACHES.length)};
			if (phase.kind === 'targets' && !phase.field)
				return {...state, phase: {...phase, selected: clamp(phase.selected + action.by, targetCount(state))}};
			return state;
		case 'choose-target': {
			const report = state.reports[selectedCache(state)];
			if (phase.kind !== 'overview' || !report || report.unusable || state.inspectInput) return state;
			return {
				...state,
				phase: {kind: 'targets', cache: report.kind, selected: 0},
				candidates: undefined,
				benchInput: undefined,
				benchmarks: {},
				checking: undefined,
				typedCheck: undefined,
			};
		}
		case 'candidates':
			if (phase.kind !== 'targets') return state;
			return {
				...state,
				candidates: action.candidates,
				benchInput: action.candidates.length > 0 ? {paths: action.candidates.map(c => c.path)} : undefined,
			};
		case 'pick': {
			if (phase.kind !== 'targets') return state;
			if (phase.field) {
				const to = phase.field.value.trim();
				const verdict = state.typedCheck?.to === to ? state.typedCheck.check : undefined;
				if (to === '' || !verdict) return state;
				return {...state, phase: {kind: 'confirm-move', cache: phase.cache, to, check: verdict}};
			}
			const candidate = state.candidates?.[phase.selected];
			if (!candidate) return {...state, phase: {...phase, field: {value: '', cursor: 0}}, typedCheck: undefined};
			return {...state, checking: candidate.path};
		}
		case 'type-path':
			return phase.kind === 'targets' && !phase.field
				? {...state, phase: {...phase, field: {value: '', cursor: 0}}, typedCheck: undefined}
				: state;
		case 'key': {
			if (phase.kind !== 'targets' || !phase.field) return state;
			if (action.key.escape) return {...state, phase: {...phase, field: undefined}, checking: undefined, typedCheck: undefined};
			if (action.key.return) return cacheReducer(state, {type: 'pick'});
			const field = editText(phase.field, action.input, action.key);
			if (!field || (field.value === phase.field.value && field.cursor === phase.field.cursor)) return state;
			const to = field.value.trim();
			return {...state, phase: {...phase, field}, checking: to === '' ? undefined : to};
		}
		case 'checked': {
			if (phase.kind !== 'targets' || state.checking !== action.to) return state;
			if (phase.field) return {...state, checking: undefined, typedCheck: {to: action.to, check: action.check}};
			// A picked candidate: straight to the confirmation (which shows any refusal).
			return {...state, checking: undefined, phase: {kind: 'confirm-move', cache: phase.cache, to: action.to, check: action.check}};
		}
		case 'confirm':
			if (phase.kind === 'confirm-move') {
				if (!action.yes || phase.check.refusals.length > 0)
					return {...state, phase: {kind: 'targets', cache: phase.cache, selected: 0}, checking: undefined};
				return {
					...state,
					phase: {kind: 'moving', input: {kind: phase.cache, to: phase.to, keepSource: state.keepSource}, startedAt: action.at ?? 0},
				};
			}
			if (phase.kind === 'confirm-clean') {
				return action.yes ? {...state, phase: {kind: 'cleaning', input: {kind: phase.clean}}} : {...state, phase: {kind: 'overview'}};
			}
			return state;
		case 'clean': {
			if (phase.kind !== 'overview' || state.inspectInput) return state;
			const cache = action.clean === 'modcache' ? 'gomodcache' : 'gocache';
			if (state.reports[cache]?.unusable) return state;
			return {...state, phase: {kind: 'confirm-clean', clean: action.clean}};
		}
		case 'next':
			return phase.kind === 'overview' ? {...state, next: (state.next ?? 0) + 1} : state;
		case 'share-open':
			return phase.kind === 'overview' ? {...state, phase: {kind: 'share', share: openShare()}} : state;
		case 'toggle-keep':
			return phase.kind === 'overview' || (phase.kind === 'targets' && !phase.field) ? {...state, keepSource: !state.keepSource} : state;
		case 'back':
			if (phase.kind === 'targets' && !phase.field)
				return {...state, phase: {kind: 'overview'}, benchInput: undefined, checking: undefined};
			if (phase.kind === 'result') return {...state, phase: {kind: 'overview'}};
			return state;
	}
}

function taskEvent(state: CacheState, action: Extract<CacheAction, {type: 'task-event'}>): CacheState {
	if (action.task === 'inspect') {
		const event = action.event;
		if (event.type === 'located') {
			const reports: Partial<Record<CacheKind, CacheReport>> = {};
			for (const kind of CACHES) {
				reports[kind] = unmeasuredReport(event.locations[kind]);
			}
			// The overview shows as soon as the paths are known; sizes fill in while counting.
			return {...state, reports, counting: {}, phase: state.phase.kind === 'inspecting' ? {kind: 'overview'} : state.phase};
		}
		if (event.type === 'counting') return {...state, counting: {...state.counting, [event.kind]: {files: event.files, bytes: event.bytes}}};
		const counting = {...state.counting};
		delete counting[event.report.kind];
		return {...state, reports: {...state.reports, [event.report.kind]: event.report}, counting};
	}
	if (action.task === 'bench') return {...state, benchmarks: {...state.benchmarks, [action.event.result.path]: action.event.result}};
	if (action.task === 'move' && state.phase.kind === 'moving') {
		const event = action.event;
		if (event.type === 'copy') return {...state, phase: {...state.phase, progress: event.progress, at: action.at ?? state.phase.at}};
		if (event.type === 'step')
			return {
				...state,
				phase: {...state.phase, step: event.action === 'goenv' ? `setting ${KEY[event.kind]}` : `moving ${KEY[event.kind]}`},
			};
		return {...state, phase: {...state.phase, step: `counting ${KEY[event.kind]}: ${event.files} files`}};
	}
	return state;
}

function taskDone(state: CacheState, action: Extract<CacheAction, {type: 'task-done'}>): CacheState {
	// An inspection a change underneath replaced answers late: the newer one runs on (see isStale).
	if (action.task === 'inspect' && isStale(action, state.inspectInput)) return state;
	if (action.task === 'inspect')
		return {
			...state,
			inspectInput: undefined,
			reports: {...state.reports, ...action.result},
			counting: {},
			phase: state.phase.kind === 'inspecting' ? {kind: 'overview'} : state.phase,
		};
	if (action.task === 'bench') return {...state, benchInput: undefined};
	if (action.task === 'move' && state.phase.kind === 'moving') {
		const result = action.result;
		const lines = result.moves.map(
			m =>
				`Moved ${KEY[m.kind]} to ${m.to} (${m.method}, ${m.files} files, ${m.ms} ms)${result.changeSet ? ` as change set #${result.changeSet.id}; undo from the rollback log or gotune rollback --to ${result.changeSet.id}` : ''}.`,
		);
		if (result.moves.some(m => m.kind === 'gomodcache' && m.method !== 'switch')) {
			lines.push(
				'The next build recompiles packages from the module cache once: their build-cache keys include the module directory (unless -trimpath). Verify shows it.',
			);
		}
		return {...state, inspectInput: {}, phase: {kind: 'result', ok: true, lines}};
	}
	if (action.task === 'clean' && state.phase.kind === 'cleaning') {
		const r = action.result;
		return {
			...state,
			inspectInput: {},
			phase: {
				kind: 'result',
				ok: true,
				lines: [
					`go clean -${r.kind}: ${sized(r.before.bytes)} → ${sized(r.after.bytes)} (${r.after.files ?? 'unknown number of'} files left) in ${r.ms} ms.`,
				],
			},
		};
	}
	return state;
}

const SHARE_TASKS = new Set(['shareGo', 'sharePlan', 'shareApply']);

function isShareAction(action: CacheAction): action is ShareAction {
	return action.type.startsWith('share-') && action.type !== 'share-open' ? true : 'task' in action && SHARE_TASKS.has(action.task);
}

const sized = (bytes: number | null) => (bytes === null ? 'size unknown' : formatBytes(bytes));

function clamp(value: number, count: number): number {
	return Math.max(0, Math.min(count - 1, value));
}

/** What the move would stage (for the shell's "pending changes" on quit). */
export function pendingFor(state: CacheState): Array<{target: string; summary: string}> {
	const {phase} = state;
	if (phase.kind === 'share' && phase.share.step === 'plan' && phase.share.plan.serverCheck.ok)
		return [
			{
				target: `GOCACHEPROG in the GOENV file and ${phase.share.plan.binary}`,
				summary: `share the build cache through ${phase.share.plan.serverCheck.server}`,
			},
		];
	if (phase.kind !== 'confirm-move') return [];
	return [{target: `${KEY[phase.cache]} (the cache directory and the GOENV file)`, summary: `move to ${phase.to}`}];
}

/** The step's work, by id. candidates and check answer as the reducer's own 'candidates' and 'checked' actions. */
export type CacheTasks = ShareTasks & {
	inspect: Task<Record<string, never>, InspectEvent, CacheReports>;
	bench: Task<{paths: string[]}, BenchmarkEvent, DiskBenchmark[]>;
	move: Task<CacheMoveInput, MoveEvent, MoveResult>;
	clean: Task<{kind: CleanKind}, CleanEvent, CleanResult>;
	candidates: Task<CacheReport, never, Candidate[]>;
	/** The target path, the cache's report and whether the source is kept: checked again when any of them changes. */
	check: Task<[string, CacheReport, boolean], never, TargetCheck>;
};

const OVERVIEW_KEYS: Array<KeyBinding<CacheAction>> = [
	{keys: ['up', 'k'], action: {type: 'move-cursor', by: -1}, hint: 'cache'},
	{keys: ['down', 'j'], action: {type: 'move-cursor', by: 1}, hint: 'cache'},
	{keys: ['m'], action: {type: 'choose-target'}, hint: 'move'},
	{keys: ['c'], action: {type: 'clean', clean: 'cache'}, hint: 'clean'},
	{keys: ['t'], action: {type: 'clean', clean: 'testcache'}, hint: 'expire tests'},
	{keys: ['f'], action: {type: 'clean', clean: 'fuzzcache'}, hint: 'clean fuzz'},
	{keys: ['s'], action: {type: 'toggle-keep'}, hint: 'keep source'},
	{keys: ['h'], action: {type: 'share-open'}, hint: 'share with the team'},
	{keys: ['return'], action: {type: 'next'}, hint: 'continue'},
];
/** Overview keys that wait until inspection has ended. */
const WAITS_FOR_COUNT = new Set<CacheAction['type']>(['choose-target', 'clean']);
const TARGET_KEYS: Array<KeyBinding<CacheAction>> = [
	{keys: ['up', 'k'], action: {type: 'move-cursor', by: -1}, hint: 'target'},
	{keys: ['down', 'j'], action: {type: 'move-cursor', by: 1}, hint: 'target'},
	{keys: ['return'], action: {type: 'pick'}, hint: 'choose'},
	{keys: ['p'], action: {type: 'type-path'}, hint: 'type a path'},
	{keys: ['escape'], action: {type: 'back'}, hint: 'back'},
];
const RESULT_KEYS: Array<KeyBinding<CacheAction>> = [{keys: ['return', 'escape'], action: {type: 'back'}, hint: 'back to the caches'}];

/** The keys in each phase; the y/N questions are the kit's Confirmation, the path field takes the rest (text). */
export function cacheBindings(state: CacheState): Array<KeyBinding<CacheAction>> {
	const {phase} = state;
	if (phase.kind === 'overview') {
		// c cleans what the selected cache offers (the module cache has one kind).
		const clean = cleanKindsFor(selectedCache(state))[0]!;
		const keys = OVERVIEW_KEYS.map((b): KeyBinding<CacheAction> => (b.hint === 'clean' ? {...b, action: {type: 'clean', clean}} : b));
		// A move needs the count and a clean its "before": until inspection ends they are not offered (the hint line shows them then).
		return state.inspectInput ? keys.filter(b => !WAITS_FOR_COUNT.has(b.action.type)) : keys;
	}
	if (phase.kind === 'targets') return phase.field ? [] : TARGET_KEYS;
	if (phase.kind === 'share') return shareBindings(phase.share);
	return phase.kind === 'result' ? RESULT_KEYS : [];
}

const typingPath = ({phase}: CacheState) => phase.kind === 'targets' && phase.field !== undefined;
/** A text field is up: the move's path or the share's server address. */
const typing = (state: CacheState) => typingPath(state) || (state.phase.kind === 'share' && typingServer(state.phase.share));

export const cacheModel: Model<CacheState, CacheAction, CacheTasks> = {
	reducer: (state, action) => {
		// The candidates and the check answer as the reducer's own actions (tested as such).
		if ('task' in action && action.task === 'candidates') {
			if (action.type === 'task-done') return cacheReducer(state, {type: 'candidates', candidates: action.result});
			return action.type === 'task-failed' ? cacheReducer(state, {type: 'candidates', candidates: []}) : state;
		}
		if ('task' in action && action.task === 'check')
			return action.type === 'task-done' && state.checking !== undefined
				? cacheReducer(state, {type: 'checked', to: state.checking, check: action.result})
				: state;
		return cacheReducer(state, action);
	},
	bindings: cacheBindings,
	effects: state => {
		const {phase} = state;
		const report = phase.kind === 'targets' ? state.reports[phase.cache] : undefined;
		return {
			inspect: state.inspectInput,
			bench: state.benchInput,
			move: phase.kind === 'moving' ? phase.input : undefined,
			clean: phase.kind === 'cleaning' ? phase.input : undefined,
			candidates: report,
			check: report && state.checking !== undefined ? [state.checking, report, state.keepSource] : undefined,
			...shareEffects(phase.kind === 'share' ? phase.share : undefined),
		};
	},
	cancelOnEscape: ['move', 'clean', 'shareApply'],
	pending: pendingFor,
	text: (state, input, key) =>
		typingPath(state) ? {type: 'key', input, key} : typing(state) ? {type: 'share-key', input, key} : undefined,
	typing,
	captures: typing,
	// Every phase but the overview is a sub-screen whose Esc goes back to it (or cancels the move), not to the Proxy step.
	claimsEscape: ({phase}) => phase.kind !== 'overview' && phase.kind !== 'inspecting',
	next: state => state.next,
};
