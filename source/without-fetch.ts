/**
 * Runs LOAD (the wizard's chunk: Ink, and with it yoga-layout's WebAssembly) with the global `fetch` hidden.
 * yoga-layout's loader reads its embedded wasm from a data: URL with fetch when fetch exists, and the first touch of
 * Node's fetch loads undici: about 20 ms of start-up, more than all of gotune's own code before the first frame.
 * Without fetch the loader decodes the same bytes in place. `fetch` is put back, exactly as it was (Node's lazy
 * getter, not yet run), as soon as LOAD settles; nothing in gotune fetches before then.
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (descriptor?.configurable !== true) return load();
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true, enumerable: descriptor.enumerable});
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
