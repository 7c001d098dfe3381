import {benchLines} from '../../../core/verify/bench-text.js';
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
	for (const side of outcome.result.sides) if (side.error) lines.push(`${side.label ? `${side.label}: ` : ''}go said: ${side.error}`);
	lines.push(...sharedCacheLines(outcome.shared));
	if (isSlower(outcome)) lines.push('The settings from this run are measurably slower.');
	return lines;
}
