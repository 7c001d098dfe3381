import {openJournal, type ChangeSet, type PlannedChange} from '../core/journal/index.js';
import {
	checkPolicyValue,
	policyView,
	provePolicy,
	PolicyFailure,
	PolicyRefusal,
	type PolicyOption,
	type PolicyView,
} from '../core/switch/policy.js';
import {hereText} from '../core/switch/policy-text.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {paint, styleFor, writeLine, type Style} from './output.js';

/** `gotune toolchain-policy [VALUE]`: every GOTOOLCHAIN value explained with what go does here; VALUE sets it. */
export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, usage} = context;
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const value = positionals[0];
	return asCommandErrors(usage, () =>
		policyErrors(usage, async () => {
			if (value !== undefined) checkPolicyValue(value);
			const view = await policyView(runtime, value);
			if (value === undefined) {
				if (json) writeLine(stdout, JSON.stringify(jsonView(view), null, 2));
				else for (const line of viewLines(view, style)) writeLine(stdout, line);
				return 0;
			}
			const journal = openJournal(runtime);
			const [planned] = await journal.plan([{key: 'GOTOOLCHAIN', value}]);
			const option = view.options.find(o => o.value === value)!;
			if (!json) for (const line of planLines(view, option, planned!, journal.goenvFile, style)) writeLine(stdout, line);
			let changeSet: ChangeSet | undefined;
			if (!planned!.unchanged) {
				const answer = await confirm(context, `Set GOTOOLCHAIN=${value} in ${journal.goenvFile}?`, usage);
				if (answer === 'interrupted') return 130;
				if (answer === 'no') {
					if (!json) writeLine(stdout, 'Nothing was changed.');
					return 1;
				}
				changeSet = await journal.apply([{key: 'GOTOOLCHAIN', value}], 'toolchain-policy');
			}
			const proof = await provePolicy(view, option, runtime.env, runtime.cwd);
			if (json) {
				writeLine(
					stdout,
					JSON.stringify(
						{...jsonView(view), set: value, changeSet: changeSet?.id ?? null, shadowedBy: planned!.shadowedBy ?? null, proof},
						null,
						2,
					),
				);
			} else {
				if (changeSet) writeLine(stdout, `${paint(style, 'green', 'Set')} (change set #${changeSet.id}; undo: gotune rollback --last).`);
				else writeLine(stdout, `GOTOOLCHAIN is already ${value} in the GOENV file: nothing changed.`);
				writeLine(stdout, `  proof: go env GOTOOLCHAIN = ${proof.goEnv}${proof.goVersion ? `; go version here: ${proof.goVersion}` : ''}`);
				if (proof.note) writeLine(stdout, `  ${proof.note}`);
			}
			return 0;
		}),
	);
}

async function policyErrors(usage: string, work: () => Promise<number>): Promise<number> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof PolicyRefusal) throw new UsageError(error.message, usage);
		if (error instanceof PolicyFailure) throw new OperationError(error.message);
		throw error;
	}
}

function viewLines(view: PolicyView, style: Style): string[] {
	const lines = [
		paint(style, 'bold', `GOTOOLCHAIN=${view.value} (from ${view.source}); the installed go is ${view.base} (${view.goBin})`),
		'',
	];
	const width = Math.max(...view.options.map(o => o.value.length)) + 2;
	for (const option of view.options) lines.push(...optionLines(option, width, option.value === view.value));
	lines.push('', 'gotune toolchain-policy VALUE sets one in the GOENV file (through the journal; gotune rollback undoes it).');
	return lines;
}

function optionLines(option: PolicyOption, width: number, current: boolean): string[] {
	return [`${current ? '*' : ' '} ${option.value.padEnd(width)}${option.meaning}`, `  ${''.padEnd(width)}→ ${hereText(option.here)}`];
}

function planLines(view: PolicyView, option: PolicyOption, planned: PlannedChange, goenvFile: string | undefined, style: Style): string[] {
	const before = planned.before.present ? planned.before.value : `(not set; go uses ${view.value} from ${view.source})`;
	const lines = [
		paint(style, 'bold', `GOTOOLCHAIN in ${goenvFile ?? 'the GOENV file'}: ${before} → ${option.value}`),
		`  ${option.meaning}`,
		`  → ${hereText(option.here)}`,
	];
	if (planned.shadowedBy !== undefined)
		lines.push(
			paint(style, 'yellow', `  ! the OS environment sets GOTOOLCHAIN=${planned.shadowedBy}, which go uses instead until you unset it`),
		);
	return lines;
}

function jsonView(view: PolicyView) {
	return {
		goBin: view.goBin,
		installed: view.base,
		gotoolchain: {value: view.value, source: view.source},
		options: view.options.map(o => ({
			value: o.value,
			meaning: o.meaning,
			runs: o.here.runs,
			location: o.here.location,
			...(o.here.error !== undefined ? {error: o.here.error} : {}),
		})),
	};
}
