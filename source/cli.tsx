import {parseArgs} from 'node:util';
import {isCi} from './core/env.js';
import {maskSecrets} from './core/mask.js';
import {createRuntime} from './core/runtime.js';
import {SandboxError} from './core/sandbox.js';
import {COMMANDS, GLOBAL_USAGE, helpText, type CommandSpec} from './commands/registry.js';
import {OperationError, UsageError} from './commands/context.js';
import {printableStream} from './commands/printable-stream.js';
import {GOTUNE_VERSION} from './version.js';

const GLOBAL_OPTIONS = {
	sandbox: {type: 'string'},
	ascii: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} as const;

async function main(argv: string[]): Promise<number> {
	const commandName = argv.find((arg, index) => !arg.startsWith('-') && !isOptionValue(argv, index));
	const spec: CommandSpec | undefined = commandName === undefined ? undefined : COMMANDS[commandName];
	if (commandName !== undefined && spec === undefined) {
		throw new UsageError(`unknown command "${commandName}"; commands are: ${Object.keys(COMMANDS).join(', ')}`, 'gotune --help');
	}
	// The wizard's chunk (Ink, React, the views) is most of the start-up time: load it while the rest is set up.
	const wizard = spec === undefined && process.stdout.isTTY ? import('./ui/run.js') : undefined;
	wizard?.catch(() => undefined);
	const usage = spec?.usage ?? GLOBAL_USAGE;
	let parsed;
	const options = {...GLOBAL_OPTIONS, ...spec?.options};
	try {
		parsed = parseArgs({args: joinDashValues(argv, options), options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new UsageError(flagMessage(error), usage);
	}
	const {values, positionals} = parsed;
	if (values.help)
		return print(spec ? `Usage: ${spec.usage}\n  ${spec.summary}\n\n--sandbox DIR and --ascii work with every command.` : helpText());
	if (values.version) return print(GOTUNE_VERSION);
	if (values.sandbox === '') throw new UsageError('--sandbox needs a directory, for example --sandbox /tmp/gotune-try', usage);

	const runtime = await createRuntime({env: process.env, cwd: process.cwd(), sandbox: values.sandbox}).catch((error: unknown) => {
		if (error instanceof SandboxError) throw new UsageError(error.message, usage);
		throw error;
	});
	if (spec === undefined || commandName === undefined) return runWizard(runtime, Boolean(values.ascii), wizard);

	const args = positionals.slice(1);
	if (args.length > spec.maxPositionals || args.length < (spec.minPositionals ?? 0)) {
		throw new UsageError(
			args.length > spec.maxPositionals ? `unexpected argument "${args[spec.maxPositionals]}"` : 'missing argument',
			usage,
		);
	}
	const stopAhead = await spec.startAhead?.(runtime, args).catch(() => undefined);
	const command = await spec.load();
	try {
		return await withUsage(spec.usage, () =>
			command.run({
				command: commandName,
				usage: spec.usage,
				runtime,
				positionals: args,
				flags: values,
				stdout: out,
				stderr: err,
				stdin: process.stdin,
			}),
		);
	} finally {
		stopAhead?.();
	}
}

/** A UsageError thrown without a usage line gets the running command's. */
async function withUsage(usage: string, work: () => Promise<number>): Promise<number> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof UsageError && error.usage === undefined) throw new UsageError(error.message, usage);
		throw error;
	}
}

async function runWizard(
	runtime: Awaited<ReturnType<typeof createRuntime>>,
	ascii: boolean,
	loading = import('./ui/run.js'),
): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY || isCi(runtime.env)) {
		// Ink prints nothing with CI set and throws without raw mode: say where the headless commands are instead.
		process.stderr.write(
			'gotune: the wizard needs an interactive terminal (no TTY, or CI is set); use `gotune doctor` (or --help for the headless commands).\n',
		);
		return 2;
	}
	const {runWizardApp} = await loading;
	return runWizardApp(runtime, {ascii});
}

/** `--sandbox DIR doctor`: DIR is an option value, not the command (also when DIR is spelled like a command). */
function isOptionValue(argv: string[], index: number): boolean {
	const previous = argv[index - 1];
	if (previous === undefined || !previous.startsWith('--') || previous.includes('=')) return false;
	const name = previous.slice(2);
	const known = {...GLOBAL_OPTIONS, ...Object.assign({}, ...Object.values(COMMANDS).map(c => c.options))} as Record<string, {type: string}>;
	return known[name]?.type === 'string';
}

/**
 * `--runs -1`: parseArgs calls a value that starts with "-" ambiguous. When that word is no option of the command it
 * is the value (`--runs=-1`), and the command then says what it allows; before an option (`--runs --json`) the
 * value is missing, which flagMessage says.
 */
function joinDashValues(argv: string[], options: Record<string, {type: string; short?: string}>): string[] {
	const spellings = new Set(
		Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]),
	);
	const out: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--') return [...out, ...argv.slice(index)];
		const next = argv[index + 1];
		const takesValue = arg.startsWith('--') && !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
		if (takesValue && next !== undefined && next.startsWith('-') && next !== '--' && !spellings.has(next.split('=')[0]!)) {
			out.push(`${arg}=${next}`);
			index++;
		} else out.push(arg);
	}
	return out;
}

function flagMessage(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	const unknown = /Unknown option '([^']+)'/.exec(text);
	if (unknown) return `unknown option ${unknown[1]}`;
	const ambiguous = /Option '([^' ]+)[^']*' argument is ambiguous/.exec(text);
	if (ambiguous)
		return `option ${ambiguous[1]} needs a value, and the next word is another option: give the value right after it (see the usage below)`;
	const missing = /Option '([^' ]+)[^']*' argument missing/.exec(text);
	if (missing) return `option ${missing[1]} needs a value (see the usage below)`;
	return text.replace(/\. To specify a positional argument.*$/s, '').replace(/^Option '([^']+)'/, 'option $1');
}

// Headless output never moves the terminal's cursor, whatever a server or file put in the text it quotes.
const out = printableStream(process.stdout);
const err = printableStream(process.stderr);

function print(text: string): number {
	out.write(`${text}\n`);
	return 0;
}

/**
 * `gotune doctor | head -1`: when the reader goes away, the rest of the output is dropped quietly (no EPIPE stack
 * trace). The command itself runs to its end rather than exiting at once: an apply must not stop half-way because
 * nobody reads its messages.
 */
function ignoreClosedPipes(): void {
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
		});
	}
}

ignoreClosedPipes();
main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		// The last guard for rule 5: a message that echoes an input or a value never shows its user info.
		if (error instanceof UsageError) {
			err.write(`gotune: ${maskSecrets(error.message)}\n${error.usage ? `usage: ${error.usage}\n` : ''}`);
			process.exitCode = 2;
		} else if (error instanceof OperationError) {
			err.write(`gotune: ${maskSecrets(error.message)}\n`);
			process.exitCode = 1;
		} else {
			// Never a stack trace for the user; GOTUNE_DEBUG=1 shows it for us.
			const message = error instanceof Error ? error.message : String(error);
			err.write(`gotune: ${maskSecrets(message)}\n`);
			if (process.env['GOTUNE_DEBUG']) err.write(`${(error as Error).stack ?? ''}\n`);
			process.exitCode = 1;
		}
	},
);
