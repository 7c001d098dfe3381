import {describe, expect, it} from 'vitest';
import type {VerifyOutcome} from '../../source/ui/services/verify.js';
import {keyFor} from '../../source/ui/kit/keys.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {
	CHANGED_SINCE,
	initialVerifyState,
	verifyModel,
	verifyReducer,
	type VerifyAction,
	type VerifyState,
} from '../../source/ui/steps/verify/model.js';

const run = (actions: VerifyAction[], state: VerifyState = initialVerifyState) => actions.reduce(verifyReducer, state);

function outcome(verdict: 'slower' | 'faster' | null, changeSets: string[] = ['4']): VerifyOutcome {
	return {
		project: '/p',
		runs: 1,
		changeSets,
		result: {
			project: '/p',
			sides: [],
			comparison: verdict === null ? null : {verdict, ratio: 1.4, perKind: [], baseline: {} as never, current: {} as never},
		},
	};
}

describe('Verify step reducer', () => {
	it('start makes the task input once (before/after when this run applied change sets); a second start while measuring is ignored', () => {
		const measuring = run([
			{type: 'change-sets', ids: ['4']},
			{type: 'start', dir: '/m', at: 1},
		]);
		expect(measuring.phase).toEqual({kind: 'measuring', started: 1, input: {runs: 3, beforeAfter: true, dir: '/m'}});
		expect(run([{type: 'start', at: 2}], measuring)).toBe(measuring);
		expect(run([{type: 'start', at: 1}]).phase).toMatchObject({input: {beforeAfter: false}});
	});

	it('runs stay between 1 and 9 and cannot change while measuring', () => {
		expect(run([{type: 'runs', by: -5}]).runs).toBe(1);
		expect(run(Array(10).fill({type: 'runs', by: 1})).runs).toBe(9);
		const measuring = run([{type: 'start', at: 1}]);
		expect(run([{type: 'runs', by: 1}], measuring)).toBe(measuring);
	});

	it('shows the build that runs, then the result; a failure carries the message; cancel goes back with a note', () => {
		const measuring = run([
			{type: 'start', at: 1},
			{
				type: 'task-event',
				task: 'measure',
				event: {type: 'build-started', id: 'x', kind: 'warm', label: 'warm 2/3', go: 'go1.23.5', run: 2, of: 3},
			},
		]);
		expect(measuring.phase).toMatchObject({kind: 'measuring', current: 'warm 2/3'});
		expect(run([{type: 'task-done', task: 'measure', result: outcome(null)}], measuring).phase.kind).toBe('done');
		expect(run([{type: 'task-failed', task: 'measure', message: 'go: boom'}], measuring).phase).toEqual({
			kind: 'failed',
			message: 'go: boom',
		});
		const cancelled = run([{type: 'task-cancelled', task: 'measure'}], measuring);
		expect(cancelled.phase.kind).toBe('ready');
		expect(cancelled.notes[0]).toMatch(/cancelled/);
	});

	it('offers the roll-back only when measurably slower; yes rolls back, no keeps the result', () => {
		const faster = run([
			{type: 'start', at: 1},
			{type: 'task-done', task: 'measure', result: outcome('faster')},
		]);
		expect(run([{type: 'offer-rollback'}], faster)).toBe(faster);
		const slower = run([
			{type: 'change-sets', ids: ['4']},
			{type: 'start', at: 1},
			{type: 'task-done', task: 'measure', result: outcome('slower')},
		]);
		const asking = run([{type: 'offer-rollback'}], slower);
		expect(asking.phase.kind).toBe('confirm-rollback');
		expect(run([{type: 'confirm-rollback', yes: false}], asking).phase.kind).toBe('done');
		const rolling = run([{type: 'confirm-rollback', yes: true}], asking);
		expect(rolling.phase.kind).toBe('rolling-back');
		const rolled = run([{type: 'rolled-back', entries: 2}], rolling);
		expect(rolled).toMatchObject({phase: {kind: 'ready'}, changeSets: []});
		expect(rolled.notes[0]).toMatch(/Rolled back change set #4 \(2 changes\)/);
	});

	it('save once at a time, then a note with the file', () => {
		const saving = run([{type: 'save'}]);
		expect(run([{type: 'save'}], saving)).toBe(saving);
		expect(run([{type: 'saved', file: '/x/r.md'}], saving)).toMatchObject({
			saving: false,
			notes: [expect.stringMatching(/Report saved to \/x\/r.md/)],
		});
	});

	it('a change underneath marks a result on screen as measured before it, once; other phases are left alone', () => {
		const done = run([
			{type: 'start', at: 1},
			{type: 'task-done', task: 'measure', result: outcome(null)},
		]);
		const marked = run([{type: 'changed-underneath'}, {type: 'changed-underneath'}], done);
		expect(marked.notes).toEqual([CHANGED_SINCE]);
		expect(run([{type: 'changed-underneath'}])).toBe(initialVerifyState);
		expect(run([{type: 'start', at: 1}, {type: 'changed-underneath'}]).notes).toEqual([]);
	});
});

describe('Verify step model (useStep)', () => {
	const reduce = withKeys(verifyModel);
	const press = (state: VerifyState, chars: string) => [...chars].reduce((s, char) => reduce(s, {type: 'key', ...keyFor(char)}), state);

	it('reads this run’s change sets once; m measures from state, Esc-cancellable; each Enter on finish asks again', () => {
		expect(verifyModel.effects(initialVerifyState).changeSets).toBeDefined();
		const read = reduce(initialVerifyState, {type: 'task-done', task: 'changeSets', result: ['4']});
		expect([read.changeSets, verifyModel.effects(read).changeSets]).toEqual([['4'], undefined]);
		const measuring = press(read, '+m');
		expect(verifyModel.effects(measuring).measure).toEqual({runs: 4, beforeAfter: true});
		expect(verifyModel.cancelOnEscape).toEqual(['measure']);
		// m again while measuring starts nothing new.
		expect(press(measuring, 'm')).toBe(measuring);
		expect(verifyModel.next?.(press(read, '\r\r'))).toBe(2);
	});

	it('s saves once at a time; the rollback and save tasks answer as the reducer’s own actions', () => {
		const measured = run([
			{type: 'start', at: 1},
			{type: 'task-done', task: 'measure', result: outcome(null)},
		]);
		const saving = press(measured, 'ss');
		expect(verifyModel.effects(saving).save).toBeDefined();
		const saved = reduce(saving, {type: 'task-failed', task: 'save', message: 'disk full'});
		expect([saved.saving, saved.notes]).toEqual([false, ['Report not saved: disk full']]);
		expect(verifyModel.effects(press(saving, 's')).save).toBe(verifyModel.effects(saving).save);
		const slower = run([
			{type: 'start', at: 1},
			{type: 'task-done', task: 'measure', result: outcome('slower')},
		]);
		const rolling = run([{type: 'offer-rollback'}, {type: 'confirm-rollback', yes: true}], slower);
		expect(verifyModel.effects(rolling).rollback).toEqual(['4']);
		expect(reduce(rolling, {type: 'task-done', task: 'rollback', result: 2}).phase.kind).toBe('ready');
	});

	it('offers s save report only once something is measured: not before, not while measuring, not after a failure (issue 19)', () => {
		const keysOf = (state: VerifyState) => verifyModel.bindings(state).map(b => b.keys[0]);
		const measuring = run([{type: 'start', at: 1}]);
		const failed = run([{type: 'task-failed', task: 'measure', message: 'go build failed'}], measuring);
		const done = run([{type: 'task-done', task: 'measure', result: outcome(null)}], measuring);
		expect(failed.phase.kind).toBe('failed');
		for (const state of [initialVerifyState, measuring, failed]) {
			expect(keysOf(state)).not.toContain('s');
			// The key does nothing there either: no save task starts.
			expect(verifyModel.effects(press(state, 's')).save).toBeUndefined();
		}
		expect(keysOf(done)).toContain('s');
		expect(verifyModel.effects(press(done, 's')).save).toBeDefined();
	});
});
