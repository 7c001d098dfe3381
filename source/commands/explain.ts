import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {lastExplanationOf, saveLastExplanation} from '../core/explain/last.js';
import {explainHere} from '../core/explain/session.js';
import {stageFixes} from '../core/explain/staged.js';
import type {Explanation, Problem} from '../core/explain/types.js';
import {goAdapterFor} from '../core/go-resolver.js';
import {maskSecrets} from '../core/mask.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {paint, styleFor, wrap, writeLine} from './output.js';
import {applyFix, type FixOutcome} from './explain-fix.js';
import {headlessTask} from './progress.js';

/** A build or test may take long; explain waits for it like the shell would, up to an hour. */
const COMMAND_TIMEOUT_MS = 60 * 60_000;
/** More than any build log worth explaining; protects against `yes | gotune explain`. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * `gotune explain [FILE]`, `... | gotune explain`, `gotune explain -- go build ./...`: explains a failing go command's
 * output in plain words, with the settings in force on this machine and the fix. Changes nothing unless --fix: then a
 * fix that is a setting goes through the journal (asked, or --yes) and the command it ran is run again as proof.
 */
export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout} = context;
	const json = Boolean(flags['json']);
	const fix = Boolean(flags['fix']);
	if (flags['yes'] && !fix) throw new UsageError('--yes answers the question --fix asks: give it with --fix');
	// Asked before go runs: a long build should not end in "cannot ask".
	if (fix && !flags['yes'] && (!context.stdin.isTTY || !stdout.isTTY))
		throw new UsageError(
			'--fix asks before changing settings, and there is no terminal to ask on: add --yes to apply the fix without asking',
		);
	let text: string;
	let ran: {args: string[]; exitCode: number} | undefined;
	if (positionals.length > 1 && !isGoWord(positionals[0]!)) {
		// Only go is run: anything else after -- is a mistake, not a program to start.
		throw new UsageError(`"${maskSecrets(positionals[0]!)}" is not a go command; give one FILE, or go and its arguments after --`);
	}
	if (positionals[0] !== undefined && isGoWord(positionals[0])) {
		const result = await runGo(context, positionals, json);
		if (result.exitCode === 130) return 130;
		text = result.text;
		ran = {args: positionals, exitCode: result.exitCode};
	} else if (positionals[0] !== undefined) {
		text = await readInputFile(path.resolve(runtime.cwd, positionals[0]), positionals[0]);
	} else {
		if (context.stdin.isTTY)
			throw new UsageError("no input: pipe go's output in (go build ./... 2>&1 | gotune explain), give a FILE, or a command after --");
		text = await readStream(context.stdin, 'standard input');
	}
	if (!ran && text.trim() === '') throw new UsageError('the input is empty: give the output of a go command that failed');

	const {explanation, fixes, noGo} = await explainHere(runtime, text);
	if (!json) printText(context, explanation, ran, noGo);
	let outcome: FixOutcome | undefined;
	if (fix && explanation.problems.length > 0) {
		const prove = ran ? async () => ({args: positionals, exitCode: (await runGo(context, positionals, json)).exitCode}) : undefined;
		const result = await applyFix(context, stageFixes(fixes), prove);
		if (result === 'interrupted') return 130;
		outcome = result;
	}
	// For doctor and the report: the problem, and whether its fix was applied (masked, like everything above).
	await saveLastExplanation(runtime.gotuneHome, lastExplanationOf(explanation, ran ? ran.args.map(maskSecrets) : null, outcome ?? null));
	if (json) {
		const command = ran ? {command: {args: ran.args.map(maskSecrets), exitCode: ran.exitCode}} : {};
		writeLine(stdout, JSON.stringify({...explanation, ...command, ...(outcome ? {fix: outcome} : {})}, null, 2));
	}
	if (outcome?.declined) return 1;
	// The proof decides: the command works now, or it still does not.
	if (outcome?.proof) return outcome.proof.ok ? 0 : 1;
	if (explanation.unrecognised.length > 0) return 1;
	// go failed and said nothing gotune knows: nothing was explained.
	if (ran && ran.exitCode !== 0 && explanation.problems.length === 0) return 1;
	return 0;
}

function isGoWord(word: string): boolean {
	return word === 'go' || path.basename(word) === 'go';
}

async function runGo({runtime, stdout, stderr}: CommandContext, args: string[], json: boolean): Promise<{exitCode: number; text: string}> {
	const adapter = await goAdapterFor(runtime);
	if (adapter === undefined)
		throw new OperationError('no go command found on PATH (GOTUNE_GO names one explicitly); install Go with gotune install-go');
	const go = args[0] === 'go' ? adapter : adapter.withBinary(path.resolve(runtime.cwd, args[0]!));
	const task = headlessTask(stderr, {describe: () => undefined, enabled: false});
	const lines: string[] = [];
	try {
		const result = await go.stream(args.slice(1), {
			cwd: runtime.cwd,
			timeoutMs: COMMAND_TIMEOUT_MS,
			signal: task.signal,
			// go's output as it comes, masked; with --json stdout holds only the JSON, so all of it goes to stderr.
			onLine: (line, stream) => {
				lines.push(line);
				writeLine(stream === 'stdout' && !json ? stdout : stderr, maskSecrets(line));
			},
		});
		if (result.notFound) throw new OperationError(`could not start ${go.goBin}: not found or not executable`);
		return {exitCode: result.cancelled ? 130 : result.exitCode, text: lines.join('\n')};
	} finally {
		task.done();
	}
}

async function readInputFile(file: string, shown: string): Promise<string> {
	try {
		const data = await readFile(file);
		if (data.length > MAX_INPUT_BYTES)
			throw new UsageError(`${shown} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB; give the part of the log with go's errors`);
		return data.toString('utf8');
	} catch (error) {
		if (error instanceof UsageError) throw error;
		const code = (error as {code?: string}).code;
		const why =
			code === 'ENOENT'
				? 'does not exist'
				: code === 'EISDIR'
					? 'is a directory'
					: code === 'EACCES'
						? 'is not readable (permission denied)'
						: 'cannot be read';
		throw new UsageError(`input file ${shown} ${why}; give a readable file with go's output, or pipe it in`);
	}
}

async function readStream(stream: Readable, shown: string): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > MAX_INPUT_BYTES)
			throw new UsageError(`${shown} holds more than ${MAX_INPUT_BYTES / 1024 / 1024} MB; give the part of the log with go's errors`);
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function printText(
	{runtime, stdout, flags}: CommandContext,
	explanation: Explanation,
	ran: {args: string[]; exitCode: number} | undefined,
	noGo: boolean,
): void {
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const out = (line: string, indent = '  ', tone?: 'dim' | 'bold' | 'yellow' | 'red' | 'green') => {
		for (const wrapped of wrap(line, style.width, indent)) writeLine(stdout, tone ? paint(style, tone, wrapped) : wrapped);
	};
	if (ran) writeLine(stdout, `\n${maskSecrets(ran.args.join(' '))} exited with ${ran.exitCode}`);
	if (noGo) out('no go command found: the settings in force could not be checked', '', 'yellow');
	explanation.problems.forEach((problem, index) => printProblem(problem, index, out));
	if (explanation.unrecognised.length > 0) {
		writeLine(stdout);
		out(
			`Not recognised (${explanation.unrecognised.length} line${explanation.unrecognised.length === 1 ? '' : 's'}; gotune does not guess):`,
			'',
			'bold',
		);
		for (const line of explanation.unrecognised) out(line, '    ');
	}
	if (explanation.problems.length === 0 && explanation.unrecognised.length === 0)
		out(ran?.exitCode === 0 ? 'go succeeded: nothing to explain' : 'nothing to explain', '');
}

function printProblem(
	problem: Problem,
	index: number,
	out: (line: string, indent?: string, tone?: 'dim' | 'bold' | 'yellow' | 'red' | 'green') => void,
): void {
	out('', '');
	out(`${index + 1}. ${problem.summary}`, '   ', 'bold');
	out(`class ${problem.class}, confidence ${problem.confidence}`, '   ', 'dim');
	out('Evidence:', '   ');
	for (const line of problem.evidence) out(line.replace(/\t/g, '    '), '     ', 'dim');
	const settings = Object.entries(problem.settings).map(([key, s]) => `${key}=${s.value === '' ? '(empty)' : s.value} (${s.source})`);
	if (settings.length > 0) out(`Settings in force: ${settings.join(', ')}`, '     ', 'dim');
	out('Fix:', '   ');
	if (problem.fix.kind === 'command') out(problem.fix.command, '     ', 'green');
	else for (const change of problem.fix.changes) out(change.command, '     ', 'green');
	if (problem.fix.note) out(`(${problem.fix.note})`, '     ', 'dim');
}
