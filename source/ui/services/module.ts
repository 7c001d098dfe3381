import type {Check} from '../../core/checks.js';
import type {InitOutcome, TidyOutcome} from '../../core/module/init-apply.js';
import type {InitRefusal, Nesting} from '../../core/module/init-guards.js';
import type {PathSuggestion} from '../../core/module/suggest-path.js';
import type {PathVerdict} from '../../core/module/validate-path.js';
import type {Runtime} from '../../core/runtime.js';
import type {InitPlan, ModuleCheck} from '../../core/steps/module.js';
import {lazyModule} from './lazy-module.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

/** What the Module step shows about the current directory. */
export type ModuleSnapshot = {
	dir: string;
	checks: Check[];
	hasModule: boolean;
	refusal?: InitRefusal;
	nesting?: Nesting;
	suggestion?: PathSuggestion;
	tags: string[];
	demoDir?: string;
};

/** The project later steps (Verify) build: the user's module, or gotune's demo. */
export type ChosenProject = {kind: 'module' | 'demo'; dir: string};

export type ModuleServices = {
	module: {
		/** Detection in the wizard's directory; the first call's result is kept. */
		/** FRESH: look again (something changed underneath) instead of the first look's answer. */
		check: (fresh?: boolean) => Promise<ModuleSnapshot>;
		/** Loads `validate`'s code (lazy-module.ts); undefined once it is there. The step's view waits for it. */
		ready: () => Promise<void> | undefined;
		/** Pure and synchronous: the verdict while the user types (Go confirms it in `plan`). */
		validate: (modulePath: string, tags: string[]) => PathVerdict;
		/** Go's own verdict (go mod init in a scratch dir) and what init would do. */
		plan: (modulePath: string) => Promise<InitPlan>;
		/** go mod init through the journal; `confirmNested` only after the nesting explanation was shown. */
		create: (modulePath: string, confirmNested: boolean) => Promise<InitOutcome>;
		/** go mod tidy through the journal, with the proxy settings in force; says "offline" rather than hang. */
		tidy: () => Promise<TidyOutcome>;
		choose: (project: ChosenProject) => void;
		chosen: () => ChosenProject | undefined;
	};
};

/** Core is imported lazily (after the first frame), like the toolchain services. */
export function createModuleServices(runtime: Runtime, journal: JournalOpener = journalOpener(runtime)): ModuleServices {
	let checking: Promise<ModuleCheck> | undefined;
	let chosen: ChosenProject | undefined;
	const core = () => import('../../core/steps/module.js');
	const rules = lazyModule('the module path rules', () => import('../../core/module/validate-path.js'));
	const look = () => core().then(m => m.checkModule(runtime, runtime.cwd));
	const check = (fresh = false) => (fresh ? (checking = look()) : (checking ??= look()));
	return {
		module: {
			check: async fresh => {
				const c = await check(fresh);
				if (c.detection.goMod) chosen ??= {kind: 'module', dir: c.detection.goMod.dir};
				// The go.mod chosen is gone (an undo, removed by hand): Verify must not build there.
				else if (chosen?.kind === 'module' && chosen.dir === c.dir) chosen = undefined;
				return {
					dir: c.dir,
					checks: c.checks,
					hasModule: c.detection.goMod !== undefined,
					tags: c.tags,
					...(c.refusal ? {refusal: c.refusal} : {}),
					...(c.nesting ? {nesting: c.nesting} : {}),
					...(c.suggestion ? {suggestion: c.suggestion} : {}),
					...(c.demoDir ? {demoDir: c.demoDir} : {}),
				};
			},
			ready: rules.ready,
			validate: (modulePath, tags) => rules.get().validateModulePath(modulePath, {tags}),
			plan: async modulePath => (await core()).planInit(await check(), modulePath, {confirmNested: true}),
			create: async (modulePath, confirmNested) => {
				const m = await core();
				const c = await check();
				const plan = await m.planInit(c, modulePath, {confirmNested});
				if (plan.blocked) return {ok: false, goMessage: plan.blocked.message};
				const outcome = await m.applyInit(plan, c, await journal(), 'wizard:module');
				if (outcome.ok) chosen = {kind: 'module', dir: c.dir};
				return outcome;
			},
			tidy: async () => (await core()).applyTidy(await check(), await journal(), 'wizard:module'),
			choose: project => {
				chosen = project;
			},
			chosen: () => chosen,
		},
	};
}
