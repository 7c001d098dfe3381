import {useEffect, useLayoutEffect, useRef} from 'react';
import {isCancelled, trackRun, type Task} from '../../core/task.js';
import {useKeys} from './use-keys.js';

/** What useTask feeds into the step's reducer; `task` is the id given to useTask, so one reducer can run several. */
export type TaskMessage<Event, Result, Id extends string = string> =
	/** `at`: when the task emitted it (ms since the epoch): rates and ETAs come from these, never from a clock read while rendering. */
	| {type: 'task-event'; task: Id; event: Event; at?: number}
	/** `input`: the input of the run that answered (a reducer may have asked for a newer run since: isStale). */
	| {type: 'task-done'; task: Id; result: Result; input?: unknown}
	| {type: 'task-failed'; task: Id; message: string}
	| {type: 'task-cancelled'; task: Id};

/** A table of the tasks a view runs, by id: `{check: Task<...>, plan: Task<...>}`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Task, whatever its input (a parameter, so `unknown` would not fit)
export type TaskTable = Record<string, Task<any, unknown, unknown>>;

type InputOf<T> = T extends Task<infer Input, infer _Event, infer _Result> ? Input : never;
type EventOf<T> = T extends Task<infer _Input, infer Event, infer _Result> ? Event : never;
type ResultOf<T> = T extends Task<infer _Input, infer _Event, infer Result> ? Result : never;

/** Each task's input, or undefined while it is not to run: what a model's `effects(state)` returns. */
export type TaskInputs<Tasks extends TaskTable> = {[Id in keyof Tasks]?: InputOf<Tasks[Id]>};

/** The messages of every task in the table, discriminated by `task`: a reducer's `task-done` for 'plan' has plan's result type. */
export type TaskMessages<Tasks extends TaskTable> = {
	[Id in keyof Tasks & string]: TaskMessage<EventOf<Tasks[Id]>, ResultOf<Tasks[Id]>, Id>;
}[keyof Tasks & string];

export type UseTaskOptions = {
	/** Esc aborts the running task (give the step's isActive). */
	cancelOnEscape?: boolean;
};

type Run = {input: unknown; abort: AbortController; done: boolean};

/**
 * Runs a view's core Tasks from state. Each task runs while its input is defined, once per distinct input object,
 * so keep the input in the reducer's state (e.g. the plan in a `creating` phase); an array input is compared like a
 * dependency list, element by element (a task that needs several pieces of state: `[path, report, keepSource]`). A key repeated while busy cannot
 * start it twice, because the reducer is already in its busy state and makes no new input.
 *
 * Events, the result, a failure or the cancellation reach the reducer through `dispatch`, as typed messages. A task is
 * aborted when the view unmounts, when its input becomes undefined or another object (the reducer left the busy
 * state) or, for the ids in `cancelOnEscape`, on Esc; after an abort nothing more from that run is dispatched except
 * the one `task-cancelled` after Esc.
 */
export function useTasks<Tasks extends TaskTable>(
	tasks: Tasks,
	inputs: TaskInputs<Tasks>,
	dispatch: (message: TaskMessages<Tasks>) => void,
	{cancelOnEscape = [], isActive = false}: {cancelOnEscape?: ReadonlyArray<keyof Tasks & string>; isActive?: boolean} = {},
): void {
	// The tasks and dispatch of the latest render; only the inputs decide when a run starts.
	const latest = useRef({tasks, dispatch});
	useLayoutEffect(() => {
		latest.current = {tasks, dispatch};
	});
	const runs = useRef(new Map<string, Run>());

	// After every render: start what has a new input, abort what lost its input. Cheap (a few ids).
	useEffect(() => {
		const current = runs.current;
		const send = (run: Run, message: TaskMessages<Tasks>) => {
			if (!run.done && !run.abort.signal.aborted) latest.current.dispatch(message);
		};
		const ids = new Set<string>([...Object.keys(inputs), ...current.keys()]);
		for (const id of ids) {
			const input = (inputs as Record<string, unknown>)[id];
			const previous = current.get(id);
			if (previous && sameInput(previous.input, input)) continue;
			if (previous) {
				// The reducer moved on: stop the work; the reducer is not told (it already knows).
				previous.abort.abort();
				current.delete(id);
			}
			if (input === undefined) continue;
			const run: Run = {input, abort: new AbortController(), done: false};
			current.set(id, run);
			const message = (body: object) => ({...body, task: id}) as TaskMessages<Tasks>;
			const emit = (event: unknown) => send(run, message({type: 'task-event', event, at: Date.now()}));
			// Any throw (even a synchronous one) becomes a failure message, never an unhandled rejection.
			trackRun(Promise.resolve().then(() => latest.current.tasks[id]!(input, {emit, signal: run.abort.signal}))).then(
				result => {
					send(run, message({type: 'task-done', result, input: run.input}));
					run.done = true;
				},
				(error: unknown) => {
					if (!isCancelled(error))
						send(run, message({type: 'task-failed', message: error instanceof Error ? error.message : String(error)}));
					run.done = true;
				},
			);
		}
	});
	// Unmount: stop everything still running, telling nobody.
	useEffect(() => {
		const current = runs.current;
		return () => {
			for (const run of current.values()) run.abort.abort();
			current.clear();
		};
	}, []);

	const escapable = cancelOnEscape.some(id => inputs[id] !== undefined);
	useKeys(
		(_input, key) => {
			if (!key.escape) return;
			for (const id of cancelOnEscape) {
				const run = runs.current.get(id);
				if (run === undefined || run.done || run.abort.signal.aborted) continue;
				run.abort.abort();
				run.done = true;
				latest.current.dispatch({type: 'task-cancelled', task: id} as TaskMessages<Tasks>);
			}
		},
		{isActive: isActive && escapable},
	);
}

/**
 * A task-done from a run whose input is no longer the one the state asks for: the reducer asked for a new run (a
 * change underneath) before this one's answer arrived, and the new run has not been started yet when it did (useTasks
 * starts and aborts runs after the render). Messages without an input (tests) are never stale.
 */
export function isStale(done: {input?: unknown}, current: unknown): boolean {
	return 'input' in done && done.input !== undefined && !sameInput(done.input, current);
}

function sameInput(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => item === b[index]);
}

/** One task: useTasks with a table of one. */
export function useTask<Id extends string, Input, Event, Result>(
	id: Id,
	task: Task<Input, Event, Result>,
	input: Input | undefined,
	dispatch: (message: TaskMessage<Event, Result, Id>) => void,
	{cancelOnEscape = false}: UseTaskOptions = {},
): void {
	useTasks(
		{[id]: task} as Record<Id, Task<Input, Event, Result>>,
		{[id]: input} as TaskInputs<Record<Id, Task<Input, Event, Result>>>,
		dispatch,
		{
			cancelOnEscape: [id],
			isActive: cancelOnEscape,
		},
	);
}
