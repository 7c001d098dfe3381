import type {PlannedChange} from '../../core/journal/index.js';
import type {Runtime} from '../../core/runtime.js';
import type {PinEvent, PinPlan, PinResult} from '../../core/switch/pin.js';
import type {PolicyProof, PolicyView} from '../../core/switch/policy.js';
import type {UsePlan, UseResult} from '../../core/switch/use.js';
import type {Task} from '../../core/task.js';
import type {JournalOpener} from './open-journal.js';

/** One piece of the Toolchain step's switch work: plan or run a use, a pin or a GOTOOLCHAIN policy. */
export type SwitchWork =
	| {kind: 'use-plan'; what: string}
	| {kind: 'use-run'; plan: UsePlan}
	| {kind: 'pin-plan'; spec: string}
	| {kind: 'pin-run'; plan: PinPlan}
	| {kind: 'policy-view'}
	| {kind: 'policy-plan'; value: string}
	| {kind: 'policy-run'; value: string; view: PolicyView};

export type SwitchOutcome =
	| {kind: 'use-plan'; plan: UsePlan}
	| {kind: 'use-run'; plan: UsePlan; result: UseResult}
	| {kind: 'pin-plan'; plan: PinPlan}
	| {kind: 'pin-run'; plan: PinPlan; result: PinResult}
	| {kind: 'policy-view'; view: PolicyView}
	| {kind: 'policy-plan'; value: string; view: PolicyView; planned: PlannedChange; goenvFile?: string}
	| {kind: 'policy-run'; value: string; view: PolicyView; changeSet?: string; proof: PolicyProof};

/** Only a pin reports progress (go's lines, a toolchain download's bytes): the others answer within seconds. */
export type SwitchServices = {switching: {run: Task<SwitchWork, PinEvent, SwitchOutcome>}};

/** Core is imported when the user opens the action; use, pin and the policy write through the wizard's one journal. */
export function createSwitchServices(runtime: Runtime, journal: JournalOpener): SwitchServices {
	return {
		switching: {
			run: async (work, context) => {
				switch (work.kind) {
					case 'use-plan': {
						const {planUse} = await import('../../core/switch/use.js');
						return {kind: 'use-plan', plan: await planUse(runtime, work.what)};
					}
					case 'use-run': {
						const {runUse} = await import('../../core/switch/use.js');
						return {kind: 'use-run', plan: work.plan, result: await runUse(runtime, work.plan, 'wizard:toolchain', await journal())};
					}
					case 'pin-plan': {
						const {planPin} = await import('../../core/switch/pin.js');
						return {kind: 'pin-plan', plan: await planPin(runtime, work.spec, '.')};
					}
					case 'pin-run': {
						const {runPin} = await import('../../core/switch/pin.js');
						// Esc cancels a pin (go may be downloading a toolchain): go.mod and go.sum are put back.
						const result = await runPin(runtime, work.plan, context, 'wizard:toolchain', await journal());
						return {kind: 'pin-run', plan: work.plan, result};
					}
					case 'policy-view': {
						const {policyView} = await import('../../core/switch/policy.js');
						return {kind: 'policy-view', view: await policyView(runtime)};
					}
					case 'policy-plan': {
						const [{policyView, checkPolicyValue}, opened] = await Promise.all([import('../../core/switch/policy.js'), journal()]);
						checkPolicyValue(work.value);
						const [view, [planned]] = await Promise.all([
							policyView(runtime, work.value),
							opened.plan([{key: 'GOTOOLCHAIN', value: work.value}]),
						]);
						return {
							kind: 'policy-plan',
							value: work.value,
							view,
							planned: planned!,
							...(opened.goenvFile ? {goenvFile: opened.goenvFile} : {}),
						};
					}
					case 'policy-run': {
						const [{provePolicy}, opened] = await Promise.all([import('../../core/switch/policy.js'), journal()]);
						const set = await opened.apply([{key: 'GOTOOLCHAIN', value: work.value}], 'wizard:toolchain');
						const option = work.view.options.find(o => o.value === work.value)!;
						const proof = await provePolicy(work.view, option, runtime.env, runtime.cwd);
						return {kind: 'policy-run', value: work.value, view: work.view, ...(set ? {changeSet: set.id} : {}), proof};
					}
				}
			},
		},
	};
}
