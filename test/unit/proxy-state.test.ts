import {describe, expect, it} from 'vitest';
import {checkPatterns, composeGoproxy, goproxyWarnings, parseGosumdb, validateCandidateUrl} from '../../source/core/proxy/index.js';
import {
	composition,
	initialProxyState,
	plannedChanges,
	proxyReducer,
	type ProxyAction,
	type ProxyState,
} from '../../source/ui/steps/proxy/model.js';
import {probeResult, proxyContext} from '../view/fixtures.js';

// The step's reducer alone: no Ink, no go, no network. Validators are the real pure core functions.
const pure = {
	validateUrl: validateCandidateUrl,
	checkPatterns,
	validateGosumdb: parseGosumdb,
	compose: composeGoproxy,
	warnings: goproxyWarnings,
};
const reduce = proxyReducer(pure);
const run = (state: ProxyState, ...actions: ProxyAction[]) => actions.reduce(reduce, state);
const key = (input: string, over: Record<string, boolean> = {}) =>
	({
		type: 'key',
		input,
		key: {return: false, escape: false, backspace: false, delete: false, ctrl: false, meta: false, tab: false, ...over},
	}) as unknown as ProxyAction;
const enter = key('', {return: true});

function probed(): ProxyState {
	const context = proxyContext({
		candidates: [
			{url: 'https://a.example', shown: 'https://a.example', source: 'current'},
			{url: 'https://b.example', shown: 'https://b.example', source: 'default'},
			{url: 'https://c.example', shown: 'https://c.example', source: 'default'},
		],
	});
	const results = [
		probeResult('https://a.example', {latencyMs: 90}),
		probeResult('https://b.example', {latencyMs: 30}),
		probeResult('https://c.example', {ok: false, error: 'server-error', status: 502, latencyMs: null}),
	];
	return run(
		initialProxyState(),
		{type: 'context', context},
		{type: 'task-done', task: 'probe', result: {module: 'golang.org/x/text@v0.14.0', results, elapsedMs: 400}},
	);
}

describe('Proxy step reducer', () => {
	it('context starts a probe of every candidate; events fill rows as probes finish', () => {
		let state = run(initialProxyState(), {type: 'context', context: proxyContext()});
		expect(state.phase.kind).toBe('probing');
		expect(state.rows.map(r => [r.url, r.source])).toEqual([
			['https://proxy.golang.org', 'current'],
			['https://goproxy.cn', 'default'],
		]);
		state = run(
			state,
			{type: 'task-event', task: 'probe', event: {type: 'step', index: 0, url: 'https://proxy.golang.org', step: 'info'}},
			{type: 'task-event', task: 'probe', event: {type: 'result', index: 1, result: probeResult('https://goproxy.cn')}},
		);
		expect(state.rows[0]).toMatchObject({step: 'info'});
		expect(state.rows[1]!.result?.ok).toBe(true);
		state = run(state, {type: 'task-cancelled', task: 'probe'});
		expect(state.phase.kind).toBe('results');
		expect(state.rows[0]).toMatchObject({cancelled: true});
	});

	it('composes from the ranking, or from the rows the user picked, in pick order', () => {
		let state = probed();
		expect(composition(state, pure).value).toBe('https://b.example|https://a.example,direct');
		state = run(state, {type: 'toggle-pick'}, {type: 'move', by: 2}, {type: 'toggle-pick'}, {type: 'move', by: -2});
		// The failing row c cannot be picked.
		expect(state.picked).toEqual(['https://a.example']);
		state = run(state, {type: 'move', by: 1}, {type: 'toggle-pick'});
		expect(composition(state, pure).value).toBe('https://a.example|https://b.example,direct');
		expect(composition(run(state, {type: 'toggle-direct'}), pure).value).toBe('https://a.example|https://b.example');
	});

	it('after the probe, asks the best proxy which requirements it cannot serve', () => {
		const state = probed();
		expect(state.unservedInput).toEqual({requirements: [{path: 'golang.org/x/text', version: 'v0.14.0'}], proxyUrl: 'https://b.example'});
		expect(run(state, {type: 'task-done', task: 'unserved', result: ['golang.org/x/text']}).unserved).toEqual(['golang.org/x/text']);
	});

	it('adds a typed URL only when valid, then probes again with it', () => {
		let state = run(probed(), {type: 'edit', what: 'url'}, key('direct'));
		expect(state.fieldError).toMatch(/GOPROXY keyword/);
		state = run(state, enter);
		expect(state.phase.kind).toBe('edit');
		state = run(state, ...Array.from({length: 6}, () => key('', {backspace: true})), key('http://127.0.0.1:8080'), enter);
		expect(state.phase.kind).toBe('probing');
		expect(state.rows.map(r => r.url)).toContain('http://127.0.0.1:8080');
	});

	it('GOSUMDB off only after the confirmation; review lists only the keys that change; apply then proof with those settings', () => {
		let state = run(
			probed(),
			{type: 'edit', what: 'sumdb'},
			...Array.from({length: 14}, () => key('', {backspace: true})),
			key('off'),
			enter,
		);
		expect(state.phase.kind).toBe('confirm-sumdb-off');
		state = run(state, {type: 'confirm', yes: false});
		expect(state.gosumdb).toBe('sum.golang.org');
		state = run(state, {type: 'edit', what: 'sumdb'}, ...Array.from({length: 14}, () => key('', {backspace: true})), key('off'), enter, {
			type: 'confirm',
			yes: true,
		});
		expect(state.gosumdb).toBe('off');
		expect(plannedChanges(state, pure)).toEqual([
			{key: 'GOPROXY', value: 'https://b.example|https://a.example,direct'},
			{key: 'GOSUMDB', value: 'off'},
		]);
		state = run(state, {type: 'review'}, {type: 'confirm', yes: true});
		expect(state.phase).toEqual({kind: 'applying', changes: plannedChanges(state, pure)});
		state = run(state, {type: 'applied', changeSet: '7'});
		expect(state.phase).toEqual({
			kind: 'proving',
			changeSet: '7',
			input: {module: 'golang.org/x/text@v0.14.0', settings: {GOPROXY: 'https://b.example|https://a.example,direct', GOSUMDB: 'off'}},
		});
		state = run(state, {
			type: 'task-event',
			task: 'proof',
			event: {type: 'download', line: 'get https://b.example/golang.org/x/text/@v/v0.14.0.zip: 200 OK (0.1s)'},
		});
		state = run(state, {
			type: 'task-done',
			task: 'proof',
			result: {ok: true, module: 'golang.org/x/text@v0.14.0', downloads: [], durationMs: 900},
		});
		expect(state.phase).toMatchObject({kind: 'done', changeSet: '7', proof: {ok: true}});
		expect(state.downloads).toHaveLength(1);
	});

	it('a failed proof after a write asks to roll back at once: yes rolls back, no keeps (issue 18 item 7)', () => {
		const proving = run(probed(), {type: 'review'}, {type: 'confirm', yes: true}, {type: 'applied', changeSet: '8'});
		const failed = {ok: false, module: 'golang.org/x/text@v0.14.0', downloads: [], durationMs: 50, error: 'zip: not a valid zip file'};
		let state = run(proving, {type: 'task-done', task: 'proof', result: failed});
		expect(state.phase).toEqual({kind: 'confirm-rollback', changeSet: '8', proof: failed});
		state = run(state, {type: 'confirm', yes: true});
		expect(state.phase).toEqual({kind: 'rolling-back', changeSet: '8', proof: failed});
		expect(run(state, {type: 'rolled-back'}).phase).toEqual({kind: 'done', changeSet: '8', proof: failed, rolledBack: true});
		expect(run(state, {type: 'rollback-failed', message: 'locked'}).phase).toMatchObject({
			kind: 'done',
			rolledBack: false,
			rollbackError: 'locked',
		});
		const kept = run(proving, {type: 'task-failed', task: 'proof', message: 'no go on PATH'}, {type: 'confirm', yes: false});
		expect(kept.phase).toEqual({kind: 'done', changeSet: '8', error: 'no go on PATH', rolledBack: false});
		// Nothing was written (settings already in force): nothing to roll back.
		const unchanged = run(probed(), {type: 'review'}, {type: 'confirm', yes: true}, {type: 'applied', changeSet: null});
		expect(run(unchanged, {type: 'task-done', task: 'proof', result: failed}).phase).toMatchObject({kind: 'done', changeSet: null});
	});

	it('nothing works: review is not offered', () => {
		const state = run(
			initialProxyState(),
			{type: 'context', context: proxyContext()},
			{
				type: 'task-done',
				task: 'probe',
				result: {
					module: 'm@v1.0.0',
					results: [
						probeResult('https://proxy.golang.org', {ok: false, error: 'dns'}),
						probeResult('https://goproxy.cn', {ok: false, error: 'dns'}),
					],
					elapsedMs: 3,
				},
			},
		);
		expect(run(state, {type: 'review'}).phase.kind).toBe('results');
	});

	it('GONOPROXY/GONOSUMDB follow GOPRIVATE until set; only explicit ones are written', () => {
		let state = run(probed(), {type: 'edit', what: 'GOPRIVATE'}, key('*.corp.example'), enter);
		expect(plannedChanges(state, pure).map(c => c.key)).toEqual(['GOPROXY', 'GOPRIVATE']);
		state = run(state, {type: 'edit', what: 'GONOPROXY'}, key('none'), enter);
		expect(state.gonoproxy).toBe('none');
		expect(plannedChanges(state, pure).slice(1)).toEqual([
			{key: 'GOPRIVATE', value: '*.corp.example'},
			{key: 'GONOPROXY', value: 'none'},
		]);
		state = run(state, {type: 'edit', what: 'GONOPROXY'}, ...Array.from({length: 4}, () => key('', {backspace: true})), enter);
		expect(state.gonoproxy).toBeNull();
	});
});

describe('Proxy step reducer: a change underneath (issue 19, never stale)', () => {
	const settings = proxyContext().settings;
	const recheckDone = (context: ReturnType<typeof proxyContext>): ProxyAction => ({type: 'task-done', task: 'recheck', result: context});

	it('fields the user left alone follow the new settings; an edited one stays the user’s; the table stays when its candidates do', () => {
		let state = run(probed(), {type: 'changed-underneath'});
		expect(state.recheck).toBeDefined();
		state = run(state, {type: 'edit', what: 'sumdb'}, ...Array.from({length: 20}, () => key('', {backspace: true})));
		state = run(state, ...[...'sum.golang.google.cn'].map(char => key(char)), enter);
		expect(state.gosumdb).toBe('sum.golang.google.cn');
		const fresh = proxyContext({
			settings: {...settings, GOPRIVATE: '*.corp.example', GONOPROXY: '*.corp.example', GONOSUMDB: '*.corp.example', GOSUMDB: 'off'},
			candidates: probed().context!.candidates,
		});
		const rows = state.rows;
		state = run(state, recheckDone(fresh));
		expect(state.recheck).toBeUndefined();
		expect(state.context).toBe(fresh);
		expect(state.goprivate).toBe('*.corp.example');
		expect(state.gonoproxy).toBeNull();
		expect(state.gosumdb).toBe('sum.golang.google.cn');
		expect(state.phase.kind).toBe('results');
		expect(state.rows).toBe(rows);
	});

	it('new candidates (GOPROXY changed) probe the table again; a late first look does not undo a re-check', () => {
		const fresh = proxyContext({
			settings: {...settings, GOPROXY: 'https://mirror.example,direct'},
			candidates: [{url: 'https://mirror.example', shown: 'https://mirror.example', source: 'current'}],
		});
		let state = run(probed(), {type: 'changed-underneath'}, recheckDone(fresh));
		expect(state.phase.kind).toBe('probing');
		expect(state.rows.map(row => row.url)).toEqual(['https://mirror.example']);
		state = run(state, {type: 'context', context: proxyContext()});
		expect(state.context).toBe(fresh);
	});

	it('a failed re-check keeps what is shown', () => {
		const before = run(probed(), {type: 'changed-underneath'});
		const state = run(before, {type: 'task-failed', task: 'recheck', message: 'go env failed'});
		expect(state.recheck).toBeUndefined();
		expect(state.phase.kind).toBe('results');
		expect(state.context).toBe(before.context);
	});
});
