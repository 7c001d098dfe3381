import {describe, expect, it} from 'vitest';
import {initialShellState, pendingChanges, shellReducer, type ShellAction, type ShellState} from '../../source/ui/state/shell-state.js';

const reduce = (actions: ShellAction[], steps = 5, panels = 3): ShellState =>
	actions.reduce(shellReducer(steps, panels), initialShellState());

describe('shell state', () => {
	it('Tab goes step → each panel → step, Shift+Tab the other way', () => {
		const focusAfter = (n: number, reverse = false) => reduce(Array.from({length: n}, () => ({type: 'tab', reverse}) as const)).focus;
		expect(focusAfter(1)).toEqual({kind: 'panel', index: 0});
		expect(focusAfter(3)).toEqual({kind: 'panel', index: 2});
		expect(focusAfter(4)).toEqual({kind: 'step'});
		expect(focusAfter(1, true)).toEqual({kind: 'panel', index: 2});
	});

	it('the tab row keeps showing the last focused panel when focus returns to the step', () => {
		const state = reduce([{type: 'tab'}, {type: 'tab'}, {type: 'focus-step'}]);
		expect(state.focus).toEqual({kind: 'step'});
		expect(state.shownPanel).toBe(1);
	});

	it('stays within the steps, and moving between steps gives the keys back to the step', () => {
		expect(reduce([{type: 'back'}]).step).toBe(0);
		expect(reduce(Array.from({length: 9}, () => ({type: 'next'}) as const)).step).toBe(4);
		const moved = reduce([{type: 'tab'}, {type: 'capture-keys', capture: true}, {type: 'next'}]);
		expect(moved.focus).toEqual({kind: 'step'});
		expect(moved.keysCaptured).toBe(false);
	});

	it('keeps pending changes per step; an empty list clears them', () => {
		const change = {target: 'go.mod', summary: 'go mod init example.com/x'};
		const staged = reduce([
			{type: 'set-pending', stepId: 'module', changes: [change]},
			{type: 'set-pending', stepId: 'proxy', changes: [{target: 'GOPROXY', summary: 'direct'}]},
		]);
		expect(pendingChanges(staged)).toHaveLength(2);
		const cleared = shellReducer(5, 3)(staged, {type: 'set-pending', stepId: 'module', changes: []});
		expect(pendingChanges(cleared)).toEqual([{target: 'GOPROXY', summary: 'direct'}]);
	});

	it('folds build events by id: a run keeps its place while it progresses, finishes or fails; unknown ids are ignored', () => {
		const state = reduce([
			{type: 'record', event: {type: 'build-started', id: 'c1', kind: 'cold', label: 'cold 1/3', go: 'go1.23.5', run: 1, of: 3}},
			{type: 'record', event: {type: 'build-started', id: 'w1', kind: 'warm', label: 'warm 1/3', go: 'go1.23.5', run: 1, of: 3}},
			{type: 'record', event: {type: 'build-progress', id: 'c1', done: 4, total: 19}},
			{type: 'record', event: {type: 'build-finished', id: 'c1', wallMs: 1000, hits: 0, misses: 19, slowest: []}},
			{type: 'record', event: {type: 'build-failed', id: 'w1', error: 'go: no Go files'}},
			{type: 'record', event: {type: 'build-progress', id: 'nope', done: 1, total: 1}},
			{type: 'record', event: {type: 'modules', reused: 3, downloaded: 1}},
		]);
		expect(state.measurements.builds.map(b => [b.id, b.status, b.done, b.wallMs, b.error])).toEqual([
			['c1', 'done', 4, 1000, undefined],
			['w1', 'failed', undefined, undefined, 'go: no Go files'],
		]);
		expect(state.measurements.modules).toEqual({reused: 3, downloaded: 1});
	});
});

describe('shell state: moving (issue 19)', () => {
	it('go-to moves to any other step, fresh keys, help closed; Enter marks the step left done, jumps do not', () => {
		const jumped = reduce([{type: 'capture-keys', capture: true}, {type: 'toggle-help'}, {type: 'go-to', step: 3}]);
		expect(jumped.step).toBe(3);
		expect(jumped.keysCaptured).toBe(false);
		expect(jumped.help).toBe(false);
		expect(jumped.done).toEqual([]);
		expect(reduce([{type: 'go-to', step: 9}]).step).toBe(0);
		const walked = reduce([{type: 'next'}, {type: 'next'}, {type: 'go-to', step: 0}, {type: 'next'}]);
		expect(walked.done).toEqual([0, 1]);
		expect(walked.step).toBe(1);
	});
});
