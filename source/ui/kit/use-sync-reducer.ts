import {useCallback, useState} from 'react';

/**
 * useReducer whose current state can also be read synchronously (`latest()`), right after a dispatch and before
 * React re-renders. For key handlers with side effects that depend on what the previous key in the same read
 * did (the shell's "q" then "y" answering the quit question it just asked). The reducer must be pure.
 */
export function useSyncReducer<State, Action>(
	reducer: (state: State, action: Action) => State,
	init: () => State,
): [State, (action: Action) => void, () => State] {
	// A mutable box that lives as long as the component: the state as of the last dispatch.
	const [box] = useState(() => ({state: init()}));
	const [state, setState] = useState(box.state);
	const dispatch = useCallback(
		(action: Action) => {
			const next = reducer(box.state, action);
			if (next === box.state) return;
			box.state = next;
			setState(next);
		},
		[reducer, box],
	);
	const latest = useCallback(() => box.state, [box]);
	return [state, dispatch, latest];
}
