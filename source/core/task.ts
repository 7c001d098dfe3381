/**
 * Long work (probes, copies, builds, downloads) is a plain async function: it takes its input and a context,
 * emits typed progress events while it runs, and stops promptly when the signal aborts, cleaning up what it
 * started (child processes and their children killed, temporary files removed) before it rejects.
 *
 *   const probe: Task<ProbeInput, ProbeEvent, ProbeResult> = async (input, {emit, signal}) => { ... };
 *
 * The wizard runs tasks through ui/kit/use-task.ts (events into the step's reducer, abort on unmount or Esc);
 * headless commands through commands/progress.ts (events as progress on stderr, the result on stdout).
 */
export type TaskContext<Event> = {
	emit: (event: Event) => void;
	signal: AbortSignal;
};

export type Task<Input, Event, Result> = (input: Input, context: TaskContext<Event>) => Promise<Result>;

/** What a task rejects with when its signal aborted; callers treat it as "cancelled", never as a failure. */
export class TaskCancelled extends Error {
	constructor(what = 'the operation') {
		super(`${what} was cancelled`);
		this.name = 'TaskCancelled';
	}
}

export function isCancelled(error: unknown): boolean {
	return error instanceof TaskCancelled || (error instanceof Error && error.name === 'AbortError');
}

/** Call between units of work: rejects with TaskCancelled once the signal has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, what?: string): void {
	if (signal?.aborted) throw new TaskCancelled(what);
}

/** A context for callers that want neither events nor cancellation (tests, one-shot headless calls). */
export function quietContext<Event>(signal: AbortSignal = new AbortController().signal): TaskContext<Event> {
	return {emit: () => undefined, signal};
}
