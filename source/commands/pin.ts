import {isCancelled} from '../core/task.js';
import {versionName} from '../core/switch/choices.js';
import {pinProgress, type PinProgress} from '../core/switch/pin-progress.js';
import {planPin, PinFailure, PinRefusal, runPin, type ModLines, type PinEvent, type PinPlan, type PinResult} from '../core/switch/pin.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {asCommandErrors} from './journal-output.js';
import {paint, styleFor, writeLine, type Style} from './output.js';
import {confirmThenRun} from './progress.js';

/** `gotune pin goX.Y.Z | go@X.Y [--dir DIR]`: go.mod's lines against the installed go, then the real go get. */
export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, usage} = context;
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const dir = typeof flags['dir'] === 'string' ? flags['dir'] : '.';
	return asCommandErrors(usage, () =>
		pinErrors(usage, async () => {
			const plan = await planPin(runtime, positionals[0]!, dir);
			const ran = await confirmThenRun<PinEvent, PinResult>(context, {
				json,
				plan: planLines(plan),
				question: `Run go get ${plan.spec.argument} in ${plan.dir}?`,
				declined: 'Nothing was changed.',
				describe: progressText(),
				run: task => runPin(runtime, plan, task),
			});
			if ('exitCode' in ran) return ran.exitCode;
			if (json) writeLine(stdout, JSON.stringify(jsonResult(plan, ran.result), null, 2));
			else for (const line of resultLines(plan, ran.result, style)) writeLine(stdout, line);
			return 0;
		}),
	);
}

/** The pin's progress line (core's pinProgress), the first one saying what Ctrl-C does. */
function progressText(): (event: PinEvent) => string {
	let progress: PinProgress | undefined;
	return event => {
		progress = pinProgress(progress, event);
		return event.kind === 'run' ? `${progress.text} (Ctrl-C cancels: go.mod and go.sum are put back)` : progress.text;
	};
}

async function pinErrors(usage: string, work: () => Promise<number>): Promise<number> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof PinRefusal) throw new UsageError(error.message, usage);
		if (error instanceof PinFailure) throw new OperationError(error.message);
		if (isCancelled(error)) return 130;
		throw error;
	}
}

function showLines(lines: ModLines): string {
	return `go ${lines.go ?? '(none)'}, toolchain ${lines.toolchain ?? '(none)'}`;
}

function planLines(plan: PinPlan): string[] {
	return [
		`Pin ${plan.goMod}`,
		`  now        ${showLines(plan.lines)}`,
		`  installed  ${versionName(plan.installed)} (${plan.goBin})`,
		`  runs       go get ${plan.spec.argument}   (go.mod and go.sum recorded: gotune rollback undoes it)`,
	];
}

function resultLines(plan: PinPlan, result: PinResult, style: Style): string[] {
	const lines = [
		result.changeSet
			? `${paint(style, 'green', 'Pinned')}: ${showLines(result.lines)} (change set #${result.changeSet.id}; undo: gotune rollback --last).`
			: `go.mod already says ${showLines(result.lines)}: nothing changed.`,
	];
	for (const line of result.goOutput.split('\n').filter(Boolean)) lines.push(`  ${line}`);
	const {proof} = result;
	lines.push(`  proof: go version in ${plan.dir}: ${proof.goVersion}`);
	if (!proof.pinned && proof.wanted)
		lines.push(
			paint(
				style,
				'yellow',
				proof.gotoolchain.startsWith('local')
					? `  ! GOTOOLCHAIN=${proof.gotoolchain}: go keeps running the installed go here, not ${proof.wanted}; gotune toolchain-policy auto lets it switch`
					: `  ! go runs ${proof.runs ?? 'another go'} here, not ${proof.wanted} (GOTOOLCHAIN=${proof.gotoolchain})`,
			),
		);
	return lines;
}

function jsonResult(plan: PinPlan, result: PinResult) {
	return {
		goMod: plan.goMod,
		command: ['go', 'get', plan.spec.argument],
		before: plan.lines,
		after: result.lines,
		installed: versionName(plan.installed),
		changeSet: result.changeSet?.id ?? null,
		goSumChanged: result.goSumChanged,
		proof: result.proof,
	};
}
