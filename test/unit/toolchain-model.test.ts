import {describe, expect, it} from 'vitest';
import type {InstallPlan, InstallResult} from '../../source/core/install/install.js';
import {BUNDLED_RELEASES, type ReleaseTable} from '../../source/core/releases.js';
import {quietContext} from '../../source/core/task.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import type {SwitchOutcome, SwitchWork} from '../../source/ui/services/switch.js';
import {
	initialToolchainState,
	isLoading,
	toolchainBindings,
	toolchainModel,
	type ToolchainAction,
	type ToolchainState,
} from '../../source/ui/steps/toolchain/model.js';
import {pressesOf} from '../helpers/keys.js';
import {findings} from '../view/fixtures.js';
import {go127, withGo127} from '../view/switch-fixtures.js';

/** The step's reducer with keys, as useStep runs it: each key judged in the state the previous one left. */
const reduce = withKeys(toolchainModel);
const type = (state: ToolchainState, chunk: string) => pressesOf(chunk).reduce((s, press) => reduce(s, {type: 'key', ...press}), state);
const run = (state: ToolchainState, ...actions: ToolchainAction[]) => actions.reduce(reduce, state);
const hintsOf = (state: ToolchainState) => toolchainBindings(state).flatMap(b => (b.hint ? [b.hint] : []));

const checked = run(initialToolchainState(undefined), {type: 'task-done', task: 'check', result: findings()});
/** The findings on screen, 40 rows in a box of 10, the refresh done. */
const ready = run(checked, {type: 'layout', total: 40, height: 10}, {type: 'task-done', task: 'refresh', result: undefined});
const newer: ReleaseTable = {...BUNDLED_RELEASES, asOf: '2099-01-01'};
const plan = {release: {version: 'go1.27.1'}, prefix: '/p', startup: {file: '/h/.bashrc'}} as InstallPlan;

/** What the switching service (the view tests' fake, answering like the core) says to WORK. */
async function outcome(work: SwitchWork): Promise<SwitchOutcome> {
	return withGo127([]).switching.run(work, quietContext());
}
const found127 = findings();
found127.discovery = {...found127.discovery, all: [...found127.discovery.all, go127]};
/** The findings with go1.27.3 installed in ~/sdk beside the go that runs. */
const with127 = run(
	initialToolchainState(undefined),
	{type: 'task-done', task: 'check', result: found127},
	{type: 'task-done', task: 'refresh', result: undefined},
);

describe('Toolchain model: the findings (no Ink, no go)', () => {
	it('checks first, and reads the team requirement; keys do nothing while loading', () => {
		const start = initialToolchainState(undefined, 3);
		expect(isLoading(start)).toBe(true);
		expect(toolchainModel.effects(start)).toMatchObject({check: {kind: 'check', revision: 3}, requirement: {}});
		expect(type(start, '\rgit\u001B[B')).toBe(start);
	});

	it('findings kept by the service show at once and are checked again (no loading frame)', () => {
		const kept = initialToolchainState(findings());
		expect(isLoading(kept)).toBe(false);
		expect(kept.work).toEqual({kind: 'check', revision: 0});
	});

	it('after the checks: a background refresh; only a newer table re-runs the checks; a failed recheck keeps the findings', () => {
		expect(checked.work).toEqual({kind: 'refresh'});
		expect(run(checked, {type: 'task-done', task: 'refresh', result: undefined}).work).toBeUndefined();
		const used = checked.findings!.support!.table;
		expect(run(checked, {type: 'task-done', task: 'refresh', result: used}).work).toBeUndefined();
		const rechecking = run(checked, {type: 'task-done', task: 'refresh', result: newer});
		expect(rechecking.work).toEqual({kind: 'recheck', table: newer, revision: 0});
		expect(toolchainModel.effects(rechecking).recheck).toBe(rechecking.work);
		expect(run(rechecking, {type: 'task-failed', task: 'recheck', message: 'go hung'}).findings).toBe(checked.findings);
	});

	it('a failed check is shown, and Enter still goes on; a message for work that is not running changes nothing', () => {
		const failed = run(initialToolchainState(undefined), {type: 'task-failed', task: 'check', message: 'no go'});
		expect(failed.failed).toBe('no go');
		expect(type(failed, '\r').next).toBe(1);
		expect(run(ready, {type: 'task-done', task: 'recheck', result: findings()})).toBe(ready);
	});

	it('scroll keys that arrive together each move a row, clamped to the rows the view reported; Enter goes on, each time', () => {
		expect(type(ready, '\u001B[B\u001B[B').offset).toBe(2);
		expect(type(ready, 'jjjk').offset).toBe(2);
		expect(type(ready, 'k').offset).toBe(0);
		expect(type(ready, '\u001B[F').offset).toBe(31);
		expect(type(ready, '\u001B[6~\u001B[6~').offset).toBe(16);
		// All of it fits: no scroll keys, none advertised.
		const fits = run(ready, {type: 'layout', total: 5, height: 10});
		expect(type(fits, 'j')).toBe(fits);
		expect(hintsOf(fits)).not.toContain('scroll');
		expect(hintsOf(ready)).toContain('scroll');
		// A smaller box clamps an offset past its end.
		expect(run(type(ready, '\u001B[F'), {type: 'layout', total: 40, height: 30}).offset).toBe(11);
		expect(type(ready, '\r\r').next).toBe(2);
	});

	it('i is offered for an unsupported go or one older than the team requirement, not otherwise', () => {
		expect(hintsOf(ready)).toContain('install Go');
		const supported = {...findings(), support: {...findings().support!, status: 'supported' as const}};
		const current = run({...ready, work: {kind: 'recheck', revision: 0}}, {type: 'task-done', task: 'recheck', result: supported});
		expect(hintsOf(current)).not.toContain('install Go');
		const required = run(current, {type: 'task-done', task: 'requirement', result: '1.99'});
		expect(required.minVersion).toBe('1.99');
		expect(toolchainModel.effects(required).requirement).toBeUndefined();
		expect(hintsOf(required)).toContain('install Go');
	});
});

describe('Toolchain model: never stale (issue 19)', () => {
	it('a change underneath checks again with the new revision, and reads the team requirement again', () => {
		const changed = run(ready, {type: 'changed-underneath', revision: 4});
		expect(changed.work).toEqual({kind: 'recheck', table: ready.findings!.support!.table, revision: 4});
		expect(toolchainModel.effects(changed).requirement).toEqual({});
		// The answer replaces the findings: a GOENV file created by a team profile is no longer "does not exist yet".
		const fresh = {...findings(), checks: []};
		expect(run(changed, {type: 'task-done', task: 'recheck', result: fresh}).findings).toBe(fresh);
	});

	it('a change while other work runs is checked once that work is done; two changes make one more check', () => {
		const busy = run(checked, {type: 'changed-underneath', revision: 1}, {type: 'changed-underneath', revision: 2});
		expect(busy.work).toEqual({kind: 'refresh'});
		const after = run(busy, {type: 'task-done', task: 'refresh', result: undefined});
		expect(after.work).toEqual({kind: 'recheck', table: checked.findings!.support!.table, revision: 2});
		const done = run(after, {type: 'task-done', task: 'recheck', result: findings()});
		expect(done.work).toBeUndefined();
		expect(done.stale).toBe(false);
	});

	it('a change before the first answer restarts the check for the new revision (the kept answer may be of before)', () => {
		const start = initialToolchainState(undefined, 0);
		const changed = run(start, {type: 'changed-underneath', revision: 1});
		expect(changed.work).toEqual({kind: 'check', revision: 1});
		expect(toolchainModel.effects(changed).check).not.toBe(toolchainModel.effects(start).check);
	});

	it('a change while a sub-screen is open re-checks underneath it, leaving the user where they are', () => {
		const open = type(ready, 'g');
		const changed = run(open, {type: 'changed-underneath', revision: 5});
		expect(changed.switcher).toBe(open.switcher);
		expect(changed.work).toMatchObject({kind: 'recheck', revision: 5});
	});
});

describe('Toolchain model: install Go (a sub-screen)', () => {
	const choices = [
		{version: 'go1.27.1', note: 'newest go1.27'},
		{version: 'go1.26.8', note: 'newest go1.26'},
	];
	const choosing = run(type(ready, 'i'), {type: 'task-done', task: 'install-releases', result: choices});

	it('walks releases -> choose -> planning -> confirm -> installing -> done; closing re-checks the findings', () => {
		const opened = type(ready, 'i');
		expect(opened.install).toEqual({phase: 'releases', input: {}});
		expect(toolchainModel.effects(opened)['install-releases']).toEqual({});
		expect(toolchainModel.claimsEscape!(opened)).toBe(true);
		// Two downs in one read stop at the end; Enter in the same read picks it.
		const planning = type(choosing, '\u001B[B\u001B[B\r');
		expect(planning.install).toEqual({phase: 'planning', input: {version: 'go1.26.8'}});
		expect(toolchainModel.effects(planning)['install-plan']).toEqual({version: 'go1.26.8'});
		const asking = run(planning, {type: 'task-done', task: 'install-plan', result: plan});
		expect(toolchainModel.pending!(asking)).toEqual([{target: '/p and the PATH block in /h/.bashrc', summary: 'install go1.27.1'}]);
		// "yy" in one read installs once.
		const installing = type(asking, 'yy');
		expect(installing.install).toEqual({phase: 'installing', plan});
		expect(toolchainModel.effects(installing)['install-run']).toBe(plan);
		expect(toolchainModel.captures!(installing)).toBe(true);
		expect(toolchainModel.cancelOnEscape).toEqual(['install-run']);
		// Esc (the task's cancel is useTasks'), q, Enter: nothing of the model's own while it runs.
		expect(type(installing, '\u001B\rq')).toBe(installing);
		const evented = run(installing, {type: 'task-event', task: 'install-run', event: {kind: 'verify', sha256: 'x'}, at: 5});
		expect(evented.install).toMatchObject({phase: 'installing', event: {kind: 'verify'}, startedAt: 5, at: 5});
		const done = run(evented, {type: 'task-done', task: 'install-run', result: {version: 'go1.26.8'} as InstallResult});
		expect(done.install?.phase).toBe('done');
		const back = type(done, '\r');
		expect(back.install).toBeUndefined();
		expect(back.work).toMatchObject({kind: 'recheck'});
	});

	it('Esc leaves only the sub-screen: back to the findings, not to another step', () => {
		expect(toolchainModel.claimsEscape!(choosing)).toBe(true);
		const back = type(choosing, '\u001B');
		expect(back.install).toBeUndefined();
		expect(back.work).toBeUndefined();
		expect(toolchainModel.claimsEscape!(back)).toBe(false);
		// From the findings, Esc is not the step's: the shell's (back a step).
		expect(type(back, '\u001B')).toBe(back);
	});

	it('n, Esc or Enter at the question go back without installing; a cancel or failure says so', () => {
		const asking = run(type(choosing, '\r'), {type: 'task-done', task: 'install-plan', result: plan});
		for (const key of ['n', '\u001B', '\r']) expect(type(asking, key).install).toBeUndefined();
		const installing = type(asking, 'y');
		expect(run(installing, {type: 'task-cancelled', task: 'install-run'}).install).toMatchObject({
			phase: 'failed',
			message: expect.stringContaining('nothing was installed'),
		});
		const planning = type(choosing, '\r');
		expect(run(planning, {type: 'task-failed', task: 'install-plan', message: 'boom'}).install).toEqual({phase: 'failed', message: 'boom'});
		expect(run(type(ready, 'i'), {type: 'task-done', task: 'install-releases', result: []}).install).toMatchObject({phase: 'failed'});
		// A failure is closed with Enter, without a recheck (nothing changed).
		expect(type(run(planning, {type: 'task-failed', task: 'install-plan', message: 'boom'}), '\r').work).toBeUndefined();
	});
});

describe('Toolchain model: the go commands, use, pin, GOTOOLCHAIN (a sub-screen)', () => {
	it('g lists them with a cursor that stops at both ends; u plans for the selected go, then asks', async () => {
		expect(hintsOf(with127)).toContain('use go1.27.3');
		const listed = type(with127, 'g\u001B[A');
		expect(listed.switcher).toEqual({phase: 'choose', selected: 0});
		const planning = type(listed, 'u');
		const work = toolchainModel.effects(planning).switch!;
		expect(work).toMatchObject({kind: 'use-plan', what: expect.stringContaining('go1.27.3')});
		const asking = run(planning, {type: 'task-done', task: 'switch', result: await outcome(work)});
		expect(asking.switcher?.phase).toBe('confirm');
		expect(toolchainModel.pending!(asking)).toEqual([{target: 'the PATH block', summary: expect.stringContaining('first on PATH?')}]);
		const applying = type(asking, 'y');
		expect(toolchainModel.effects(applying).switch).toMatchObject({kind: 'use-run'});
		expect(toolchainModel.captures!(applying)).toBe(true);
		// Esc does not leave a change being written.
		expect(type(applying, '\u001B')).toBe(applying);
		const done = run(applying, {type: 'task-done', task: 'switch', result: await outcome(toolchainModel.effects(applying).switch!)});
		expect(done.switcher?.phase).toBe('done');
		const back = type(done, '\r');
		expect(back.switcher).toBeUndefined();
		expect(back.work).toMatchObject({kind: 'recheck'});
	});

	it('Esc steps back one sub-screen at a time: a plan being made, the policy list, then the go list, then the findings', async () => {
		const listed = type(with127, 'g');
		expect(type(listed, 'p\u001B').switcher).toEqual({phase: 'choose', selected: 0});
		const policy = run(type(listed, 't'), {type: 'task-done', task: 'switch', result: await outcome({kind: 'policy-view'})});
		expect(policy.switcher?.phase).toBe('policy');
		const once = type(policy, '\u001B');
		expect(once.switcher).toEqual({phase: 'choose', selected: 0});
		expect(toolchainModel.claimsEscape!(once)).toBe(true);
		const twice = type(policy, '\u001B\u001B');
		expect(twice.switcher).toBeUndefined();
		expect(toolchainModel.claimsEscape!(twice)).toBe(false);
	});

	it('t opens the policy from the findings; down and Enter plan the value, n goes back', async () => {
		const viewing = type(with127, 't');
		expect(toolchainModel.effects(viewing).switch).toEqual({kind: 'policy-view'});
		const policy = run(viewing, {type: 'task-done', task: 'switch', result: await outcome({kind: 'policy-view'})});
		expect(policy.switcher).toMatchObject({phase: 'policy', selected: 0});
		const planning = type(policy, '\u001B[B\r');
		expect(toolchainModel.effects(planning).switch).toEqual({kind: 'policy-plan', value: 'auto'});
		const asking = run(planning, {type: 'task-done', task: 'switch', result: await outcome({kind: 'policy-plan', value: 'auto'})});
		expect(toolchainModel.pending!(asking)).toEqual([{target: 'GOTOOLCHAIN in the GOENV file', summary: expect.any(String)}]);
		expect(type(asking, 'n').switcher).toMatchObject({phase: 'policy'});
	});

	it('a pin reports progress and Esc cancels it; a failure says why and Enter goes back without a recheck', async () => {
		const asking = run(type(with127, 'g\u001B[B\u001B[Bp'), {
			type: 'task-done',
			task: 'switch',
			result: await outcome({kind: 'pin-plan', spec: 'go1.19.8'}),
		});
		const pinning = type(asking, 'y');
		expect(toolchainModel.effects(pinning).switch).toMatchObject({kind: 'pin-run'});
		const progressed = run(
			pinning,
			{type: 'task-event', task: 'switch', event: {kind: 'run', args: ['version']}},
			{type: 'task-event', task: 'switch', event: {kind: 'go', line: 'go: downloading go1.27.3 (linux/amd64)'}},
		);
		expect(progressed.switcher).toMatchObject({phase: 'busy', progress: {text: 'go version: go: downloading go1.27.3 (linux/amd64)'}});
		expect(hintsOf(progressed)).toEqual(['cancel (go.mod is put back)']);
		expect(type(progressed, '\u001B').switcher).toEqual({phase: 'choose', selected: 2});
		const failed = run(type(with127, 'gp'), {type: 'task-failed', task: 'switch', message: 'no go.mod'});
		expect(failed.switcher).toEqual({phase: 'failed', message: 'no go.mod'});
		const back = type(failed, '\r');
		expect(back.switcher).toBeUndefined();
		expect(back.work).toBeUndefined();
	});

	it('a sub-screen does not open over the other', () => {
		const listed = type(with127, 'g');
		expect(run(listed, {type: 'install-open'})).toBe(listed);
		const installing = type(with127, 'i');
		expect(run(installing, {type: 'switch-open'})).toBe(installing);
	});
});
