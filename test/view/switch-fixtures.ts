import type {ChangeSet} from '../../source/core/journal/index.js';
import type {PolicyView} from '../../source/core/switch/policy.js';
import type {UsePlan} from '../../source/core/switch/use.js';
import type {PinPlan} from '../../source/core/switch/pin.js';
import type {FoundGo} from '../../source/core/toolchain.js';
import {TaskCancelled} from '../../source/core/task.js';
import {parseGoVersion} from '../../source/core/version.js';
import type {SwitchOutcome, SwitchWork} from '../../source/ui/services/switch.js';
import {fakeServices, fakeSwitch, findings, type FakeServices} from './fixtures.js';

/**
 * The Toolchain step's switch action with its services answering like the core does (shapes of planUse, runUse,
 * planPin, policyView): shared by the view tests of its keys and the layout test.
 */
export const HOME = '/tmp/gotune-test-view/home';
/** go1.27.3 installed in ~/sdk (as golang.org/dl does): newer than the go on PATH (fixtures: Debian's 1.23). */
export const go127: FoundGo & {version: NonNullable<FoundGo['version']>} = {
	path: `${HOME}/sdk/go1.27.3/bin/go`,
	realPath: `${HOME}/sdk/go1.27.3/bin/go`,
	aliases: [],
	onPath: false,
	origin: 'sdk',
	version: parseGoVersion('go1.27.3')!,
};
export const binDir = go127.path.replace(/\/go$/, '');
const usePlan: UsePlan = {
	go: go127,
	binDir,
	goBin: go127.path,
	startup: {
		shell: 'bash',
		shellPath: '/bin/bash',
		file: `${HOME}/.bashrc`,
		reason: 'bash reads ~/.bashrc',
		lines: [`export PATH='${binDir}':"$PATH"`],
	},
	already: false,
	newerInstalled: [],
	useNow: `export PATH='${binDir}':"$PATH"`,
	warnings: ['GOROOT=/usr/lib/go-1.23 is set in the environment'],
};
const changeSet = (id: string): ChangeSet => ({
	id,
	time: '2026-12-06T14:00:00.000Z',
	origin: 'wizard:toolchain',
	status: 'applied',
	entries: [],
});
const pinPlan: PinPlan = {
	spec: {argument: 'toolchain@go1.19.8', line: 'toolchain', version: 'go1.19.8'},
	goMod: '/work/p/go.mod',
	goSum: '/work/p/go.sum',
	dir: '/work/p',
	lines: {go: '1.22'},
	goBin: '/usr/lib/go-1.23/bin/go',
	installed: parseGoVersion('go1.23.5')!,
	gotoolchain: '',
};
const policy: PolicyView = {
	goBin: '/usr/lib/go-1.23/bin/go',
	base: 'go1.23.5',
	value: 'local',
	source: 'the OS environment',
	fromEnvironment: true,
	options: [
		{
			value: 'local',
			meaning: 'go always runs the installed toolchain',
			here: {base: 'go1.23.5', gotoolchain: 'local', runs: 'go1.23.5', reason: '', location: 'base'},
		},
		{
			value: 'auto',
			meaning: 'go downloads what a go.mod asks for',
			here: {base: 'go1.23.5', gotoolchain: 'auto', runs: 'go1.27.3', reason: '', location: 'module-cache', binary: go127.path},
		},
	],
};

/** A switching service that answers like the core does, and records the work it was given. */
export function switching(asked: SwitchWork[]) {
	return fakeSwitch(async (work, {emit, signal}) => {
		asked.push(work);
		if (work.kind === 'pin-run') {
			// A pin whose go is downloading a toolchain: its progress, then it waits until Esc aborts it.
			emit({kind: 'run', args: ['version']});
			emit({kind: 'go', line: 'go: downloading go1.27.3 (linux/amd64)'});
			emit({kind: 'download', bytes: 12_300_000, bytesPerSecond: 4_100_000});
			return new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new TaskCancelled('the pin'))));
		}
		const outcomes: Record<SwitchWork['kind'], () => SwitchOutcome> = {
			'use-plan': () => ({kind: 'use-plan', plan: usePlan}),
			'use-run': () => ({
				kind: 'use-run',
				plan: usePlan,
				result: {
					changeSet: changeSet('4'),
					proof: {command: ['/bin/bash', '-i', '-c', 'script'], goPath: go127.path, goVersion: 'go version go1.27.3 linux/amd64', ok: true},
				},
			}),
			'pin-plan': () => ({kind: 'pin-plan', plan: pinPlan}),
			'pin-run': () => {
				throw new Error('answered above');
			},
			'policy-view': () => ({kind: 'policy-view', view: policy}),
			'policy-plan': () => ({
				kind: 'policy-plan',
				value: 'auto',
				view: policy,
				planned: {
					key: 'GOTOOLCHAIN',
					before: {present: false},
					after: {present: true, value: 'auto'},
					unchanged: false,
					shadowedBy: 'local',
				},
				goenvFile: `${HOME}/.config/go/env`,
			}),
			'policy-run': () => ({
				kind: 'policy-run',
				value: 'auto',
				view: policy,
				changeSet: '5',
				proof: {goEnv: 'local', note: 'the OS environment wins'},
			}),
		};
		return outcomes[work.kind]();
	});
}

/** The fixtures' findings plus go1.27.3 in ~/sdk, and a switching service that records the work asked of it. */
export function withGo127(asked: SwitchWork[] = []): FakeServices {
	const found = findings();
	found.discovery = {...found.discovery, all: [...found.discovery.all, go127]};
	return {...fakeServices({result: found}), ...switching(asked)} as FakeServices;
}
