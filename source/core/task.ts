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

/** Runs of tasks the process started and that have not settled yet (their cleanup included). */
const inFlight = new Set<Promise<unknown>>();

/** Registers a task's run so that the process can let an aborted task finish its cleanup before it exits. */
export function trackRun<T>(run: Promise<T>): Promise<T> {
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	inFlight.add(settled);
	void settled.then(() => inFlight.delete(settled));
	return run;
}

/**
 * Waits until every tracked run has settled, at most TIMEOUTMS: an aborted task removes its temporary files and
 * kills its processes before it rejects, and exiting at once would cut that short.
 */
export async function settleRuns(timeoutMs: number): Promise<void> {
	if (inFlight.size === 0) return;
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([Promise.all([...inFlight]), new Promise(resolve => (timer = setTimeout(resolve, timeoutMs)))]);
	clearTimeout(timer);
}
