import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import type {Env} from '../../source/core/env.js';
import {GoAdapter} from '../../source/core/go-adapter.js';
import {createRuntime, type Runtime} from '../../source/core/runtime.js';
import {sandboxOverrides} from '../../source/core/sandbox.js';
import {testGo} from './toolchains.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI; GOTUNE_TEST_CLI lets parallel work build elsewhere (npx tsup --out-dir DIR) without racing on dist/. */
export const CLI = process.env['GOTUNE_TEST_CLI'] ?? path.join(REPO_ROOT, 'dist', 'cli.js');

export type CliResult = {exitCode: number; signal?: string; stdout: string; stderr: string};

export type TestSandbox = {
	dir: string;
	/** The whole environment tests hand to go and gotune: nothing of the real user's HOME, GO* or XDG_* leaks in. */
	env: Env;
	goBin: string;
	go: GoAdapter;
	runtime: Runtime;
	/** Runs the built CLI (dist/cli.js) in this sandbox; never rejects. */
	cli: (args: string[], options?: {cwd?: string; env?: Env; input?: string; timeoutMs?: number}) => Promise<CliResult>;
	cleanup: () => Promise<void>;
};

/**
 * The one way tests get an environment (rule 2): HOME, XDG_*, GOENV (a file, never "off"), GOCACHE, GOMODCACHE,
 * GOPATH and GOTUNE_HOME all live in a temp dir; GOTOOLCHAIN=local, GOTELEMETRY=off, GOFLAGS empty; PATH starts
 * with the toolchain under test. Uses the product's own sandboxOverrides so tests and --sandbox cannot drift.
 */
export async function makeSandbox({goBin = testGo(), extraEnv = {}}: {goBin?: string; extraEnv?: Env} = {}): Promise<TestSandbox> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-test-'));
	const base: Env = {
		PATH: `${path.dirname(goBin)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
		LANG: 'C.UTF-8',
		TERM: 'dumb',
		TMPDIR: os.tmpdir(),
		...extraEnv,
	};
	const runtime = await createRuntime({env: base, cwd: dir, sandbox: dir, pinCaches: true});
	const env = runtime.env;
	return {
		dir,
		env,
		goBin,
		go: new GoAdapter(goBin, env, dir),
		runtime,
		cli: async (args, options = {}) => {
			const result = await execa(process.execPath, [CLI, ...args], {
				cwd: options.cwd ?? dir,
				env: {...stripUndefined(env), ...stripUndefined(options.env ?? {})},
				extendEnv: false,
				reject: false,
				input: options.input,
				stdin: options.input === undefined ? 'ignore' : 'pipe',
				timeout: options.timeoutMs ?? 60_000,
			});
			return {exitCode: result.exitCode ?? -1, signal: result.signal, stdout: String(result.stdout), stderr: String(result.stderr)};
		},
		cleanup: async () => {
			// GOMODCACHE is read-only (0555): go clean -modcache knows how to remove it.
			await execa(goBin, ['clean', '-modcache'], {env: stripUndefined(env), extendEnv: false, reject: false, timeout: 30_000});
			await rm(dir, {recursive: true, force: true});
		},
	};
}

export {sandboxOverrides};

function stripUndefined(env: Env): Record<string, string> {
	return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
