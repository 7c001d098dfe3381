import {useCallback, useRef, useState} from 'react';

/**
 * useReducer whose current state can also be read synchronously (`latest()`), right after a dispatch and before
 * React re-renders. For key handlers with side effects that depend on what the previous key in the same read
 * did (the shell's "q" then "y" answering the quit question it just asked). The reducer must be pure.
 */
export function useSyncReducer<State, Action>(
	reducer: (state: State, action: Action) => State,
	init: () => State,
): [State, (action: Action) => void, () => State] {
	const [state, setState] = useState(init);
	// The state as of the last dispatch, which key handlers read before React re-renders.
	const latestState = useRef(state);
	const dispatch = useCallback(
		(action: Action) => {
			const next = reducer(latestState.current, action);
			if (next === latestState.current) return;
			latestState.current = next;
			setState(next);
		},
		[reducer],
	);
	const latest = useCallback(() => latestState.current, []);
	return [state, dispatch, latest];
}
