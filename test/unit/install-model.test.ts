import {describe, expect, it} from 'vitest';
import type {InstallPlan, InstallResult} from '../../source/core/install/install.js';
import {installBindings, installReducer, type InstallUi} from '../../source/ui/steps/toolchain/install-model.js';

const plan = {release: {version: 'go1.27.1'}, prefix: '/p'} as InstallPlan;

describe('installReducer', () => {
	it('walks releases -> choose -> planning -> confirm -> installing -> done', () => {
		let s = installReducer(undefined, {type: 'install-open'});
		expect(s?.phase).toBe('releases');
		s = installReducer(s, {
			type: 'task-done',
			task: 'install-releases',
			result: [
				{version: 'go1.27.1', note: ''},
				{version: 'go1.26.8', note: ''},
			],
		});
		s = installReducer(s, {type: 'install-move', by: 5});
		expect(s).toMatchObject({phase: 'choose', selected: 1});
		s = installReducer(s, {type: 'install-pick'});
		expect(s).toEqual({phase: 'planning', input: {version: 'go1.26.8'}});
		s = installReducer(s, {type: 'task-done', task: 'install-plan', result: plan});
		expect(s?.phase).toBe('confirm');
		s = installReducer(s, {type: 'install-answer', yes: true});
		expect(s?.phase).toBe('installing');
		s = installReducer(s, {type: 'task-event', task: 'install-run', event: {kind: 'verify', sha256: 'x'}});
		expect(s).toMatchObject({phase: 'installing', event: {kind: 'verify'}});
		s = installReducer(s, {type: 'task-done', task: 'install-run', result: {version: 'go1.26.8'} as InstallResult});
		expect(s?.phase).toBe('done');
		expect(installReducer(s, {type: 'install-close'})).toBeUndefined();
	});

	it('cannot be closed while installing or asking; a cancel or failure says so', () => {
		const installing: InstallUi = {phase: 'installing', plan};
		expect(installReducer(installing, {type: 'install-close'})).toBe(installing);
		expect(installReducer(installing, {type: 'install-pick'})).toBe(installing);
		expect(installReducer(installing, {type: 'task-cancelled', task: 'install-run'})).toMatchObject({
			phase: 'failed',
			message: expect.stringContaining('nothing was installed'),
		});
		expect(
			installReducer({phase: 'planning', input: {version: 'x'}}, {type: 'task-failed', task: 'install-plan', message: 'boom'}),
		).toEqual({phase: 'failed', message: 'boom'});
		expect(installReducer({phase: 'confirm', plan}, {type: 'install-answer', yes: false})).toBeUndefined();
		expect(installReducer({phase: 'releases', input: {}}, {type: 'task-done', task: 'install-releases', result: []})).toMatchObject({
			phase: 'failed',
		});
	});

	it('offers only the keys that do something in each phase', () => {
		expect(installBindings({phase: 'confirm', plan}).map(b => b.hint)).toEqual(['download and install', 'back']);
		expect(installBindings({phase: 'installing', plan})).toEqual([]);
		expect(installBindings({phase: 'choose', choices: [], selected: 0}).map(b => b.hint)).toEqual([
			'choose',
			'choose',
			'see the plan',
			'back',
		]);
	});
});
