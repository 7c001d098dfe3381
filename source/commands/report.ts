import path from 'node:path';
import {writePrivateFile} from '../core/verify/report-file.js';
import {gatherReport} from '../core/verify/report.js';
import {reportLines} from '../core/verify/report-text.js';
import {GOTUNE_VERSION} from '../version.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {writeLine} from './output.js';

/** `gotune report`: paste-safe (credentials masked, home as ~); written with mode 0600 when --output is given. */
export async function run({runtime, flags, stdout, usage}: CommandContext): Promise<number> {
	if (flags['json'] && flags['markdown']) throw new UsageError('--json and --markdown: choose one output format', usage);
	const output = flags['output'];
	if (output !== undefined && (typeof output !== 'string' || output === ''))
		throw new UsageError('--output needs a file name, for example --output gotune-report.md', usage);
	const report = await gatherReport(runtime, GOTUNE_VERSION);
	const text = flags['json'] ? JSON.stringify(report, null, 2) : reportLines(report, Boolean(flags['markdown'])).join('\n');
	if (typeof output !== 'string') {
		writeLine(stdout, text);
		return 0;
	}
	const file = path.resolve(runtime.cwd, output);
	const problem = await writePrivateFile(file, `${text}\n`);
	if (problem?.badInput) throw new UsageError(problem.message, usage);
	if (problem) throw new OperationError(problem.message);
	writeLine(stdout, `Report written to ${file} (mode 0600; credentials masked, home directory shown as ~).`);
	return 0;
}
