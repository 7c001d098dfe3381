import type {Check} from '../checks.js';
import type {Runtime} from '../runtime.js';
import {which} from '../which.js';
import {GoAdapter} from '../go-adapter.js';
import {detectModule, findUp} from './detect.js';
import {moduleChecks} from './module-checks.js';

/**
 * `gotune doctor` in a module: can this toolchain build it? Outside a module it costs two stat calls per
 * directory level and no go run, so doctor stays as fast as before for everyone else.
 */
export async function moduleDoctorChecks(runtime: Runtime): Promise<Check[]> {
	const [goMod, goWork] = await Promise.all([findUp(runtime.cwd, 'go.mod'), findUp(runtime.cwd, 'go.work')]);
	if (goMod === undefined && goWork === undefined) return [];
	const goBin = await which('go', runtime.env);
	if (goBin === undefined) return [];
	return moduleChecks(await detectModule(new GoAdapter(goBin, runtime.env, runtime.cwd), runtime.cwd));
}
