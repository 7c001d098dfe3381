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
		const notApplied = reduce(press(planned(), '\r'), {type: 'task-failed', task: 'apply', message: 'locked'});
		expect(notApplied.screen).toMatchObject({kind: 'problem', title: 'Not applied'});
	});
});
