import {Text} from 'ink';
import {useEffect, useState, type ComponentType} from 'react';

type WithServices = {services: unknown};

export type LazyView<P extends WithServices> = {
	View: ComponentType<P>;
	/**
	 * Starts loading the view's chunk (once), and with SERVICES what the view needs of them first; resolves when it
	 * is ready to render without a blank frame.
	 */
	preload: (services?: P['services']) => Promise<void>;
};

/**
 * A view whose code loads after the first frame: the wizard paints its shell before it parses the steps it is not
 * showing yet (issue 13's first-frame budget). Once loaded (the shell preloads every step right after the first
 * frame) the view renders at once, with no loading frame; before that it renders nothing, or the error if its chunk
 * could not be read. Not React.lazy: that suspends for a tick even when the module is already there.
 * PREPARE: what the view needs of its services before its first render (their lazily loaded rules); undefined once
 * there.
 */
export function lazyView<P extends WithServices>(
	load: () => Promise<ComponentType<P>>,
	prepare: (services: P['services']) => Promise<void> | undefined = () => undefined,
): LazyView<P> {
	let loaded: ComponentType<P> | undefined;
	let failure: Error | undefined;
	let pending: Promise<void> | undefined;
	const loadChunk = () =>
		(pending ??= load().then(
			view => {
				loaded = view;
			},
			(error: Error) => {
				failure = error;
			},
		));
	const settle = (services: P['services'] | undefined) =>
		Promise.all([
			loadChunk(),
			services === undefined
				? undefined
				: prepare(services)?.catch((error: Error) => {
						failure = error;
					}),
		]).then(() => undefined);
	function View(props: P) {
		const [, setSettled] = useState(0);
		const preparing = prepare(props.services);
		const waiting = (!loaded || preparing !== undefined) && !failure;
		useEffect(() => {
			let live = true;
			if (waiting) void settle(props.services).then(() => live && setSettled(n => n + 1));
			return () => {
				live = false;
			};
		}, [waiting, props.services]);
		if (failure) return <Text color="red">Could not load this step: {failure.message}</Text>;
		const Loaded = loaded;
		return Loaded && !waiting ? <Loaded {...props} /> : null;
	}
	return {View, preload: settle};
}
