import type {Check} from '../checks.js';
import type {Runtime} from '../runtime.js';
import type {ToolchainFindings} from '../steps/toolchain.js';
import {GoAdapter} from '../go-adapter.js';
import {detectModule, findUp} from './detect.js';
import {moduleChecks} from './module-checks.js';

/**
 * `gotune doctor` in a module: can this toolchain build it? Outside a module it costs two stat calls per
 * directory level and no go run, so doctor stays as fast as before for everyone else.
 */
export async function moduleDoctorChecks(runtime: Runtime, toolchain: Promise<ToolchainFindings>): Promise<Check[]> {
	const [goMod, goWork] = await Promise.all([findUp(runtime.cwd, 'go.mod'), findUp(runtime.cwd, 'go.work')]);
	if (goMod === undefined && goWork === undefined) return [];
	const {discovery, snapshot} = await toolchain;
	// No go, or one that does not answer `go version` (the toolchain check says so): running it again would only hang.
	if (discovery.winner === undefined || discovery.winner.version === undefined) return [];
	// The toolchain check already ran go env here; after a lock-out its values came from a repaired env, so ask again.
	const known = snapshot && !snapshot.error && !snapshot.lockOut ? snapshot.values : undefined;
	return moduleChecks(await detectModule(new GoAdapter(discovery.winner.path, runtime.env, runtime.cwd), runtime.cwd, known));
}
