import {describe, expect, it} from 'vitest';
import type {InitPlan} from '../../source/core/steps/module.js';
import {validateModulePath} from '../../source/core/module/validate-path.js';
import type {ModuleSnapshot} from '../../source/ui/services/module.js';
import {pressesOf} from '../helpers/keys.js';
import {withKeys} from '../../source/ui/kit/use-step.js';
import {
	busyTask,
	choicesFor,
	initialModuleState,
	moduleModel,
	pendingFor,
	type ModuleAction,
	type ModuleState,
} from '../../source/ui/steps/module/model.js';

const reduce = withKeys(moduleModel((path, tags) => validateModulePath(path, {tags})));
const snapshot: ModuleSnapshot = {
	dir: '/work/proj',
	checks: [],
	hasModule: false,
	tags: [],
	suggestion: {path: 'proj', detail: 'from the directory name'} as ModuleSnapshot['suggestion'],
	demoDir: '/demo',
};
const plan = {
	modulePath: 'example.com/app',
	dir: '/work/proj',
	goModFile: '/work/proj/go.mod',
	command: ['go', 'mod', 'init', 'example.com/app'],
} as unknown as InitPlan;

/** Keys as the terminal might deliver them (one read), split and reduced one at a time. */
function type(state: ModuleState, chunk: string): ModuleState {
	return pressesOf(chunk, {text: state.phase.kind === 'edit'}).reduce((s, press) => reduce(s, {type: 'key', ...press}), state);
}
const run = (state: ModuleState, ...actions: ModuleAction[]) => actions.reduce(reduce, state);
const loaded = run(initialModuleState, {type: 'task-done', task: 'check', result: snapshot});

describe('Module step reducer (no Ink, no go)', () => {
	it('starts by checking; the snapshot opens the menu with the suggested path in the field', () => {
		expect(busyTask(initialModuleState.phase)).toBe('check');
		expect(loaded.phase).toEqual({kind: 'menu'});
		expect(loaded.field).toEqual({value: 'proj', cursor: 4});
		expect(choicesFor(snapshot).map(c => c.id)).toEqual(['create', 'demo', 'skip']);
	});

	it('an existing module (not nested) is just reported; Enter asks to go on', () => {
		const found = run(initialModuleState, {type: 'task-done', task: 'check', result: {...snapshot, hasModule: true}});
		expect(found.phase.kind).toBe('found');
		expect(type(found, '\r').next).toBe(true);
	});

	it('menu keys: "jjk" moves down, down, up; Enter on create opens the field', () => {
		expect(type(loaded, 'jjk').selected).toBe(1);
		expect(type(loaded, '\u001B[B').selected).toBe(1);
		expect(type(loaded, 'jjjjjj').selected).toBe(2);
		expect(type(loaded, '\r').phase).toEqual({kind: 'edit'});
		// Keys after Enter in the same read land in the field.
		expect(type(loaded, '\r\u0015abc').field.value).toBe('abc');
	});

	it('the field: Backspaces in one read delete that many, never insert DEL; Esc goes back', () => {
		const editing = type(loaded, '\r');
		expect(type(editing, 'xyz\u007F\u007F\u007F').field.value).toBe('proj');
		expect(type(editing, '\u007F'.repeat(30)).field.value).toBe('');
		expect(type(editing, '\u001B').phase).toEqual({kind: 'menu'});
	});

	it('Enter on a path Go refuses does nothing; on a good one asks go (planning)', () => {
		const editing = type(loaded, '\r');
		expect(type(editing, '\u0015my project\r').phase.kind).toBe('edit');
		const planning = type(editing, '\u0015example.com/app\r');
		expect(planning.phase).toEqual({kind: 'planning', modulePath: 'example.com/app'});
		expect(busyTask(planning.phase)).toBe('plan');
		// Keys while go is asked change nothing.
		expect(type(planning, 'yy\r')).toBe(planning);
	});

	it('"yy" confirms once: one creating phase, later keys ignored until go answers', () => {
		const confirming = run(type(type(loaded, '\r'), '\u0015example.com/app\r'), {type: 'task-done', task: 'plan', result: plan});
		expect(confirming.phase.kind).toBe('confirm');
		expect(pendingFor(confirming.phase)).toEqual([{target: 'go.mod', summary: 'go mod init example.com/app in /work/proj'}]);
		const creating = type(confirming, 'yy');
		expect(creating.phase).toEqual({kind: 'creating', plan});
		expect(type(creating, 'y')).toBe(creating);
		const created = run(creating, {
			type: 'task-done',
			task: 'create',
			result: {ok: true, goModFile: '/work/proj/go.mod', goModText: 'module example.com/app\n', goOutput: ''},
		});
		expect(created.phase.kind).toBe('created');
		expect(pendingFor(created.phase)).toEqual([]);
		expect(type(created, 'tt').phase.kind).toBe('tidying');
	});

	it("n, Esc and Enter at the question go back to the field; a plan go blocks shows go's words", () => {
		const confirming = run(type(type(loaded, '\r'), '\u0015example.com/app\r'), {type: 'task-done', task: 'plan', result: plan});
		for (const no of ['n', '\u001B', '\r']) expect(type(confirming, no).phase).toEqual({kind: 'edit'});
		const blocked = run(type(type(loaded, '\r'), '\u0015example.com/app\r'), {
			type: 'task-done',
			task: 'plan',
			result: {...plan, blocked: {message: 'go: go.mod already exists'}} as InitPlan,
		});
		expect(blocked.phase).toEqual({kind: 'edit', goRefusal: 'go: go.mod already exists'});
	});

	it('a failed create shows the failure; a result for a phase already left is ignored', () => {
		const creating = type(run(type(type(loaded, '\r'), '\u0015example.com/app\r'), {type: 'task-done', task: 'plan', result: plan}), 'y');
		expect(run(creating, {type: 'task-failed', task: 'create', message: 'disk full'}).phase).toEqual({
			kind: 'failed',
			message: 'disk full',
		});
		expect(run(loaded, {type: 'task-done', task: 'create', result: {ok: false, goMessage: 'x'}})).toBe(loaded);
	});

	// At 80x24 go.mod after tidy has more lines than the box: the "↓ N more" row must come with a way to reach them.
	it('PgUp/PgDn scroll the findings and go.mod while they do not fit, and are offered only then', () => {
		const created: ModuleState = {
			...loaded,
			phase: {kind: 'created', outcome: {ok: true, goModFile: '/work/proj/go.mod', goModText: 'module m\n', goOutput: ''}},
		};
		const model = moduleModel((path, tags) => validateModulePath(path, {tags}));
		const fits = run(created, {type: 'info-window', total: 6, height: 8});
		expect(model.bindings(fits).flatMap(b => b.keys)).not.toContain('pagedown');
		expect(type(fits, '\u001B[6~').scroll).toBe(0);
		const tall = run(created, {type: 'info-window', total: 20, height: 8});
		expect(model.bindings(tall).flatMap(b => b.keys)).toEqual(expect.arrayContaining(['pageup', 'pagedown']));
		const down = type(tall, '\u001B[6~');
		expect(down.scroll).toBe(6);
		// Never past the last page, and back to the top.
		expect(type(down, '\u001B[6~\u001B[6~\u001B[6~').scroll).toBe(13);
		expect(type(down, '\u001B[5~\u001B[5~').scroll).toBe(0);
		// Another phase shows other lines: from the top again.
		expect(run(down, {type: 'tidy'}).scroll).toBe(0);
	});

	// Dropped before: a change underneath while the first check ran was lost when that check had looked before it.
	it('a change underneath during the first check starts the check again; later, a recheck beside what is shown', () => {
		const effects = moduleModel((path, tags) => validateModulePath(path, {tags})).effects;
		const changed = run(initialModuleState, {type: 'changed-underneath'});
		expect(changed.phase.kind).toBe('loading');
		expect(effects(changed).check).toBeDefined();
		expect(effects(changed).check).not.toBe(effects(initialModuleState).check);
		expect(run(loaded, {type: 'changed-underneath'}).recheck).toBeDefined();
	});

	// Seen in stale.test (debug log): recheck A's answer arrived after a change had asked for B but before useTasks
	// started B; taking it cleared B, and the step kept "Created go.mod" after the undo.
	it("a replaced recheck's late answer is ignored; the newer recheck's answer is taken", () => {
		const first = run(loaded, {type: 'changed-underneath'});
		const second = run(first, {type: 'changed-underneath'});
		const gone = {...snapshot, hasModule: false};
		const late = run(second, {type: 'task-done', task: 'recheck', result: {...snapshot, hasModule: true}, input: first.recheck});
		expect(late.recheck).toBe(second.recheck);
		const fresh = run(late, {type: 'task-done', task: 'recheck', result: gone, input: second.recheck});
		expect(fresh.recheck).toBeUndefined();
		expect(fresh.snapshot).toBe(gone);
	});
});
