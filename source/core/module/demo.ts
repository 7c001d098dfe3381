import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {nonEmpty, type Env} from '../env.js';

/**
 * gotune's embedded demo module (demo/sample, shipped in the npm package). GOTUNE_DEMO_DIR overrides it (tests).
 * From the bundle (dist/cli.js or a dist/ chunk) it is ../demo/sample; from the sources it is further up, so walk up.
 */
export function resolveDemoDir(env: Env): string | undefined {
	const override = nonEmpty(env, 'GOTUNE_DEMO_DIR');
	if (override !== undefined) return existsSync(path.join(override, 'go.mod')) ? path.resolve(override) : undefined;
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 5; i++) {
		const candidate = path.join(dir, 'demo', 'sample');
		if (existsSync(path.join(candidate, 'go.mod'))) return candidate;
		dir = path.dirname(dir);
	}
	return undefined;
}
