import {describe, expect, it} from 'vitest';
import type {ChangeSet} from '../../source/core/journal/contract.js';
import {keyFor, splitKeys} from '../../source/ui/kit/keys.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {initialRollbackLogState, rollbackLogModel, type RollbackLogState} from '../../source/ui/panels/rollback-log-model.js';

const set = (id: string, status: ChangeSet['status'] = 'applied'): ChangeSet => ({
	id,
	time: '2026-12-06T10:00:00Z',
	origin: 'wizard:proxy',
	status,
	entries: [],
});
const SETS = [set('3'), set('2', 'rolled-back'), set('1')];
const model = rollbackLogModel(sets => sets.filter(s => s.id === '3'));
const reduce = withKeys(model);

/** The state after the journal read answered, then KEYS (one read, split like useKeys does). */
function after(keys: string, state: RollbackLogState = reduce(initialRollbackLogState(), {type: 'task-done', task: 'read', result: SETS})) {
	const presses = [...keys].flatMap(char => splitKeys(keyFor(char).input, keyFor(char).key));
	return presses.reduce((s, press) => reduce(s, {type: 'key', ...press}), state);
}

describe('rollback log model', () => {
	it('reads the journal first; keys do nothing until it answered', () => {
		const start = initialRollbackLogState();
		expect(model.effects(start).read).toBeDefined();
		expect(after('u', start)).toBe(start);
		const read = after('');
		expect(read.sets).toBe(SETS);
		expect(model.effects(read).read).toBeUndefined();
	});

	it('u on a rolled-back set says so; u asks about the selected one and y runs the undo once', () => {
		expect(after('ju').message).toBeUndefined();
		// j is no key here: arrows move; the second set is already undone.
		const down = reduce(after(''), {type: 'move', by: 1});
		expect(after('u', down).message).toBe('#2 is already undone.');
		const asked = after('u');
		expect(asked.prompt?.question).toBe('Undo #3 (0 changes)? y/n');
		expect(model.captures?.(asked)).toBe(true);
		const undoing = after('yy', asked);
		expect(model.effects(undoing).undo).toEqual({what: {changeSets: ['3']}});
		expect(undoing.prompt).toBeUndefined();
		const kept = after('n', asked);
		expect([kept.prompt, kept.message]).toEqual([undefined, 'Nothing undone.']);
	});

	it('U undoes this run only, and says when there is nothing; an undo ends by reading again', () => {
		expect(after('U').prompt).toMatchObject({what: 'run', question: 'Undo this run (1 set)? y/n'});
		const none = rollbackLogModel(() => []);
		const read = withKeys(none)(initialRollbackLogState(), {type: 'task-done', task: 'read', result: SETS});
		expect(withKeys(none)(read, {type: 'key', ...keyFor('U')}).message).toBe('Nothing from this run to undo.');
		const failed = reduce(after('uy'), {type: 'task-failed', task: 'undo', message: 'disk full'});
		expect(failed.message).toBe('Not undone: disk full');
		expect(model.effects(failed).read).toBeDefined();
	});
});
