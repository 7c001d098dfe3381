import {useCallback, useRef, useState} from 'react';

/**
 * useReducer whose current state can also be read synchronously (`latest()`), right after a dispatch and before
 * React re-renders. For key handlers with side effects that depend on what the previous key in the same read
 * did (the shell's "q" then "y" answering the quit question it just asked). The reducer must be pure.
 */
export function useSyncReducer<State, Action>(reducer: (state: State, action: Action) => State, init: () => State): [State, (action: Action) => void, () => State] {
	const ref = useRef<{state: State} | undefined>(undefined);
	ref.current ??= {state: init()};
	const [state, setState] = useState(ref.current.state);
	const dispatch = useCallback((action: Action) => {
		const box = ref.current!;
		const next = reducer(box.state, action);
		if (next === box.state) return;
		box.state = next;
		setState(next);
	}, [reducer]);
	const latest = useCallback(() => ref.current!.state, []);
	return [state, dispatch, latest];
}
