import type {Key} from 'ink';
import {useEffect, useMemo, useReducer, useRef} from 'react';
import type {PendingChange} from '../steps/types.js';
import {matchBinding, type KeyBinding} from './bindings.js';
import {useKeys} from './use-keys.js';
import {useTasks, type TaskInputs, type TaskMessages, type TaskTable} from './use-task.js';

/** A key as it arrived (already split into single keys): the model's bindings for the state decide what it does. */
export type KeyAction = {type: 'key'; input: string; key: Key};

/**
 * A screen's behaviour as pure data and functions, tested without Ink, go or files (test/unit):
 *
 *   reducer    (state, action) -> state; actions are the model's own, its bindings' and its tasks' typed messages
 *   bindings   the keys in a state, as data: the key handler and the hint line both come from it
 *   effects    the work a state asks for: each task's input, or undefined (the task runs while it is defined)
 *   pending    changes staged but not written (`q` asks before throwing them away)
 *   text       in a text field, what a key no binding takes does (types into the field); typing: one is up
 *   captures   while true the shell leaves q, Esc and Tab to the screen (a text field, a y/N question)
 *   next       asks the shell to go on (onNext): true once, or a count that goes up with each ask
 */
export type Model<State, Action, Tasks extends TaskTable> = {
	reducer: (state: State, action: Action | TaskMessages<Tasks>) => State;
	bindings: (state: State) => ReadonlyArray<KeyBinding<Action>>;
	effects: (state: State) => TaskInputs<Tasks>;
	pending?: (state: State) => PendingChange[];
	text?: (state: State, input: string, key: Key) => Action | undefined;
	/** A text field is up: pasted text arrives whole (useKeys' text mode). */
	typing?: (state: State) => boolean;
	captures?: (state: State) => boolean;
	/** A sub-screen of the step's own is up: Esc goes back to the step's main view, not to the previous step. */
	claimsEscape?: (state: State) => boolean;
	next?: (state: State) => boolean | number | undefined;
	/** Tasks that Esc aborts while they run (they get `task-cancelled`). */
	cancelOnEscape?: ReadonlyArray<keyof Tasks & string>;
};

/**
 * The model's reducer with keys: a key is judged in the state the previous key left ("yy" in one read confirms
 * once; "\rexample.com" from a menu types into the field Enter opened), through bindings(state), then text().
 */
export function withKeys<State, Action, Tasks extends TaskTable>(
	model: Model<State, Action, Tasks>,
): (state: State, action: Action | TaskMessages<Tasks> | KeyAction) => State {
	return (state, action) => {
		if (!isKeyAction(action)) return model.reducer(state, action);
		const binding = matchBinding(model.bindings(state), action.input, action.key);
		if (binding) return model.reducer(state, binding.action);
		const typed = model.text?.(state, action.input, action.key);
		return typed === undefined ? state : model.reducer(state, typed);
	};
}

function isKeyAction(action: unknown): action is KeyAction {
	return typeof action === 'object' && action !== null && (action as {type?: unknown}).type === 'key' && 'key' in action;
}

export type StepWiring = {
	/** Keys belong to this screen (StepViewProps.isActive, a panel's isFocused). */
	isActive: boolean;
	onNext?: () => void;
	setPending?: (changes: PendingChange[]) => void;
	captureKeys?: (capture: boolean) => void;
	claimEscape?: (claim: boolean) => void;
};

/**
 * One screen's wiring, the same for every step, panel and prompt: the model's reducer (keys through its bindings),
 * its tasks from effects(state) (typed messages back into the reducer), pending changes to the shell, key capture
 * (only ever releasing what it took) and onNext once the model says next.
 */
export function useStep<State, Action, Tasks extends TaskTable>(
	model: Model<State, Action, Tasks>,
	tasks: Tasks,
	init: () => State,
	{isActive, onNext, setPending, captureKeys, claimEscape}: StepWiring,
): {state: State; dispatch: (action: Action | KeyAction) => void; bindings: ReadonlyArray<KeyBinding<Action>>} {
	const reducer = useMemo(() => withKeys(model), [model]);
	const [state, dispatch] = useReducer(reducer, undefined, init);

	useTasks(tasks, model.effects(state), dispatch, {cancelOnEscape: model.cancelOnEscape, isActive});
	useKeys(
		(input, key) => {
			dispatch({type: 'key', input, key});
		},
		{isActive, text: model.typing?.(state) ?? false},
	);

	// Each new truthy value goes on once, whatever else re-runs the effect (a new onNext after a re-render).
	const next = model.next?.(state);
	const wentOn = useRef<typeof next>(undefined);
	useEffect(() => {
		if (!next || next === wentOn.current) return;
		wentOn.current = next;
		onNext?.();
	}, [next, onNext]);

	// The shell compares by value: a new list only when what is pending changed.
	const pendingKey = JSON.stringify(model.pending?.(state) ?? []);
	useEffect(() => {
		setPending?.(JSON.parse(pendingKey) as PendingChange[]);
	}, [pendingKey, setPending]);

	// Only ever release what this screen took: another (the step under a panel) may hold its own capture.
	const capture = isActive && (model.captures?.(state) ?? false);
	const holding = useRef(false);
	useEffect(() => {
		if (capture === holding.current) return;
		holding.current = capture;
		captureKeys?.(capture);
	}, [capture, captureKeys]);
	useEffect(
		() => () => {
			if (holding.current) captureKeys?.(false);
		},
		[captureKeys],
	);

	const claim = model.claimsEscape?.(state) ?? false;
	useEffect(() => {
		claimEscape?.(claim);
	}, [claim, claimEscape]);
	useEffect(() => () => claimEscape?.(false), [claimEscape]);

	return {state, dispatch, bindings: model.bindings(state)};
}
