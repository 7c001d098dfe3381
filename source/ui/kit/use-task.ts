import {useCallback, useEffect, useLayoutEffect, useRef, useState} from 'react';
import {isCancelled, trackRun, type Task} from '../../core/task.js';
import {useKeys} from './use-keys.js';

/** What useTask feeds into the step's reducer; `task` is the id given to useTask, so one reducer can run several. */
export type TaskMessage<Event, Result> =
	| {type: 'task-event'; task: string; event: Event}
	| {type: 'task-done'; task: string; result: Result}
	| {type: 'task-failed'; task: string; message: string}
	| {type: 'task-cancelled'; task: string};

export type UseTaskOptions = {
	/** Esc aborts the running task (give the step's isActive). */
	cancelOnEscape?: boolean;
};

/**
 * Runs a core Task for a view. Effects start from state: the task runs while `input` is defined, once per
 * distinct input object, so keep the input in the reducer's state (e.g. the plan in a `creating` phase). A key
 * repeated while busy cannot start it twice, because the reducer is already in its busy state and makes no new input.
 *
 * Events, the result, a failure or the cancellation reach the reducer through `dispatch`. The task is aborted
 * when the view unmounts, when `input` becomes undefined (the reducer left the busy state) or on Esc; after an
 * abort nothing more from that run is dispatched except the one `task-cancelled` (not on unmount).
 */
export function useTask<Input, Event, Result>(
	id: string,
	task: Task<Input, Event, Result>,
	input: Input | undefined,
	dispatch: (message: TaskMessage<Event, Result>) => void,
	{cancelOnEscape = false}: UseTaskOptions = {},
): {running: boolean; cancel: () => void} {
	// The task and dispatch of the latest render; only `input` decides when a run starts.
	const latest = useRef({task, dispatch});
	useLayoutEffect(() => {
		latest.current = {task, dispatch};
	});
	const controller = useRef<AbortController | undefined>(undefined);
	const [running, setRunning] = useState(false);

	useEffect(() => {
		if (input === undefined) return;
		const abort = new AbortController();
		controller.current = abort;
		let live = true;
		const send = (message: TaskMessage<Event, Result>) => {
			if (live && !abort.signal.aborted) latest.current.dispatch(message);
		};
		setRunning(true);
		const finish = () => {
			if (!live) return;
			live = false;
			if (controller.current === abort) controller.current = undefined;
			setRunning(false);
		};
		const emit = (event: Event) => send({type: 'task-event', task: id, event});
		// Any throw (even a synchronous one) becomes a failure message, never an unhandled rejection.
		trackRun(Promise.resolve().then(() => latest.current.task(input, {emit, signal: abort.signal}))).then(
			result => {
				send({type: 'task-done', task: id, result});
				finish();
			},
			(error: unknown) => {
				if (!isCancelled(error) && !abort.signal.aborted)
					send({type: 'task-failed', task: id, message: error instanceof Error ? error.message : String(error)});
				finish();
			},
		);
		return () => {
			// Unmount or the reducer moved on: stop the work; the reducer is not told (it already knows).
			live = false;
			abort.abort();
			if (controller.current === abort) controller.current = undefined;
		};
	}, [id, input]);

	const cancel = useCallback(() => {
		const abort = controller.current;
		if (abort === undefined || abort.signal.aborted) return;
		abort.abort();
		controller.current = undefined;
		setRunning(false);
		latest.current.dispatch({type: 'task-cancelled', task: id});
	}, [id]);

	useKeys(
		(_input, key) => {
			if (key.escape) cancel();
		},
		{isActive: cancelOnEscape && running},
	);

	return {running, cancel};
}
