/**
 * The Module step, shared by `gotune init` and the wizard: check (what is here) → plan (what init would do, Go's
 * verdict on the path) → apply (go mod init through the journal). No UI here.
 */
import path from 'node:path';
import {GoAdapter} from '../go-adapter.js';
import type {Journal} from '../journal/contract.js';
import type {Check} from '../checks.js';
import type {Runtime} from '../runtime.js';
import {resolveGo} from '../go-resolver.js';
import {finalVerdict, type FinalVerdict} from '../module/confirm-path.js';
import {resolveDemoDir} from '../module/demo.js';
import {detectModule, type ModuleDetection} from '../module/detect.js';
import {initModule, tidyModule, type InitOutcome, type TidyOutcome} from '../module/init-apply.js';
import {nestingFor, refusalFor, type InitRefusal, type Nesting} from '../module/init-guards.js';
import {moduleChecks} from '../module/module-checks.js';
import {gitSemverTags, suggestModulePath, type PathSuggestion} from '../module/suggest-path.js';
import type {StepModule} from './types.js';

export type ModuleCheck = {
	dir: string;
	go: GoAdapter;
	detection: ModuleDetection;
	checks: Check[];
	/** Set when go.mod cannot be created in DIR at all. */
	refusal?: InitRefusal;
	/** Set when DIR is inside another module. */
	nesting?: Nesting;
	/** Pre-filled module path (git remote, else directory name); only when a module could be created. */
	suggestion?: PathSuggestion;
	tags: string[];
	/** gotune's demo module, offered when there is no module here. */
	demoDir?: string;
};

export class NoGoError extends Error {}

export async function goFor(runtime: Runtime): Promise<GoAdapter> {
	const goBin = await resolveGo(runtime.env);
	if (goBin === undefined)
		throw new NoGoError('No go command on PATH. Install Go first (https://go.dev/dl/, or apt-get install golang-go), then run this again.');
	return new GoAdapter(goBin, runtime.env, runtime.cwd);
}

export async function checkModule(runtime: Runtime, dir: string, go?: GoAdapter): Promise<ModuleCheck> {
	const adapter = go ?? (await goFor(runtime));
	const absolute = path.resolve(runtime.cwd, dir);
	const detection = await detectModule(adapter, absolute);
	const refusal = await refusalFor(absolute, runtime.env, detection);
	const nesting = refusal ? undefined : nestingFor(absolute, detection);
	const result: ModuleCheck = {
		dir: absolute,
		go: adapter,
		detection,
		checks: moduleChecks(detection),
		tags: [],
		...(refusal ? {refusal} : {}),
		...(nesting ? {nesting} : {}),
	};
	if (refusal === undefined) {
		const [suggestion, tags] = await Promise.all([suggestModulePath(absolute, runtime.env), gitSemverTags(absolute, runtime.env)]);
		result.suggestion = suggestion;
		result.tags = tags;
	}
	if (detection.goMod === undefined) result.demoDir = resolveDemoDir(runtime.env);
	return result;
}

export type InitPlan = {
	dir: string;
	modulePath: string;
	goModFile: string;
	command: string[];
	final: FinalVerdict;
	nesting?: Nesting;
	/** A go.work above DIR: the new module is not part of that workspace until `go work use`. */
	workspaceNote?: string;
	/** Why this plan cannot be applied yet; exit 2 (bad input) when headless. */
	blocked?: {kind: 'refused-dir' | 'path-refused' | 'go-failed' | 'nested-unconfirmed'; message: string};
};

export async function planInit(check: ModuleCheck, modulePath: string, {confirmNested = false} = {}): Promise<InitPlan> {
	const final = await finalVerdict(check.go, modulePath, {tags: check.tags});
	const goModFile = path.join(check.dir, 'go.mod');
	const goWork = check.detection.goWork;
	const plan: InitPlan = {
		dir: check.dir,
		modulePath,
		goModFile,
		final,
		command: ['go', 'mod', 'init', modulePath],
		...(check.nesting ? {nesting: check.nesting} : {}),
		...(goWork
			? {
					workspaceNote: `${goWork.file} does not include the new module until you run: go work use ${path.relative(goWork.dir, check.dir) || '.'}`,
				}
			: {}),
	};
	if (check.refusal) plan.blocked = {kind: 'refused-dir', message: `${check.refusal.message}\n${check.refusal.fix}`};
	else if (final.go.kind === 'go-failed') plan.blocked = {kind: 'go-failed', message: `go could not check the path: ${final.go.goMessage}`};
	else if (!final.verdict.accepted) plan.blocked = {kind: 'path-refused', message: final.verdict.goMessage};
	else if (check.nesting && !confirmNested) plan.blocked = {kind: 'nested-unconfirmed', message: check.nesting.explanation};
	return plan;
}

export async function applyInit(plan: InitPlan, check: ModuleCheck, journal: Journal, origin: string): Promise<InitOutcome> {
	if (plan.blocked) throw new Error(`internal: applying a blocked plan (${plan.blocked.kind})`);
	return initModule(check.go, journal, plan.dir, plan.modulePath, origin);
}

export async function applyTidy(check: ModuleCheck, journal: Journal, origin: string): Promise<TidyOutcome> {
	return tidyModule(check.go, journal, check.dir, check.detection.goproxy, origin);
}

/** The Module step as a step module (types.ts): go mod init of REQUEST.modulePath in the runtime's directory. */
export const moduleStep: StepModule<
	ModuleCheck,
	{modulePath: string; confirmNested?: boolean},
	{check: ModuleCheck; init: InitPlan},
	InitOutcome
> = {
	check: runtime => checkModule(runtime, runtime.cwd),
	plan: async (_runtime, check, {modulePath, confirmNested}) => ({check, init: await planInit(check, modulePath, {confirmNested})}),
	apply: (_runtime, {check, init}, journal, origin) => applyInit(init, check, journal, origin),
};
