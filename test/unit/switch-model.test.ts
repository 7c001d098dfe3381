import {describe, expect, it} from 'vitest';
import type {PinEvent} from '../../source/core/switch/pin.js';
import {parseGoVersion} from '../../source/core/version.js';
import {switchBindings, switchChoices, switchReducer, type SwitchUi} from '../../source/ui/steps/toolchain/switch-model.js';
import type {FoundGo} from '../../source/core/toolchain.js';

const go = (path: string, version: string): FoundGo => ({
	path,
	realPath: path,
	aliases: [],
	onPath: false,
	origin: 'well-known',
	version: parseGoVersion(version),
});
const broken: FoundGo = {
	path: '/opt/broken/bin/go',
	realPath: '/opt/broken/bin/go',
	aliases: [],
	onPath: true,
	origin: 'PATH',
	versionError: 'crashed',
};
const all = [
	go('/usr/lib/go-1.19/bin/go', 'go1.19.8'),
	broken,
	go('/usr/local/go/bin/go', 'go1.26.8'),
	go('/sdk/go1.27.3/bin/go', 'go1.27.3'),
];
const choices = switchChoices({all, shadowed: [], winner: all[0]});

describe('switch state (the Toolchain step: go commands, use, pin, GOTOOLCHAIN)', () => {
	it('lists only go commands that answer go version, newest first', () => {
		expect(choices.map(c => c.path)).toEqual(['/sdk/go1.27.3/bin/go', '/usr/local/go/bin/go', '/usr/lib/go-1.19/bin/go']);
	});

	it('the cursor stops at both ends; u and p plan for the selected go', () => {
		let ui = switchReducer(undefined, {type: 'switch-open'}, choices);
		ui = switchReducer(ui, {type: 'switch-move', by: -1}, choices);
		expect(ui).toEqual({phase: 'choose', selected: 0});
		for (let i = 0; i < 5; i++) ui = switchReducer(ui, {type: 'switch-move', by: 1}, choices);
		expect(ui).toEqual({phase: 'choose', selected: 2});
		expect(switchReducer(ui, {type: 'switch-use'}, choices)).toMatchObject({
			phase: 'busy',
			work: {kind: 'use-plan', what: '/usr/lib/go-1.19/bin/go'},
		});
		expect(switchReducer(ui, {type: 'switch-pin'}, choices)).toMatchObject({phase: 'busy', work: {kind: 'pin-plan', spec: 'go1.19.8'}});
	});

	it('Esc leaves a plan being made and cancels a pin, but not another change being applied nor a question', () => {
		const choose: SwitchUi = {phase: 'choose', selected: 1};
		const planning = switchReducer(choose, {type: 'switch-use'}, choices)!;
		expect(switchReducer(planning, {type: 'switch-close'}, choices)).toEqual(choose);
		const running: SwitchUi = {phase: 'busy', work: {kind: 'policy-run', value: 'auto', view: {} as never}, back: choose};
		expect(switchReducer(running, {type: 'switch-close'}, choices)).toBe(running);
		expect(switchBindings(running)).toEqual([]);
		// A pin is the exception: go may download a toolchain for minutes; Esc cancels it (runPin puts go.mod back).
		const pinning: SwitchUi = {phase: 'busy', work: {kind: 'pin-run', plan: {} as never}, back: choose};
		expect(switchBindings(pinning)).toEqual([expect.objectContaining({keys: ['escape'], hint: 'cancel (go.mod is put back)'})]);
		expect(switchReducer(pinning, {type: 'switch-close'}, choices)).toEqual(choose);
		// While it runs, go's lines and the toolchain download's bytes replace the busy line's text.
		const events: PinEvent[] = [
			{kind: 'run', args: ['version']},
			{kind: 'go', line: 'go: downloading go1.27.3 (linux/amd64)'},
			{kind: 'download', bytes: 12_300_000, bytesPerSecond: 4_100_000},
		];
		const progressed = events.reduce<SwitchUi | undefined>(
			(ui, event) => switchReducer(ui, {type: 'task-event', task: 'switch', event}, choices),
			pinning,
		);
		expect(progressed).toMatchObject({
			phase: 'busy',
			progress: {text: 'go version: go: downloading go1.27.3 (linux/amd64): 12 MB so far, 4.1 MB/s'},
		});
		const asking: SwitchUi = {phase: 'confirm', rows: [], question: '?', yes: 'y', next: {kind: 'policy-view'}, back: choose};
		expect(switchReducer(asking, {type: 'switch-close'}, choices)).toBe(asking);
		expect(switchReducer(asking, {type: 'switch-answer', yes: false}, choices)).toEqual(choose);
		expect(switchReducer(asking, {type: 'switch-answer', yes: true}, choices)).toEqual({
			phase: 'busy',
			work: {kind: 'policy-view'},
			back: choose,
		});
	});

	it('a failed task says why; a cancelled one goes back', () => {
		const choose: SwitchUi = {phase: 'choose', selected: 0};
		const busy = switchReducer(choose, {type: 'switch-policy'}, choices)!;
		expect(switchReducer(busy, {type: 'task-failed', task: 'switch', message: 'no go on PATH'}, choices)).toEqual({
			phase: 'failed',
			message: 'no go on PATH',
		});
		expect(switchReducer(busy, {type: 'task-cancelled', task: 'switch'}, choices)).toEqual(choose);
	});
});
