import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {expect} from 'vitest';
import type {Explanation} from '../../source/core/explain/types.js';
import type {TestSandbox} from './sandbox.js';

/**
 * A module in its own directory (under SANDBOX) with its own module cache; FILES (relative paths, directories made)
 * are written into it. The env sends downloads to PROXY only and turns the checksum database off: nothing leaves the machine.
 */
export async function goProject(
	sandbox: TestSandbox,
	proxy: string,
	files: Record<string, string>,
): Promise<{dir: string; env: Record<string, string>}> {
	const dir = await mkdtemp(path.join(sandbox.dir, 'proj-'));
	for (const [name, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
		await writeFile(path.join(dir, name), text);
	}
	const cache = path.join(dir, '.modcache');
	await mkdir(cache);
	return {dir, env: {GOMODCACHE: cache, GOFLAGS: '-modcacherw', GOPROXY: proxy, GOSUMDB: 'off', GONOSUMDB: '', GOPRIVATE: ''}};
}

/**
 * Runs go for real (it must fail), then `gotune explain --json` on its stderr with the same settings in force. ARGS run
 * in SUBDIR of the project when given.
 */
export async function explainRun(
	sandbox: TestSandbox,
	proxy: string,
	args: string[],
	files: Record<string, string>,
	env: Record<string, string | undefined> = {},
	subdir = '.',
): Promise<{stderr: string; exitCode: number; explained: Explanation}> {
	const {dir, env: base} = await goProject(sandbox, proxy, files);
	const settings = {...base, ...env};
	const cwd = path.join(dir, subdir);
	const run = await sandbox.go.run(args, {cwd, env: settings, timeoutMs: 60_000});
	expect(run.exitCode, run.stderr).not.toBe(0);
	const cli = await sandbox.cli(['explain', '--json'], {cwd, env: settings, input: run.stderr});
	await rm(dir, {recursive: true, force: true});
	expect(cli.stderr).toBe('');
	return {stderr: run.stderr, exitCode: cli.exitCode, explained: JSON.parse(cli.stdout) as Explanation};
}
