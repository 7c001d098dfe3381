import type {Writable} from 'node:stream';
import {quietContext, type TaskContext} from '../core/task.js';
import type {CommandContext} from './context.js';
import {confirm} from './journal-output.js';
import {writeLine} from './output.js';

export type ProgressOptions<Event> = {
	/** The line to show for an event; undefined shows nothing for it. */
	describe: (event: Event) => string | undefined;
	/** On a TTY the line is redrawn at most this often; elsewhere a plain line at most this often per distinct text. */
	intervalMs?: number;
	/** --json and other machine output: progress still goes to stderr, never to stdout. */
	enabled?: boolean;
};

/**
 * Headless side of a task: its events become progress on stderr (one redrawn, throttled line on a TTY; plain lines
 * otherwise, for logs and SSH sessions without a terminal) while the result goes to stdout. Ctrl-C aborts the
 * signal; the command then exits 130.
 */
export function headlessTask<Event>(stderr: Writable & {isTTY?: boolean; columns?: number}, options: ProgressOptions<Event>) {
	const controller = new AbortController();
	const onSigint = () => controller.abort();
	process.once('SIGINT', onSigint);
	const tty = stderr.isTTY === true;
	const interval = options.intervalMs ?? (tty ? 100 : 1000);
	let lastWrite = 0;
	let lastText = '';
	let shown = false;
	let pending: string | undefined;
	let timer: NodeJS.Timeout | undefined;
	let closed = false;
	const write = (text: string) => {
		lastWrite = Date.now();
		lastText = text;
		pending = undefined;
		if (tty) {
			// One line that is redrawn: a newline or a control character from go's output would break the redraw.
			const flat = text.replace(/[\u0000-\u001F\u007F-\u009F]+/g, ' ');
			const width = Math.max(1, (stderr.columns ?? 80) - 1);
			stderr.write(`\r\u001B[K${flat.length > width ? flat.slice(0, width) : flat}`);
			shown = true;
		} else {
			stderr.write(`${text}\n`);
		}
	};
	const context: TaskContext<Event> =
		options.enabled === false
			? quietContext(controller.signal)
			: {
					signal: controller.signal,
					emit: event => {
						// Work that goes on after done() (a late event) must not draw over the result.
						if (closed) return;
						const text = options.describe(event);
						if (text === undefined || text === lastText) return;
						const wait = interval - (Date.now() - lastWrite);
						if (wait <= 0) return write(text);
						pending = text;
						timer ??= setTimeout(() => {
							timer = undefined;
							if (pending !== undefined) write(pending);
						}, wait);
					},
				};
	return {
		context,
		signal: controller.signal,
		/** Clears the progress line (TTY) and stops listening for Ctrl-C; call before printing the result. */
		done() {
			closed = true;
			if (timer) clearTimeout(timer);
			timer = undefined;
			process.off('SIGINT', onSigint);
			if (tty && shown) stderr.write('\r\u001B[K');
			shown = false;
		},
	};
}

type ConfirmedRun<Event, Result> = {
	json: boolean;
	/** The plan, printed before the question (not with --json). */
	plan: string[];
	question: string;
	/** Printed when the answer is no (then the command exits 1). */
	declined: string;
	describe: (event: Event) => string | undefined;
	run: (task: TaskContext<Event>) => Promise<Result>;
};

/**
 * The sequence of every headless command that changes something by long work (install-go, tools, pin): the plan,
 * the question (--yes answers it), then the work as a headless task with its progress on stderr. Returns the
 * result, or the exit code when nothing ran (1 declined, 130 Ctrl-C at the question).
 */
export async function confirmThenRun<Event, Result>(
	context: CommandContext,
	options: ConfirmedRun<Event, Result>,
): Promise<{result: Result} | {exitCode: number}> {
	const {stdout, stderr, usage} = context;
	if (!options.json) for (const line of options.plan) writeLine(stdout, line);
	const answer = await confirm(context, options.question, usage);
	if (answer === 'interrupted') return {exitCode: 130};
	if (answer === 'no') {
		if (!options.json) writeLine(stdout, options.declined);
		return {exitCode: 1};
	}
	const task = headlessTask<Event>(stderr, {describe: options.describe});
	try {
		return {result: await options.run(task.context)};
	} finally {
		task.done();
	}
}

/** Bytes as people read them: 1.4 MB, 312 kB (decimal units, like df -H and go's own download messages). */
// Moved to source/text/units.ts (the wizard's progress bar uses it too); re-exported for the commands.
export {formatBytes} from '../text/units.js';
