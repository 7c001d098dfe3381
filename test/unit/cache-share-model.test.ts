import {describe, expect, it} from 'vitest';
import type {SharePlan} from '../../source/core/cache/share/index.js';
import {NONE} from '../../source/ui/kit/keys.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {cacheModel, initialCacheState, type CacheState} from '../../source/ui/steps/cache/model.js';

const reduce = withKeys(cacheModel);
const press = (state: CacheState, input: string, over: Partial<typeof NONE> = {}) =>
	reduce(state, {type: 'key', input, key: {...NONE, ...over}});
const overview = (): CacheState => ({...initialCacheState(), phase: {kind: 'overview'}, inspectInput: undefined});
const share = (state: CacheState) => (state.phase.kind === 'share' ? state.phase.share : undefined);

const plan = (ok: boolean): SharePlan =>
	({
		serverCheck: ok ? {ok: true, server: 'http://10.0.0.7:31364', ms: 3} : {ok: false, server: 'x', reason: 'unreachable', message: 'down'},
		binary: '/g/bin/go-cacher',
	}) as SharePlan;

describe('Cache step: the share sub-screen (model)', () => {
	it('h opens it; the go version comes first; old go says which release and where to get it', () => {
		const opened = press(overview(), 'h');
		expect(share(opened)?.step).toBe('go');
		expect(cacheModel.effects(opened).shareGo).toBeDefined();
		expect(cacheModel.claimsEscape?.(opened)).toBe(true);
		const old = reduce(opened, {type: 'task-done', task: 'shareGo', result: {goVersion: 'go1.23.12', supported: false}});
		expect(share(old)).toEqual({step: 'old-go', goVersion: 'go1.23.12'});
		expect(press(old, '', {escape: true}).phase.kind).toBe('overview');
	});

	it('Esc leaves only the sub-screen, one level at a time; a typed address with a path is refused before anything runs', () => {
		let state = reduce(press(overview(), 'h'), {type: 'task-done', task: 'shareGo', result: {goVersion: 'go1.26.8', supported: true}});
		expect([cacheModel.typing?.(state), cacheModel.captures?.(state)]).toEqual([true, true]);
		state = [...'http://10.0.0.7:31364/x'].reduce((s, input) => press(s, input), state);
		state = press(state, '', {return: true});
		expect(share(state)).toMatchObject({step: 'server', problem: expect.stringMatching(/has a path/)});
		expect(cacheModel.effects(state).sharePlan).toBeUndefined();
		state = press(press(state, '', {backspace: true}), '', {backspace: true});
		state = press(state, '', {return: true});
		expect(cacheModel.effects(state).sharePlan).toEqual({server: 'http://10.0.0.7:31364', trimpath: false});
		const planned = reduce(state, {type: 'task-done', task: 'sharePlan', result: plan(true)});
		expect(cacheModel.pending?.(planned)).toHaveLength(1);
		// t plans again with -trimpath; Esc goes back to the address, Esc again to the caches.
		expect(cacheModel.effects(press(planned, 't')).sharePlan).toEqual({server: 'http://10.0.0.7:31364', trimpath: true});
		const back = press(planned, '', {escape: true});
		expect(share(back)?.step).toBe('server');
		expect(press(back, '', {escape: true}).phase.kind).toBe('overview');
		// y applies (Esc cancels it); done, Enter goes back and inspects again.
		const applying = press(planned, 'y');
		expect(cacheModel.effects(applying).shareApply).toMatchObject({binary: '/g/bin/go-cacher'});
		expect(cacheModel.cancelOnEscape).toContain('shareApply');
		const done = reduce(applying, {
			type: 'task-done',
			task: 'shareApply',
			result: {
				changeSet: {id: '7', time: '', origin: 'wizard:cache share', status: 'applied', entries: []},
				binary: '/g/bin/go-cacher',
				client: {},
				value: '',
			},
		});
		expect(share(done)).toMatchObject({step: 'done', ok: true, lines: expect.arrayContaining([expect.stringMatching(/Change set #7/)])});
		const closed = press(done, '', {return: true});
		expect([closed.phase.kind, closed.inspectInput]).toEqual(['overview', {}]);
	});

	it('a server that did not answer: y does nothing, Enter goes back to the address', () => {
		let state = reduce(press(overview(), 'h'), {type: 'task-done', task: 'shareGo', result: {goVersion: 'go1.26.8', supported: true}});
		state = press(
			[...'http://10.0.0.7:1'].reduce((s, input) => press(s, input), state),
			'',
			{return: true},
		);
		const down = reduce(state, {type: 'task-done', task: 'sharePlan', result: plan(false)});
		expect(press(down, 'y')).toBe(down);
		expect(share(press(down, '', {return: true}))?.step).toBe('server');
	});
});
