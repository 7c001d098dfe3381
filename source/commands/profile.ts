import path from 'node:path';
import {maskSecrets} from '../core/mask.js';
import {lintProfileText, ProfileError, readProfileText, type LintProblem} from '../core/profile/index.js';
import {UsageError, type CommandContext} from './context.js';
import {paint, styleFor, writeLine} from './output.js';

/**
 * `gotune profile check FILE`: the team profile lint, without applying anything. Exit 0 clean, 1 problems found,
 * 2 when the file cannot be read or is not JSON (a problem at its line and column).
 */
export async function run({runtime, positionals, flags, stdout}: CommandContext): Promise<number> {
	const [sub, given] = positionals;
	if (sub !== 'check' || given === undefined)
		throw new UsageError(`unknown profile command "${sub ?? ''}"; the one there is: gotune profile check FILE [--json]`);
	const file = path.resolve(runtime.cwd, given);
	let text: string;
	try {
		text = await readProfileText(file);
	} catch (error) {
		if (error instanceof ProfileError) throw new UsageError(maskSecrets(error.problems.join('\n')));
		throw error;
	}
	const result = lintProfileText(text);
	const problems: LintProblem[] = result.problems.map(p => ({...p, message: maskSecrets(p.message)}));
	if (flags['json']) writeLine(stdout, JSON.stringify({problems}, null, 2));
	else {
		const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
		// FILE:LINE:COLUMN, as compilers print it, so editors and terminals jump to the place.
		for (const p of problems)
			writeLine(
				stdout,
				`${given}:${p.line}:${p.column}: ${paint(style, p.severity === 'error' ? 'red' : 'yellow', p.severity)}: ${p.message}`,
			);
		const errors = problems.filter(p => p.severity === 'error').length;
		writeLine(
			stdout,
			problems.length === 0
				? `${given}: no problems found`
				: `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`,
		);
	}
	if (!result.json) return 2;
	return problems.length > 0 ? 1 : 0;
}
