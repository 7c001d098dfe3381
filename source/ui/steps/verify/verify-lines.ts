import {explainOutput, machineFrom} from '../../../core/explain/explain.js';
import type {Fix} from '../../../core/explain/types.js';
import {benchLines} from '../../../core/verify/bench-text.js';
import {wrap} from '../../../text/wrap.js';
import type {VerifyOutcome} from '../../services/verify.js';
import {sharedCacheLines} from './shared-cache-lines.js';
import {isSlower} from './model.js';

/** The finished measurement as the step shows it: the same rows as `gotune bench`, then what can be done next. */
export function outcomeLines(outcome: VerifyOutcome): string[] {
	const current = outcome.result.sides.at(-1)!;
	const lines = [
		`${current.goVersion ?? 'go'} on ${outcome.project}, ${outcome.runs} run${outcome.runs === 1 ? '' : 's'} of each kind (your GOCACHE is not touched)`,
	];
	lines.push(...benchLines(outcome.result, outcome.runs));
	if (outcome.changeSets.length > 0 && outcome.result.comparison)
		lines.push(
			`(before = the settings without change set${outcome.changeSets.length === 1 ? '' : 's'} #${outcome.changeSets.join(', #')}, passed in the builds' environment; nothing was rolled back to measure)`,
		);
	// The rows above already show go's first lines; what it means and the fix come from gotune's classifier (explain).
	for (const side of outcome.result.sides) if (side.error) lines.push(...failureLines(side.error, side.label));
	lines.push(...sharedCacheLines(outcome.shared));
	if (isSlower(outcome)) lines.push('The settings from this run are measurably slower.');
	return lines;
}

/** Problems the Module step fixes with its `t` (go mod tidy). */
const TIDY_FIXES = new Set(['no-required-module', 'missing-go-sum']);

/**
 * A build that failed, in plain words: the first problem gotune's classifier (core/explain, as `gotune explain`)
 * recognises in go's output and its fix; `!` (Troubleshoot) explains the whole output. Unrecognised: go's own first line.
 */
function failureLines(error: string, label?: string): string[] {
	const side = label ? `${label}: ` : '';
	const [problem] = explainOutput(error, machineFrom(undefined), {}).problems;
	if (problem === undefined) {
		const first = error.split('\n').find(line => line.trim() !== '') ?? error;
		return [`${side}The build failed; go said: ${first}`, "! Troubleshoot explains go's whole output."];
	}
	// go mod tidy adds every missing requirement: the Module step runs it with t (through the journal).
	const fix =
		TIDY_FIXES.has(problem.class) && problem.fix.kind === 'command'
			? `t in the Module step (go mod tidy), or ${problem.fix.command}`
			: fixText(problem.fix);
	return [`${side}The build failed: ${problem.summary}`, `Fix: ${fix}`, "! Troubleshoot explains go's whole output."];
}

function fixText(fix: Fix): string {
	const what = fix.kind === 'command' ? fix.command : fix.changes.map(change => change.command).join('; ');
	return fix.note ? `${what} (${fix.note})` : what;
}

/** The bench rows' label column ("incremental  "): a row that wraps continues under its value, not at column 1. */
const LABEL = 13;

/** LINE word-wrapped to WIDTH; a bench row (label column, or a continuation of one) keeps its value column. */
export function wrapOutcomeLine(line: string, width: number): string[] {
	const labelled = /^\S+ +/.exec(line)?.[0].length === LABEL || line.startsWith(' '.repeat(LABEL));
	if (!labelled) return wrap(line, width, '');
	const indent = ' '.repeat(LABEL);
	const [first = '', ...rest] = wrap(line.slice(LABEL), width - LABEL, '');
	return [line.slice(0, LABEL) + first, ...rest.map(text => indent + text)];
}
