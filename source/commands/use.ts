import {discoverToolchains} from '../core/toolchain.js';
import {usableToolchains, versionName, type UsableGo} from '../core/switch/choices.js';
import {planUse, runUse, UseRefusal, type UsePlan, type UseResult} from '../core/switch/use.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {paint, styleFor, writeLine, type Style} from './output.js';

/** `gotune use [VERSION|PATH]`: without an argument, lists the go commands it can switch to. */
export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, usage} = context;
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const what = positionals[0];
	if (what === undefined) return list(context, json);
	return asCommandErrors(usage, async () => {
		let plan: UsePlan;
		try {
			plan = await planUse(runtime, what);
		} catch (error) {
			if (error instanceof UseRefusal) throw new UsageError(refusalText(error), usage);
			throw error;
		}
		if (!json) for (const line of planLines(plan, style)) writeLine(stdout, line);
		if (!plan.already) {
			const answer = await confirm(context, `Put ${plan.binDir} first on PATH in ${plan.startup.file}?`, usage);
			if (answer === 'interrupted') return 130;
			if (answer === 'no') {
				if (!json) writeLine(stdout, 'Nothing was changed.');
				return 1;
			}
		}
		const result = await runUse(runtime, plan);
		if (json) writeLine(stdout, JSON.stringify(jsonResult(plan, result), null, 2));
		else for (const line of resultLines(plan, result, style)) writeLine(stdout, line);
		if (!result.proof.ok) {
			if (json) return 1;
			throw new OperationError(
				`${result.proof.problem ?? 'the proof failed'}${result.changeSet ? `; change set #${result.changeSet.id} was rolled back` : ''}`,
			);
		}
		return 0;
	});
}

async function list({runtime, stdout}: CommandContext, json: boolean): Promise<number> {
	const discovery = await discoverToolchains(runtime.env, {gotuneHome: runtime.gotuneHome});
	const usable = usableToolchains(discovery);
	if (json) {
		const rows = usable.map(go => ({...jsonGo(go), runs: go.realPath === discovery.winner?.realPath}));
		writeLine(stdout, JSON.stringify({toolchains: rows}, null, 2));
		return 0;
	}
	if (usable.length === 0) writeLine(stdout, 'No working go command found: gotune install-go installs one.');
	for (const go of usable)
		writeLine(
			stdout,
			`${go.realPath === discovery.winner?.realPath ? '*' : ' '} ${versionName(go.version).padEnd(10)} ${go.path}  (${go.origin})`,
		);
	if (usable.length > 0) writeLine(stdout, '\ngotune use VERSION|PATH puts one first on PATH (* runs today).');
	return 0;
}

function jsonGo(go: UsableGo) {
	return {version: versionName(go.version), path: go.path, realPath: go.realPath, origin: go.origin};
}

/** Bad input or a version not found: what is installed (newer ones first), and the download as the last resort. */
function refusalText(error: UseRefusal): string {
	const {target} = error;
	const lines = [target.message];
	if (target.newerInstalled.length > 0)
		lines.push(`Installed and newer: ${target.newerInstalled.map(g => `gotune use ${versionName(g.version)}`).join(', ')}`);
	else if (target.kind === 'bad-input' && target.installed.length > 0)
		lines.push(`Found here: ${target.installed.map(g => `${versionName(g.version)} (${g.path})`).join(', ')}`);
	if (target.wanted !== undefined) lines.push(`Or download it: gotune install-go ${target.wanted}`);
	return lines.join('\n');
}

function planLines(plan: UsePlan, style: Style): string[] {
	const lines = [
		paint(style, 'bold', `Use ${versionName(plan.go.version)} at ${plan.goBin}`),
		plan.already
			? `  PATH      ${plan.startup.file} already has gotune's block for ${plan.binDir}`
			: `  PATH      gotune's block in ${plan.startup.file} (${plan.startup.reason}) becomes:`,
	];
	if (!plan.already) for (const line of plan.startup.lines) lines.push(`              ${line}`);
	if (plan.currentWinner)
		lines.push(`  today     go is ${plan.currentWinner.path} (${plan.currentWinner.version?.raw ?? 'unknown version'})`);
	if (plan.newerInstalled.length > 0)
		lines.push(`  newer     installed too: ${plan.newerInstalled.map(g => `${versionName(g.version)} at ${g.path}`).join(', ')}`);
	for (const warning of plan.warnings) lines.push(paint(style, 'yellow', `  ! ${warning}`));
	return lines;
}

function resultLines(plan: UsePlan, result: UseResult, style: Style): string[] {
	const {proof} = result;
	const lines: string[] = [];
	if (result.changeSet)
		lines.push(`${paint(style, 'green', 'Written')} (change set #${result.changeSet.id}; undo: gotune rollback --last).`);
	if (proof.ok) {
		lines.push(`  proof: a new shell (${proof.command.slice(0, -1).join(' ')}) runs ${proof.goPath}: ${proof.goVersion}`);
		lines.push(`  use it in this shell now:  ${plan.useNow}`);
	}
	return lines;
}

function jsonResult(plan: UsePlan, result: UseResult) {
	return {
		version: versionName(plan.go.version),
		goBin: plan.goBin,
		startupFile: plan.startup.file,
		changeSet: result.changeSet?.id ?? null,
		rolledBack: !result.proof.ok && result.changeSet !== undefined,
		proof: {
			command: result.proof.command.slice(0, -1),
			goPath: result.proof.goPath ?? null,
			goVersion: result.proof.goVersion ?? null,
			ok: result.proof.ok,
			...(result.proof.problem ? {problem: result.proof.problem} : {}),
		},
		newerInstalled: plan.newerInstalled.map(jsonGo),
		warnings: plan.warnings,
	};
}
