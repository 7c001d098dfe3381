import {describe, expect, it} from 'vitest';
import {BUNDLED_RELEASES, type ReleaseTable} from '../../source/core/releases.js';
import {
	initialToolchainState,
	isLoading,
	toolchainReducer,
	type ToolchainState,
} from '../../source/ui/steps/toolchain/use-toolchain-state.js';
import {findings} from '../view/fixtures.js';
import {pressesOf} from '../helpers/keys.js';

const rows = {total: 40, height: 10};
function type(state: ToolchainState, chunk: string, view = rows): ToolchainState {
	return pressesOf(chunk).reduce((s, press) => toolchainReducer(s, {type: 'key', ...press, rows: view}), state);
}
const ready = toolchainReducer(initialToolchainState(undefined), {type: 'task-done', task: 'check', result: findings()});
const newer: ReleaseTable = {...BUNDLED_RELEASES, asOf: '2099-01-01'};

describe('Toolchain step reducer (no Ink, no go)', () => {
	it('checks first; keys do nothing while loading', () => {
		const start = initialToolchainState(undefined);
		expect(isLoading(start)).toBe(true);
		expect(start.work).toEqual({kind: 'check'});
		expect(type(start, '\r\u001B[B')).toBe(start);
	});

	it('a kept result shows at once and is re-read from the service (no loading frame)', () => {
		const kept = initialToolchainState(findings());
		expect(isLoading(kept)).toBe(false);
		expect(kept.work).toEqual({kind: 'check'});
	});

	it('after the checks: a background refresh; only a newer table re-runs the checks', () => {
		expect(ready.work).toEqual({kind: 'refresh'});
		expect(toolchainReducer(ready, {type: 'task-done', task: 'refresh', result: undefined}).work).toBeUndefined();
		const used = ready.findings!.support!.table;
		expect(toolchainReducer(ready, {type: 'task-done', task: 'refresh', result: used}).work).toBeUndefined();
		const rechecking = toolchainReducer(ready, {type: 'task-done', task: 'refresh', result: newer});
		expect(rechecking.work).toEqual({kind: 'recheck', table: newer});
		expect(toolchainReducer(rechecking, {type: 'task-failed', task: 'recheck', message: 'go hung'}).findings).toBe(ready.findings);
	});

	it('a failed check is shown, and Enter still goes on', () => {
		const failed = toolchainReducer(initialToolchainState(undefined), {type: 'task-failed', task: 'check', message: 'no go'});
		expect(failed.failed).toBe('no go');
		expect(type(failed, '\r').next).toBe(true);
	});

	it('scroll keys in one read each move a row, clamped to the content; Enter goes on', () => {
		expect(type(ready, '\u001B[B\u001B[B').offset).toBe(2);
		expect(type(ready, 'jjjk').offset).toBe(2);
		expect(type(ready, 'k').offset).toBe(0);
		expect(type(ready, '\u001B[F').offset).toBe(31);
		expect(type(ready, 'j', {total: 5, height: 10})).toBe(ready);
		expect(type(ready, '\r\r').next).toBe(true);
	});
});
