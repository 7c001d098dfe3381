import type {StagedFix} from '../../core/explain/staged.js';
import type {Explanation} from '../../core/explain/types.js';
import type {GoAdapter} from '../../core/go-adapter.js';
import type {Runtime} from '../../core/runtime.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

/** What the Troubleshoot screen shows of one explanation: all masked; the values to write stay in the service. */
export type TroubleshootAnswer = {
	explanation: Explanation;
	/** The go command that was run (masked) and its exit code; undefined for pasted output. */
	ran?: {args: string[]; exitCode: number};
	/** The fixes gotune can apply through the journal, as commands (`go env -w GONOSUMDB=corp.example`). */
	changes: string[];
	/** The fixes left to the person (go mod tidy, an export in a start-up file). */
	manual: string[];
	noGo: boolean;
};

export type FixResult = {changeSet: string | null; proof: {args: string[]; exitCode: number; ok: boolean} | null};

export type TroubleshootServices = {
	troubleshoot: {
		/** Explains pasted output. */
		explainText: (text: string) => Promise<TroubleshootAnswer>;
		/** Runs go with ARGS (ARGS[0] is "go") in the wizard's directory, each output line (masked) to onLine, then explains it. */
		explainCommand: (args: string[], onLine: (line: string) => void) => Promise<TroubleshootAnswer>;
		/** The last answer's changes as one change set through the journal; then, if it ran a command, that command again as proof. */
		applyFix: (onLine: (line: string) => void) => Promise<FixResult>;
		/** Tells gotune's state the last answer's fix was declined (doctor and the report say so). */
		decline: () => void;
	};
};

/** Core is imported on first use: the screen costs nothing until `!` opens it. */
export function createTroubleshootServices(runtime: Runtime, journal: JournalOpener = journalOpener(runtime)): TroubleshootServices {
	const core = async () => {
		const [session, staged, last, mask, resolver] = await Promise.all([
			import('../../core/explain/session.js'),
			import('../../core/explain/staged.js'),
			import('../../core/explain/last.js'),
			import('../../core/mask.js'),
			import('../../core/go-resolver.js'),
		]);
		return {...session, ...staged, ...last, ...mask, ...resolver};
	};
	// The last answer, with the unmasked steps the journal writes (never shown).
	let current: {answer: TroubleshootAnswer; steps: StagedFix['steps']; args?: string[]} | undefined;

	const runGo = async (args: string[], onLine: (line: string) => void) => {
		const c = await core();
		const go = await c.goAdapterFor(runtime);
		if (go === undefined) throw new Error('no go command found on PATH (GOTUNE_GO names one explicitly)');
		const lines: string[] = [];
		const result = await go.stream(args.slice(1), {
			cwd: runtime.cwd,
			timeoutMs: 60 * 60_000,
			onLine: line => {
				lines.push(line);
				onLine(c.maskSecrets(line));
			},
		});
		if (result.notFound) throw new Error(`could not start ${go.goBin}: not found or not executable`);
		return {exitCode: result.exitCode, text: lines.join('\n'), go};
	};

	const answer = async (text: string, args?: string[], exitCode?: number, go?: GoAdapter) => {
		const c = await core();
		const {explanation, fixes, noGo} = await c.explainHere(runtime, text, go);
		const staged = c.stageFixes(fixes);
		const shown = c.stageFixes(explanation.problems.map(p => p.fix));
		const result: TroubleshootAnswer = {
			explanation,
			...(args && exitCode !== undefined ? {ran: {args: args.map(c.maskSecrets), exitCode}} : {}),
			changes: shown.steps.map(s => (s.value === null ? `go env -u ${s.key}` : `go env -w ${s.key}=${s.value}`)),
			manual: shown.manual,
			noGo,
		};
		current = {answer: result, steps: staged.steps, ...(args ? {args} : {})};
		await c.saveLastExplanation(runtime.gotuneHome, c.lastExplanationOf(explanation, result.ran?.args ?? null, null));
		return result;
	};

	return {
		troubleshoot: {
			explainText: text => answer(text),
			explainCommand: async (args, onLine) => {
				const run = await runGo(args, onLine);
				return answer(run.text, args, run.exitCode, run.go);
			},
			applyFix: async onLine => {
				if (current === undefined || current.steps.length === 0) return {changeSet: null, proof: null};
				const c = await core();
				const set = await (await journal()).applySteps(current.steps, 'wizard:troubleshoot');
				let proof: FixResult['proof'] = null;
				if (current.args) {
					const run = await runGo(current.args, onLine);
					proof = {args: current.args.map(c.maskSecrets), exitCode: run.exitCode, ok: run.exitCode === 0};
				}
				const result = {changeSet: set?.id ?? null, proof};
				const record = c.lastExplanationOf(current.answer.explanation, current.answer.ran?.args ?? null, {...result, declined: false});
				await c.saveLastExplanation(runtime.gotuneHome, record);
				return result;
			},
			decline: () => {
				const answered = current?.answer;
				if (answered === undefined) return;
				void core().then(c =>
					c.saveLastExplanation(
						runtime.gotuneHome,
						c.lastExplanationOf(answered.explanation, answered.ran?.args ?? null, {changeSet: null, declined: true, proof: null}),
					),
				);
			},
		},
	};
}
