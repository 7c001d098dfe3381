import {rm} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import type {Env} from '../../source/core/env.js';
import type {Runtime} from '../../source/core/runtime.js';
import {REPO_ROOT} from './sandbox.js';

/**
 * Bundles test/helpers/steps-runner.ts (the product's journal) into one ES module with esbuild (installed as tsup's
 * dependency), beside node_modules so its packages resolve, and runs it in a child node. Call build() once per file.
 */
export function stepsChild() {
	const bundle = path.join(REPO_ROOT, 'node_modules', '.cache', `gotune-steps-runner-${process.pid}-${Date.now()}.mjs`);
	return {
		build: async () => {
			await execa(path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'), [
				path.join(REPO_ROOT, 'test', 'helpers', 'steps-runner.ts'),
				'--bundle',
				'--platform=node',
				'--format=esm',
				'--target=node20',
				'--packages=external',
				`--outfile=${bundle}`,
				'--log-level=warning',
			]);
		},
		run: async (
			request: {runtime: Runtime; action: 'apply' | 'finish' | 'rollback'; steps?: unknown[]; origin?: string; id?: string},
			env: Env = {},
		) => {
			const result = await execa(process.execPath, [bundle, JSON.stringify(request)], {
				cwd: request.runtime.cwd,
				env: Object.fromEntries(Object.entries({...request.runtime.env, ...env}).filter(([, v]) => v !== undefined)) as Record<
					string,
					string
				>,
				extendEnv: false,
				reject: false,
				timeout: 60_000,
			});
			return {exitCode: result.exitCode, signal: result.signal, stdout: String(result.stdout), stderr: String(result.stderr)};
		},
		remove: () => rm(bundle, {force: true}),
	};
}
