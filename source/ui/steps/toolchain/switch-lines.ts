import {hereText} from '../../../core/switch/policy-text.js';
import type {SwitchOutcome} from '../../services/switch.js';

export type Row = {text: string; tone?: 'ok' | 'warn' | 'error' | 'dim'};
export type Rows = Row[];

type Plan = Extract<SwitchOutcome, {kind: 'use-plan' | 'pin-plan' | 'policy-plan'}>;
type Run = Extract<SwitchOutcome, {kind: 'use-run' | 'pin-run' | 'policy-run'}>;

const versionOf = (raw: string) => raw.split(/\s+/)[0] ?? raw;

/** What a change will do, before it is asked: the same facts the headless commands print. */
export function confirmRows(outcome: Plan): {rows: Rows; question: string; yes: string} {
	switch (outcome.kind) {
		case 'use-plan': {
			const {plan} = outcome;
			const rows: Rows = [
				{text: `Use ${versionOf(plan.go.version.raw)} at ${plan.goBin}`},
				{text: `gotune's PATH block in ${plan.startup.file} becomes:`},
				...plan.startup.lines.map(line => ({text: `  ${line}`, tone: 'dim' as const})),
			];
			if (plan.currentWinner)
				rows.push({text: `Today go is ${plan.currentWinner.path} (${plan.currentWinner.version?.raw ?? 'unknown version'})`});
			for (const warning of plan.warnings) rows.push({text: `! ${warning}`, tone: 'warn'});
			rows.push({text: 'Proven by a new shell running go version; the rollback log undoes it.', tone: 'dim'});
			return {rows, question: `Put ${plan.binDir} first on PATH?`, yes: 'write the block'};
		}
		case 'pin-plan': {
			const {plan} = outcome;
			return {
				rows: [
					{text: `Pin ${plan.goMod}`},
					{
						text: `Now: go ${plan.lines.go ?? '(none)'}, toolchain ${plan.lines.toolchain ?? '(none)'}; installed go is ${versionOf(plan.installed.raw)}`,
					},
					{text: `Runs: go get ${plan.spec.argument} (go.mod and go.sum recorded; the rollback log undoes it)`},
				],
				question: `Run go get ${plan.spec.argument}?`,
				yes: 'pin it',
			};
		}
		case 'policy-plan': {
			const option = outcome.view.options.find(o => o.value === outcome.value)!;
			const before = outcome.planned.before.present
				? outcome.planned.before.value
				: `(not set; ${outcome.view.value} from ${outcome.view.source})`;
			const rows: Rows = [
				{text: `GOTOOLCHAIN in ${outcome.goenvFile ?? 'the GOENV file'}: ${before} → ${outcome.value}`},
				{text: option.meaning},
				{text: `→ ${hereText(option.here)}`},
			];
			if (outcome.planned.shadowedBy !== undefined)
				rows.push({
					text: `! the OS environment sets GOTOOLCHAIN=${outcome.planned.shadowedBy}, which go uses instead until you unset it`,
					tone: 'warn',
				});
			return {rows, question: `Set GOTOOLCHAIN=${outcome.value}?`, yes: 'set it'};
		}
	}
}

/** What the change did and the real go's proof. */
export function doneRows(outcome: Run): {rows: Rows; ok: boolean} {
	switch (outcome.kind) {
		case 'use-run': {
			const {plan, result} = outcome;
			const set = result.changeSet ? ` (change set #${result.changeSet.id})` : ' (the block was already there)';
			if (!result.proof.ok)
				return {
					ok: false,
					rows: [
						{text: `Not switched: ${result.proof.problem ?? 'the proof failed'}`, tone: 'error'},
						...(result.changeSet ? [{text: `Change set #${result.changeSet.id} was rolled back.`}] : []),
					],
				};
			return {
				ok: true,
				rows: [
					{text: `Now using ${versionOf(plan.go.version.raw)}${set}`, tone: 'ok'},
					{
						text: `Proof: a new shell (${result.proof.command.slice(0, -1).join(' ')}) runs ${result.proof.goPath}: ${result.proof.goVersion}`,
					},
					{text: 'To use it in this shell now:'},
					{text: `  ${plan.useNow}`},
					// Shown again after the switch (a block already there skips the question): GOROOT still breaks builds.
					...plan.warnings.map(warning => ({text: `! ${warning}`, tone: 'warn' as const})),
				],
			};
		}
		case 'pin-run': {
			const {result, plan} = outcome;
			const set = result.changeSet ? ` (change set #${result.changeSet.id})` : ' (go.mod already said so)';
			const rows: Rows = [
				{text: `Pinned: go ${result.lines.go ?? '(none)'}, toolchain ${result.lines.toolchain ?? '(none)'}${set}`, tone: 'ok'},
				...result.goOutput
					.split('\n')
					.filter(Boolean)
					.map(line => ({text: `  ${line}`, tone: 'dim' as const})),
				{text: `Proof: go version in ${plan.dir}: ${result.proof.goVersion}`},
			];
			if (!result.proof.pinned && result.proof.wanted)
				rows.push({
					text: result.proof.gotoolchain.startsWith('local')
						? `! GOTOOLCHAIN=${result.proof.gotoolchain}: go keeps running the installed go here, not ${result.proof.wanted} (t sets the policy)`
						: `! go runs ${result.proof.runs ?? 'another go'} here, not ${result.proof.wanted}`,
					tone: 'warn',
				});
			return {ok: true, rows};
		}
		case 'policy-run': {
			const {proof} = outcome;
			return {
				ok: true,
				rows: [
					{text: `GOTOOLCHAIN=${outcome.value}${outcome.changeSet ? ` (change set #${outcome.changeSet})` : ' (already set)'}`, tone: 'ok'},
					{text: `Proof: go env GOTOOLCHAIN = ${proof.goEnv}${proof.goVersion ? `; go version here: ${proof.goVersion}` : ''}`},
					...(proof.note ? [{text: proof.note, tone: 'warn' as const}] : []),
				],
			};
		}
	}
}
