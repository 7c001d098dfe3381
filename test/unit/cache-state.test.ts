import {describe, expect, it} from 'vitest';
import type {CacheReport, Candidate} from '../../source/core/cache/index.js';
import type {TargetCheck} from '../../source/core/cache/refusals.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {
	cacheModel,
	cacheReducer,
	initialCacheState,
	relativeSpeed,
	type CacheAction,
	type CacheState,
} from '../../source/ui/steps/cache/model.js';
import {candidateLine, reportSize} from '../../source/ui/steps/cache/cache-lines.js';
import {NONE} from '../../source/ui/kit/keys.js';

const location = (kind: 'gocache' | 'gomodcache') => ({
	kind,
	key: kind === 'gocache' ? ('GOCACHE' as const) : ('GOMODCACHE' as const),
	path: `/home/a/${kind}`,
	source: 'goenv' as const,
	defaultPath: `/home/a/${kind}`,
	fromProcess: false,
});
const report = (kind: 'gocache' | 'gomodcache', over: Partial<CacheReport> = {}): CacheReport => ({
	...location(kind),
	exists: true,
	bytes: 1000,
	files: 10,
	filesystem: 'ext4',
	mountPoint: '/',
	freeBytes: 5e9,
	totalBytes: 10e9,
	warnings: [],
	...over,
});
const key = (over: Record<string, boolean> = {}) => ({...NONE, ...over});
const ok = (method: TargetCheck['method'] = 'copy'): TargetCheck => ({
	to: '/data/go-build',
	method,
	refusals: [],
	adopts: false,
	freeBytes: 9e9,
	needBytes: 1e8,
});
const run = (actions: CacheAction[], state = initialCacheState()) => actions.reduce(cacheReducer, state);

function located(): CacheState {
	return run([
		{
			type: 'task-event',
			task: 'inspect',
			event: {type: 'located', locations: {gocache: location('gocache'), gomodcache: location('gomodcache')}},
		},
	]);
}

describe('Cache step reducer', () => {
	it('shows the overview as soon as the paths are known, with live counts, then the counted reports', () => {
		let state = located();
		expect(state.phase.kind).toBe('overview');
		expect(state.reports.gocache?.bytes).toBeNull();
		state = cacheReducer(state, {type: 'task-event', task: 'inspect', event: {type: 'counting', kind: 'gocache', files: 120, bytes: 4e6}});
		expect(reportSize(state.reports.gocache!, state.counting.gocache)).toBe('counting… 120 files, 4.0 MB');
		state = cacheReducer(state, {
			type: 'task-event',
			task: 'inspect',
			event: {type: 'counted', report: report('gocache', {bytes: 36e6, files: 587})},
		});
		expect(state.counting.gocache).toBeUndefined();
		expect(reportSize(state.reports.gocache!, undefined)).toBe('36 MB in 587 files');
		// One of a kind is said as such (it read "0 B in 1 files").
		expect(reportSize({...state.reports.gocache!, bytes: 0, files: 1}, undefined)).toBe('0 B in 1 file');
		// While counting runs, moving and cleaning wait (sizes decide free-space checks).
		expect(cacheReducer(state, {type: 'choose-target'})).toBe(state);
		state = cacheReducer(state, {
			type: 'task-done',
			task: 'inspect',
			result: {gocache: report('gocache'), gomodcache: report('gomodcache')},
		});
		expect(state.inspectInput).toBeUndefined();
	});

	it('pick a candidate → its check → confirmation → moving with progress → result that re-inspects', () => {
		let state = run(
			[{type: 'task-done', task: 'inspect', result: {gocache: report('gocache'), gomodcache: report('gomodcache')}}],
			located(),
		);
		state = run([{type: 'move-cursor', by: 1}, {type: 'choose-target'}], state);
		expect(state.phase).toMatchObject({kind: 'targets', cache: 'gomodcache', selected: 0});
		const candidates: Candidate[] = [
			{path: '/home/a/go/pkg/mod', origin: 'default', mountPoint: '/', filesystem: 'ext4', freeBytes: 5e9, fits: true},
			{path: '/data/gomodcache', origin: 'mount', mountPoint: '/data', filesystem: 'xfs', freeBytes: 9e9, fits: true},
		];
		state = run([{type: 'candidates', candidates}], state);
		expect(state.benchInput).toEqual({paths: candidates.map(c => c.path)});
		state = run(
			[
				{
					type: 'task-event',
					task: 'bench',
					event: {type: 'benchmarked', index: 0, of: 2, result: {path: '/home/a/go/pkg/mod', opsPerSecond: 200, files: 400, ms: 2000}},
				},
				{
					type: 'task-event',
					task: 'bench',
					event: {type: 'benchmarked', index: 1, of: 2, result: {path: '/data/gomodcache', opsPerSecond: 800, files: 1600, ms: 2000}},
				},
			],
			state,
		);
		expect(relativeSpeed(state, '/home/a/go/pkg/mod')).toBe(0.25);
		expect(candidateLine(candidates[1]!, state.benchmarks['/data/gomodcache'], 1, 4)).toBe(
			'/data/gomodcache  (xfs at /data, 9.0 GB free)  ████ 800 files/s',
		);
		state = run([{type: 'move-cursor', by: 1}, {type: 'pick'}], state);
		expect(state.checking).toBe('/data/gomodcache');
		// A stale answer for another path is ignored.
		expect(cacheReducer(state, {type: 'checked', to: '/elsewhere', check: ok()})).toBe(state);
		state = run([{type: 'checked', to: '/data/gomodcache', check: ok()}], state);
		expect(state.phase).toMatchObject({kind: 'confirm-move', to: '/data/gomodcache'});
		state = run([{type: 'confirm', yes: true, at: 1000}], state);
		expect(state.phase).toEqual({kind: 'moving', input: {kind: 'gomodcache', to: '/data/gomodcache', keepSource: false}, startedAt: 1000});
		state = run(
			[
				{type: 'task-event', task: 'move', event: {type: 'step', step: 1, of: 2, kind: 'gomodcache', action: 'move-dir'}},
				{
					type: 'task-event',
					task: 'move',
					event: {
						type: 'copy',
						kind: 'gomodcache',
						elapsedMs: 10,
						progress: {phase: 'copy', files: 5, totalFiles: 10, bytes: 500, totalBytes: 1000},
					},
				},
			],
			state,
		);
		expect(state.phase).toMatchObject({step: 'moving GOMODCACHE', progress: {files: 5}});
		state = run(
			[
				{
					type: 'task-done',
					task: 'move',
					result: {
						changeSet: {id: '7', time: '', origin: 'wizard:cache', status: 'applied', entries: []},
						moves: [
							{kind: 'gomodcache', from: '/home/a/gomodcache', to: '/data/gomodcache', method: 'copy', files: 10, bytes: 1000, ms: 42},
						],
					},
				},
			],
			state,
		);
		expect(state.phase.kind).toBe('result');
		expect(state.phase.kind === 'result' && state.phase.lines.join('\n')).toMatch(
			/Moved GOMODCACHE to \/data\/gomodcache \(copy, 10 files, 42 ms\) as change set #7[\s\S]*recompiles packages from the module cache/,
		);
		expect(state.inspectInput).toEqual({});
	});

	it('a refused target goes back to the list; a typed path is checked as typed and Enter waits for its verdict', () => {
		let state = run(
			[{type: 'task-done', task: 'inspect', result: {gocache: report('gocache'), gomodcache: report('gomodcache')}}],
			located(),
		);
		state = run([{type: 'choose-target'}, {type: 'candidates', candidates: []}, {type: 'pick'}], state);
		expect(state.phase).toMatchObject({kind: 'targets', field: {value: ''}});
		state = run(
			[...'/d'].map(ch => ({type: 'key', input: ch, key: key()}) as CacheAction),
			state,
		);
		expect(state.checking).toBe('/d');
		expect(run([{type: 'key', input: '', key: key({return: true})}], state)).toBe(state);
		const refused = {...ok(), refusals: ['not writable']};
		state = run(
			[
				{type: 'checked', to: '/d', check: refused},
				{type: 'key', input: '', key: key({return: true})},
			],
			state,
		);
		expect(state.phase).toMatchObject({kind: 'confirm-move', check: {refusals: ['not writable']}});
		state = run([{type: 'confirm', yes: true}], state);
		expect(state.phase).toMatchObject({kind: 'targets', cache: 'gocache'});
	});

	it('clean asks first; a failed move says nothing changed; cancel says the copy was removed', () => {
		let state = run(
			[{type: 'task-done', task: 'inspect', result: {gocache: report('gocache'), gomodcache: report('gomodcache')}}],
			located(),
		);
		state = run([{type: 'clean', clean: 'testcache'}], state);
		expect(state.phase).toEqual({kind: 'confirm-clean', clean: 'testcache'});
		expect(run([{type: 'confirm', yes: false}], state).phase.kind).toBe('overview');
		state = run([{type: 'confirm', yes: true}], state);
		expect(state.phase).toEqual({kind: 'cleaning', input: {kind: 'testcache'}});
		state = run(
			[
				{
					type: 'task-done',
					task: 'clean',
					result: {kind: 'testcache', path: '/home/a/gocache', before: {bytes: 1000, files: 10}, after: {bytes: 1020, files: 11}, ms: 30},
				},
			],
			state,
		);
		expect(state.phase).toEqual({kind: 'result', ok: true, lines: ['go clean -testcache: 1.0 kB → 1.0 kB (11 files left) in 30 ms.']});

		const moving: CacheState = {...state, phase: {kind: 'moving', input: {kind: 'gocache', to: '/x', keepSource: false}, startedAt: 0}};
		expect(cacheReducer(moving, {type: 'task-failed', task: 'move', message: 'ENOSPC'}).phase).toMatchObject({
			kind: 'result',
			ok: false,
			lines: ['The move failed: ENOSPC', expect.stringContaining('Nothing changed')],
		});
		expect(cacheReducer(moving, {type: 'task-cancelled', task: 'move'}).phase).toMatchObject({
			kind: 'result',
			ok: false,
			lines: [expect.stringContaining('partial copy was removed')],
		});
	});
});

describe('Cache step model (useStep)', () => {
	const reduce = withKeys(cacheModel);
	const counted = () =>
		reduce(located(), {type: 'task-done', task: 'inspect', result: {gocache: report('gocache'), gomodcache: report('gomodcache')}});

	it('m opens the targets (a sub-screen that claims Esc); the candidates and each typed path are tasks from state', () => {
		expect(cacheModel.effects(initialCacheState()).inspect).toBeDefined();
		const targets = reduce(counted(), {type: 'key', input: 'm', key: key()});
		expect(targets.phase.kind).toBe('targets');
		expect(cacheModel.claimsEscape?.(targets)).toBe(true);
		expect(cacheModel.effects(targets).candidates).toBe(targets.reports.gocache);
		const typing = [...'p/d'].reduce((s, input) => reduce(s, {type: 'key', input, key: key()}), targets);
		expect([cacheModel.typing?.(typing), cacheModel.captures?.(typing)]).toEqual([true, true]);
		expect(cacheModel.effects(typing).check).toEqual(['/d', targets.reports.gocache, false]);
		const checked = reduce(typing, {type: 'task-done', task: 'check', result: ok()});
		expect(checked.typedCheck).toEqual({to: '/d', check: ok()});
		expect(cacheModel.effects(checked).check).toBeUndefined();
	});

	it('move and clean are offered (hint line) only once inspection ended: the view test waits for "m move"', () => {
		const hintsOf = (state: CacheState) => cacheModel.bindings(state).map(b => b.hint);
		const counting = located();
		expect(counting.phase.kind).toBe('overview');
		expect(hintsOf(counting)).not.toContain('move');
		expect(hintsOf(counting)).not.toContain('clean');
		expect(hintsOf(counted())).toEqual(expect.arrayContaining(['move', 'clean']));
	});

	it('Enter on the overview asks to go on, each time; the move and the clean are cancelled by Esc', () => {
		expect(cacheModel.next?.(reduce(reduce(counted(), {type: 'key', input: '', key: key({return: true})}), {type: 'next'}))).toBe(2);
		expect(cacheModel.cancelOnEscape).toEqual(['move', 'clean', 'shareApply']);
	});

	// The view test 'GOCACHE moved with go env -w in another terminal' failed now and then: the change came while the
	// first inspection was still running (its go env GOCACHEPROG part), was dropped, and nothing changed after it.
	it('a change underneath during an inspection starts the inspection again (a new input), not dropped', () => {
		const first = initialCacheState();
		const changed = cacheReducer(first, {type: 'changed-underneath'});
		expect(first.inspectInput).toBeDefined();
		expect(changed.inspectInput).toBeDefined();
		expect(changed.inspectInput).not.toBe(first.inspectInput);
	});

	it("a replaced inspection's late answer is ignored; the newer one's is taken", () => {
		const first = initialCacheState();
		const second = cacheReducer(first, {type: 'changed-underneath'});
		const result = {gocache: report('gocache'), gomodcache: report('gomodcache')};
		const late = cacheReducer(second, {type: 'task-done', task: 'inspect', result, input: first.inspectInput});
		expect(late).toBe(second);
		const fresh = cacheReducer(late, {type: 'task-done', task: 'inspect', result, input: second.inspectInput});
		expect(fresh.inspectInput).toBeUndefined();
		expect(fresh.phase.kind).toBe('overview');
	});
});
