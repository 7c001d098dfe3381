/**
 * Pure, synchronous functions a step needs (validators, GOPROXY composition) whose code loads after the first frame:
 * the Proxy step's alone pulled in node:crypto and ~30 KB, about 7 ms of start-up (paired pty runs). `ready()`
 * starts the load; it returns undefined once loaded, so a view that waits for it renders at once the next time. The
 * step's lazy view waits for it (steps/index.ts); `get()` before that throws, naming what was used too early.
 */
export type LazyModule<M> = {
	ready: () => Promise<void> | undefined;
	get: () => M;
};

export function lazyModule<M>(name: string, load: () => Promise<M>): LazyModule<M> {
	let loaded: M | undefined;
	let pending: Promise<void> | undefined;
	return {
		ready: () => {
			if (loaded !== undefined) return undefined;
			return (pending ??= load().then(module => {
				loaded = module;
			}));
		},
		get: () => {
			if (loaded === undefined) throw new Error(`${name} used before its ready() resolved`);
			return loaded;
		},
	};
}
