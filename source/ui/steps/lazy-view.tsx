import {Text} from 'ink';
import {useEffect, useState, type ComponentType} from 'react';

export type LazyView<P> = {
	View: ComponentType<P>;
	/** Starts loading the view's chunk (once); resolves when it is ready to render without a blank frame. */
	preload: () => Promise<void>;
};

/**
 * A view whose code loads after the first frame: the wizard paints its shell before it parses the steps it is not
 * showing yet (issue 13's first-frame budget). Once loaded (the shell preloads every step right after the first
 * frame) the view renders at once, with no loading frame; before that it renders nothing, or the error if its chunk
 * could not be read. Not React.lazy: that suspends for a tick even when the module is already there.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
	let loaded: ComponentType<P> | undefined;
	let failure: Error | undefined;
	let pending: Promise<void> | undefined;
	const preload = () =>
		(pending ??= load().then(
			view => {
				loaded = view;
			},
			(error: Error) => {
				failure = error;
			},
		));
	function View(props: P) {
		const [, setSettled] = useState(false);
		useEffect(() => {
			let live = true;
			if (!loaded && !failure) void preload().then(() => live && setSettled(true));
			return () => {
				live = false;
			};
		}, []);
		if (failure) return <Text color="red">Could not load this step: {failure.message}</Text>;
		const Loaded = loaded;
		return Loaded ? <Loaded {...props} /> : null;
	}
	return {View, preload};
}
