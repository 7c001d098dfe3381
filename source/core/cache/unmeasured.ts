import type {CacheLocation, CacheReport} from './inspect.js';

/** A cache's report before anything is measured: where it is, nothing counted yet (null, never 0). Pure. */
export function unmeasuredReport(location: CacheLocation): CacheReport {
	return {
		...location,
		exists: false,
		bytes: null,
		files: null,
		filesystem: null,
		mountPoint: null,
		freeBytes: null,
		totalBytes: null,
		warnings: [],
		...(location.kind === 'gomodcache' ? {modules: null, versions: null, toolchains: []} : {}),
	};
}
