import {act} from 'react';
import type {ModuleServices} from '../../source/ui/services/module.js';

/** Real module services (real go, real journal) whose promises the test can wait for inside act(). */
export function trackedModuleServices(services: ModuleServices) {
	const pending: Array<Promise<unknown>> = [];
	const api = services.module;
	const wrap =
		<A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
		(...args: A) => {
			const p = fn(...args);
			pending.push(p.catch(() => undefined));
			return p;
		};
	const calls = {create: 0};
	const create: ModuleServices['module']['create'] = (...args) => {
		calls.create++;
		return api.create(...args);
	};
	const module: ModuleServices['module'] = {
		...api,
		check: wrap(api.check),
		plan: wrap(api.plan),
		create: wrap(create),
		tidy: wrap(api.tidy),
	};
	return {
		calls,
		services: {module},
		async settle() {
			while (pending.length > 0) {
				await act(async () => {
					await pending.shift();
				});
			}
		},
	};
}
