import {matchBinding, type KeyBinding} from './bindings.js';
import {useKeys} from './use-keys.js';

/**
 * Runs `onAction` with the action of each key that matches a binding (split keys, in order). Pass a reducer's
 * dispatch as `onAction`: the reducer then decides what each key means in the state the previous key left.
 */
export function useKeyBindings<Action>(
	bindings: ReadonlyArray<KeyBinding<Action>>,
	onAction: (action: Action) => void,
	{isActive = true}: {isActive?: boolean} = {},
): void {
	useKeys(
		(input, key) => {
			const binding = matchBinding(bindings, input, key);
			if (binding) onAction(binding.action);
		},
		{isActive},
	);
}
