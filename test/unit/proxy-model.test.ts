import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {checkPatterns, composeGoproxy, goproxyWarnings, parseGosumdb, validateCandidateUrl} from '../../source/core/proxy/index.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {initialProxyState, noCandidateAdvice, proxyModel, type ProxyState} from '../../source/ui/steps/proxy/model.js';
import {probeResult, proxyContext} from '../view/fixtures.js';

// The Proxy step's model as useStep runs it: keys through bindings(state), tasks from effects(state), their typed
// messages back into the reducer. No Ink, no go, no network; the validators are the real pure core functions.
const pure = {
	validateUrl: validateCandidateUrl,
	checkPatterns,
	validateGosumdb: parseGosumdb,
	compose: composeGoproxy,
	warnings: goproxyWarnings,
};
const model = proxyModel(pure);
const reduce = withKeys(model);
const KEY = {return: false, escape: false, backspace: false, delete: false, ctrl: false, meta: false, tab: false};
const press = (state: ProxyState, input: string, over: Partial<typeof KEY> = {}) =>
	reduce(state, {type: 'key', input, key: {...KEY, ...over} as Key});
const type = (state: ProxyState, text: string) => [...text].reduce((s, ch) => press(s, ch), state);
const enter = (state: ProxyState) => press(state, '', {return: true});

function probedNothingWorks(over: Parameters<typeof proxyContext>[0] = {}): ProxyState {
	const context = proxyContext(over);
	let state = reduce(initialProxyState(), {type: 'task-done', task: 'context', result: context});
	const results = context.candidates.map(c => probeResult(c.shown, {ok: false, error: 'not-found', status: 404, latencyMs: null}));
	state = reduce(state, {type: 'task-done', task: 'probe', result: {module: 'golang.org/x/text@v0.14.0', results, elapsedMs: 100}});
	return state;
}

describe('Proxy step model (useStep)', () => {
	it('asks for the first look, then the probe; the context task failing is the failed phase', () => {
		const start = initialProxyState();
		expect(model.effects(start).context).toBeDefined();
		expect(model.effects(start).probe).toBeUndefined();
		const probing = reduce(start, {type: 'task-done', task: 'context', result: proxyContext()});
		expect(model.effects(probing).context).toBeUndefined();
		expect(model.effects(probing).probe).toEqual(probing.phase.kind === 'probing' ? probing.phase.input : 'not probing');
		expect(model.cancelOnEscape).toEqual(['probe', 'proof']);
		const failed = reduce(start, {type: 'task-failed', task: 'context', message: 'go env failed'});
		expect(failed.phase).toEqual({kind: 'failed', message: 'go env failed'});
		expect(model.effects(failed).context).toBeUndefined();
		// Enter on the failure goes on (next counts up once per Enter).
		expect(model.next!(enter(failed))).toBe(1);
	});

	it('review -> apply -> proof -> done through typed task messages; pending while staged only', () => {
		const context = proxyContext({settings: {...proxyContext().settings, GOPROXY: 'direct'}});
		let state = reduce(initialProxyState(), {type: 'task-done', task: 'context', result: context});
		const results = context.candidates.map(c => probeResult(c.shown, {latencyMs: 10}));
		state = reduce(state, {type: 'task-done', task: 'probe', result: {module: 'golang.org/x/text@v0.14.0', results, elapsedMs: 100}});
		expect(model.pending!(state).map(c => c.target)).toEqual(['GOPROXY in the GOENV file']);
		state = enter(state);
		expect(state.phase.kind).toBe('review');
		expect(model.captures!(state)).toBe(true);
		state = reduce(state, {type: 'confirm', yes: true});
		expect(state.phase.kind).toBe('applying');
		expect(model.effects(state).apply).toEqual([{key: 'GOPROXY', value: expect.stringContaining('https://')}]);
		expect(model.pending!(state)).toEqual([]);
		state = reduce(state, {type: 'task-done', task: 'apply', result: '7'});
		expect(state.phase.kind).toBe('proving');
		expect(model.effects(state).proof).toEqual({module: 'golang.org/x/text@v0.14.0', settings: expect.any(Object)});
		state = reduce(state, {
			type: 'task-done',
			task: 'proof',
			result: {ok: false, module: 'golang.org/x/text@v0.14.0', durationMs: 5, error: '404', downloads: []},
		});
		expect(state.phase).toMatchObject({kind: 'confirm-rollback', changeSet: '7'});
		state = reduce(state, {type: 'confirm', yes: true});
		expect(model.effects(state).rollback).toBe('7');
		state = reduce(state, {type: 'task-failed', task: 'rollback', message: 'journal locked'});
		expect(state.phase).toMatchObject({kind: 'done', rolledBack: false, rollbackError: 'journal locked'});
		expect(model.effects(state).rollback).toBeUndefined();
	});

	it('nothing works with the stand-in module: says so, points at go mod tidy, and m probes another module', () => {
		let state = probedNothingWorks({
			requirements: [],
			probesFallback: true,
			moduleSource: 'a well-known public module (no requirement here)',
		});
		expect(noCandidateAdvice(state, pure)).toMatch(/golang\.org\/x\/text@v0\.14\.0 is only a stand-in.*go mod tidy.*press m/);
		expect(model.bindings(state).map(b => b.hint)).toContain('probe another module');
		state = press(state, 'm');
		expect(state.phase).toMatchObject({kind: 'edit', what: 'module'});
		expect(model.typing!(state)).toBe(true);
		// Validated as go does: the path by module.CheckPath, the version exact.
		expect(enter(type(state, 'example.com/demo')).fieldError).toMatch(/needs PATH@VERSION/);
		expect(type(state, 'demo@v1.0.0').fieldError).toMatch(/malformed module path "demo": missing dot in first path element/);
		expect(enter(type(state, 'example.com/demo@latest')).fieldError).toMatch(/"latest" is not an exact version/);
		state = enter(type(state, 'example.com/demo@v1.2.0'));
		expect(state.phase.kind).toBe('probing');
		expect(model.effects(state).probe?.module).toEqual({path: 'example.com/demo', version: 'v1.2.0'});
		// A typed module is no stand-in: the advice is only the way on.
		const results = state.rows.map(r => probeResult(r.url, {ok: false, error: 'not-found', status: 404, latencyMs: null}));
		state = reduce(state, {type: 'task-done', task: 'probe', result: {module: 'example.com/demo@v1.2.0', results, elapsedMs: 1}});
		expect(noCandidateAdvice(state, pure)).not.toMatch(/stand-in/);
		// Esc in the field goes back to the table without probing.
		expect(press(press(state, 'm'), '', {escape: true}).phase.kind).toBe('results');
	});

	it('a requirement that no candidate serves gets no stand-in advice', () => {
		const state = probedNothingWorks();
		expect(noCandidateAdvice(state, pure)).not.toMatch(/stand-in/);
		expect(model.next!(enter(state))).toBe(1);
	});

	it("PgUp/PgDn scroll Go's rules as bindings (footer and ? overlay), only while they do not fit; the offset is clamped", () => {
		const context = proxyContext();
		let state = reduce(initialProxyState(), {type: 'task-done', task: 'context', result: context});
		const results = context.candidates.map(c => probeResult(c.shown, {latencyMs: 10}));
		state = reduce(state, {type: 'task-done', task: 'probe', result: {module: 'golang.org/x/text@v0.14.0', results, elapsedMs: 100}});
		const hints = (s: ProxyState) => model.bindings(s).map(b => b.hint);
		expect(hints(state)).not.toContain("Go's rules");
		// Everything fits: no binding, and PgDn does nothing.
		state = reduce(state, {type: 'rules-window', total: 4, height: 6});
		expect(hints(state)).not.toContain("Go's rules");
		expect(press(state, '', {pageDown: true} as Partial<typeof KEY>).scroll).toBe(0);
		// 20 rows in a window of 6: a page is 4 rows; the last page starts at 15 (its first row says what is above).
		state = reduce(state, {type: 'rules-window', total: 20, height: 6});
		expect(
			model
				.bindings(state)
				.filter(b => b.hint === "Go's rules")
				.map(b => b.keys),
		).toEqual([['pageup'], ['pagedown']]);
		const pageDown = (s: ProxyState) => press(s, '', {pageDown: true} as Partial<typeof KEY>);
		state = pageDown(state);
		expect(state.scroll).toBe(4);
		state = pageDown(pageDown(pageDown(pageDown(state))));
		expect(state.scroll).toBe(15);
		state = press(state, '', {pageUp: true} as Partial<typeof KEY>);
		expect(state.scroll).toBe(11);
		// A taller window (the terminal grew) clamps the offset to its new last page.
		state = reduce(state, {type: 'rules-window', total: 20, height: 18});
		expect(state.scroll).toBe(3);
		// Past the results (a question is up) the keys are not the rules'.
		expect(hints(enter(state))).not.toContain("Go's rules");
	});
});
