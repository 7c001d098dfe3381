import {describe, expect, it} from 'vitest';
import type {PlannedChange} from '../../source/core/journal/contract.js';
import type {Profile} from '../../source/core/profile/profile.js';
import {keyFor} from '../../source/ui/kit/keys.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {initialTeamProfileState, teamProfileModel, type TeamProfileState} from '../../source/ui/onboarding/team-profile-model.js';

const reduce = withKeys(teamProfileModel);
const profile: Profile = {env: {GOPROXY: 'https://proxy.example', GOFLAGS: '-mod=mod'}};
const change = (key: string, unchanged = false): PlannedChange =>
	({key, before: {present: false}, after: {present: true, value: 'v'}, unchanged}) as PlannedChange;

function press(state: TeamProfileState, chars: string): TeamProfileState {
	return [...chars].reduce((s, char) => reduce(s, {type: 'key', ...keyFor(char)}), state);
}

/** Found and planned: GOPROXY and GOFLAGS to change, GOPATH unchanged. */
function planned(): TeamProfileState {
	let state = initialTeamProfileState();
	state = reduce(state, {type: 'task-done', task: 'find', result: {kind: 'found', file: '/r/gotune.json', profile, problems: []}});
	return reduce(state, {type: 'task-done', task: 'plan', result: [change('GOPROXY'), change('GOPATH', true), change('GOFLAGS')]});
}

describe('team profile model', () => {
	it('finds, then plans and checks go from the profile found; no profile at all is done at once', () => {
		const start = initialTeamProfileState();
		expect(teamProfileModel.effects(start)).toMatchObject({find: {}, plan: undefined, goCheck: undefined});
		const none = reduce(start, {type: 'task-done', task: 'find', result: {kind: 'none'}});
		expect(teamProfileModel.next?.(none)).toBe(true);
		const found = reduce(start, {type: 'task-done', task: 'find', result: {kind: 'found', file: 'f', profile, problems: []}});
		expect(teamProfileModel.effects(found)).toMatchObject({find: undefined, plan: profile, goCheck: profile, access: undefined});
		expect(planned().screen).toMatchObject({kind: 'plan', chosen: ['GOPROXY', 'GOFLAGS'], cursor: 0});
	});

	it('Space toggles the key under the cursor (keys of one read in turn), Enter applies the chosen ones, then builds', () => {
		const toggled = press(planned(), ' ');
		expect(toggled.screen).toMatchObject({chosen: ['GOFLAGS']});
		const down = reduce(toggled, {type: 'move', by: 1});
		const both = press(down, '  ');
		expect(both.screen).toMatchObject({chosen: ['GOFLAGS'], cursor: 1});
		const applying = press(both, '\r\r');
		expect(teamProfileModel.effects(applying).apply).toMatchObject({file: '/r/gotune.json', profile, chosen: ['GOFLAGS']});
		const applied = reduce(applying, {type: 'task-done', task: 'apply', result: undefined});
		expect(applied).toMatchObject({build: 'running', buildInput: '/r/gotune.json', screen: {kind: 'applied'}});
		// Enter while go builds: on once the build ends.
		const waiting = press(applied, '\r');
		expect(teamProfileModel.next?.(waiting)).toBe(false);
		const built = reduce(waiting, {type: 'task-done', task: 'build', result: {ok: true, dir: '/r', errorLines: [], durationMs: 5}});
		expect(teamProfileModel.next?.(built)).toBe(true);
	});

	it('failures become the problem screen; Enter goes on without the profile', () => {
		const refused = reduce(
			reduce(initialTeamProfileState(), {type: 'task-done', task: 'find', result: {kind: 'found', file: 'f', profile, problems: []}}),
			{
				type: 'task-failed',
				task: 'plan',
				message: 'go: bad GOPROXY',
			},
		);
		expect(refused.screen).toEqual({kind: 'problem', title: 'go refuses f', message: 'go: bad GOPROXY'});
		expect(teamProfileModel.next?.(press(refused, '\r'))).toBe(true);
		// Applying failed: nothing was written; Enter goes back to the plan (keys as chosen), s goes on without it.
		const notApplied = reduce(press(planned(), '\r'), {type: 'task-failed', task: 'apply', message: 'locked'});
		expect(notApplied.screen).toMatchObject({kind: 'apply-failed', message: 'locked'});
		expect(press(notApplied, '\r').screen).toMatchObject({kind: 'plan', chosen: ['GOPROXY', 'GOFLAGS']});
		expect(teamProfileModel.next?.(press(notApplied, 's'))).toBe(true);
	});
});

describe('team profile model: the profile buildCache (issue 23)', () => {
	const withCache: Profile = {env: {GOPRIVATE: 'example.com/p'}, buildCache: {server: 'http://10.0.0.7:31364'}};
	const query = 'github.com/bradfitz/go-tool-cache/cmd/go-cacher@v0.0.0-20260722201841-0bb331e19f64';
	const plan = {
		goVersion: 'go1.26.8',
		client: {pkg: query.split('@')[0]!, version: query.split('@')[1]!, binary: 'go-cacher', query, bundled: false},
		server: 'http://10.0.0.7:31364',
		gobin: '/h/go/bin',
		gobinExists: true,
		binary: '/h/go/bin/go-cacher',
		replacesBinary: false,
		value: '/h/go/bin/go-cacher --cache-server http://10.0.0.7:31364',
		current: '',
		shadowedByEnvironment: false,
		diskDir: '/h/.cache/go-cacher',
		serverCheck: {ok: true as const, server: 'http://10.0.0.7:31364', ms: 4},
		trimpath: false,
	};
	const ready = (inPlace = false) => ({kind: 'ready' as const, plan, goenvFile: '/h/.config/go/env', inPlace});

	/** Found and planned: GOPRIVATE to change (KEYS false: already set), the buildCache check's answer CHECK. */
	function plannedWith(check?: Parameters<typeof reduce>[1], keys = true): TeamProfileState {
		let state = reduce(initialTeamProfileState(), {
			type: 'task-done',
			task: 'find',
			result: {kind: 'found', file: '/r/gotune.json', profile: withCache, problems: []},
		});
		state = reduce(state, {type: 'task-done', task: 'plan', result: [change('GOPRIVATE', !keys)]});
		return check ? reduce(state, check) : state;
	}

	it('checks the buildCache in the background only when the profile has one, once', () => {
		expect(teamProfileModel.effects(planned()).buildCache).toBeUndefined();
		const checking = plannedWith();
		expect(teamProfileModel.effects(checking).buildCache).toBe(withCache);
		const checked = reduce(checking, {type: 'task-done', task: 'buildCache', result: ready()});
		expect(teamProfileModel.effects(checked).buildCache).toBeUndefined();
		// A check that could not run (go env failed) is a problem shown in the section, not a dead screen.
		const failed = reduce(checking, {type: 'task-failed', task: 'buildCache', message: 'cannot read go settings'});
		expect(failed.buildCache).toEqual({kind: 'problem', server: 'http://10.0.0.7:31364', problem: 'cannot read go settings'});
		expect(failed.screen.kind).toBe('plan');
	});

	it('Enter sets the cache up with the keys when it is ready, or while it is still checked; not when old go, down or in place', () => {
		const enter = (state: TeamProfileState) => teamProfileModel.effects(press(state, '\r')).apply;
		expect(enter(plannedWith({type: 'task-done', task: 'buildCache', result: ready()}))).toMatchObject({
			chosen: ['GOPRIVATE'],
			buildCache: true,
		});
		expect(enter(plannedWith())).toMatchObject({buildCache: true});
		const oldGo = {kind: 'old-go' as const, server: 'http://10.0.0.7:31364', goVersion: 'go1.23.12'};
		expect(enter(plannedWith({type: 'task-done', task: 'buildCache', result: oldGo}))).toMatchObject({buildCache: false});
		const down = {kind: 'problem' as const, server: 'http://10.0.0.7:31364', problem: 'cannot be reached'};
		expect(enter(plannedWith({type: 'task-done', task: 'buildCache', result: down}))).toMatchObject({buildCache: false});
		expect(enter(plannedWith({type: 'task-done', task: 'buildCache', result: ready(true)}))).toMatchObject({buildCache: false});
		// No key to change: Enter still sets up the cache; with it in place too, Enter goes on.
		expect(enter(plannedWith({type: 'task-done', task: 'buildCache', result: ready()}, false))).toMatchObject({
			chosen: [],
			buildCache: true,
		});
		const nothing = press(plannedWith({type: 'task-done', task: 'buildCache', result: ready(true)}, false), '\r');
		expect(teamProfileModel.next?.(nothing)).toBe(true);
	});

	it('progress while go install runs keeps the same apply input; Esc cancels back to the plan; a failure shows go and goes back', () => {
		const applying = press(plannedWith({type: 'task-done', task: 'buildCache', result: ready()}), '\r');
		const input = teamProfileModel.effects(applying).apply;
		const installing = reduce(applying, {type: 'task-event', task: 'apply', event: {kind: 'install', query: `go install ${query}`}});
		expect(installing.doing).toBe(`go install ${query} (through your GOPROXY)`);
		// The same object: a new one would restart the task (useTasks runs once per distinct input).
		expect(teamProfileModel.effects(installing).apply).toBe(input);
		const tool = reduce(applying, {type: 'task-event', task: 'apply', event: {kind: 'tool', word: 'dlv@v1.27.2', index: 1, of: 2}});
		expect(tool.doing).toBe('go install dlv@v1.27.2 (tool 1 of 2)');

		// Esc: back to the plan, so the apply input goes away and useTasks aborts go install.
		const cancelled = press(installing, '\u001B');
		expect(teamProfileModel.effects(cancelled).apply).toBeUndefined();
		expect(cancelled.screen).toMatchObject({
			kind: 'plan',
			chosen: ['GOPRIVATE'],
			note: expect.stringMatching(/^Cancelled: nothing was changed/),
		});
		expect(cancelled.doing).toBeUndefined();
		// Enter again applies again, the note gone.
		expect(teamProfileModel.effects(press(cancelled, '\r')).apply).toMatchObject({buildCache: true, from: {note: undefined}});

		// Once the journal wrote the change set (the client's check runs), Esc has nothing left to cancel.
		const written = reduce(installing, {type: 'task-event', task: 'apply', event: {kind: 'check'}});
		expect(teamProfileModel.bindings(written)).toEqual([]);
		expect(press(written, '\u001B').screen.kind).toBe('applying');

		const message = 'go install x@v1 failed: go: x@v1: 410 Gone\nNothing was changed.';
		const failed = reduce(installing, {type: 'task-failed', task: 'apply', message});
		expect(failed.screen).toMatchObject({kind: 'apply-failed', message});
		expect(teamProfileModel.bindings(failed).map(b => b.hint)).toEqual(['back to the plan', 'go on without the profile']);
		expect(press(failed, '\r').screen).toMatchObject({kind: 'plan', chosen: ['GOPRIVATE']});

		const applied = reduce(applying, {type: 'task-done', task: 'apply', result: undefined});
		expect(applied.screen).toMatchObject({kind: 'applied', tools: 0});
	});
});
