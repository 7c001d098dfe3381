import {cp, mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import type {Env} from '../../source/core/env.js';
import {startModuleProxy, type ProxyModule} from './module-proxy.js';
import {makeSandbox, type CliResult, type TestSandbox} from './sandbox.js';

/** Two small modules (the loopback proxy helper serves lower-case paths only). */
export const CACHE_MODULES: ProxyModule[] = [
	{
		path: 'example.com/greet',
		version: 'v1.2.0',
		files: {
			'go.mod': 'module example.com/greet\n\ngo 1.18\n',
			'greet.go': 'package greet\n\nfunc Hello() string { return "hello" }\n',
			LICENSE: 'MIT\n',
		},
	},
	{
		path: 'example.com/other/lib',
		version: 'v0.1.0',
		files: {
			'go.mod': 'module example.com/other/lib\n\ngo 1.18\n',
			'lib.go': 'package lib\n\nfunc N() int { return 2 }\n',
			'sub/sub.go': 'package sub\n',
		},
	},
];

const MAIN =
	'package main\n\nimport (\n\t"example.com/other/lib"\n\t"example.com/greet"\n)\n\nfunc main() {\n\tprintln(greet.Hello(), lib.N())\n}\n';

export type CacheSandbox = Omit<TestSandbox, 'go'> & {
	project: string;
	gocache: string;
	gomodcache: string;
	/** Env for go and gotune where GOCACHE/GOMODCACHE come from the GOENV file, not the OS (so a move can take effect). */
	fileEnv: Env;
	/** The built CLI with fileEnv. */
	run: (args: string[], options?: {env?: Env; timeoutMs?: number}) => Promise<CliResult>;
	/** go with fileEnv, in the project. */
	go: (args: string[], env?: Env) => Promise<{exitCode: number; stdout: string; stderr: string}>;
};

/**
 * A sandbox with a real project whose build filled GOCACHE and whose dependencies were downloaded from a loopback
 * proxy into GOMODCACHE. Built once (slow: go compiles the runtime), then copied with `cp -a` into each test's sandbox.
 */
export async function buildCacheTemplate(): Promise<{sandbox: TestSandbox; close: () => Promise<void>}> {
	const proxy = await startModuleProxy(CACHE_MODULES);
	const sandbox = await makeSandbox({extraEnv: {GOPROXY: proxy.url, GOSUMDB: 'off'}});
	const project = path.join(sandbox.dir, 'project');
	await mkdir(project);
	await writeFile(
		path.join(project, 'go.mod'),
		'module example.com/app\n\ngo 1.18\n\nrequire (\n\texample.com/other/lib v0.1.0\n\texample.com/greet v1.2.0\n)\n',
	);
	await writeFile(path.join(project, 'main.go'), MAIN);
	const env = {...sandbox.env, GOFLAGS: '-mod=mod'};
	for (const args of [
		['mod', 'download', '-x'],
		['build', '-v', '-o', path.join(sandbox.dir, 'app'), '.'],
	]) {
		const run = await execa(sandbox.goBin, args, {cwd: project, env: strip(env), extendEnv: false, reject: false, timeout: 240_000});
		if (run.exitCode !== 0) throw new Error(`go ${args.join(' ')} failed: ${run.stderr}`);
	}
	return {
		sandbox,
		close: async () => {
			await sandbox.cleanup();
			await proxy.close();
		},
	};
}

export async function cacheSandbox(template: TestSandbox): Promise<CacheSandbox> {
	const sandbox = await makeSandbox({extraEnv: {GOPROXY: 'off', GOSUMDB: 'off'}});
	const gocache = sandbox.env['GOCACHE']!;
	const gomodcache = sandbox.env['GOMODCACHE']!;
	await mkdir(path.dirname(gocache), {recursive: true});
	await mkdir(path.dirname(gomodcache), {recursive: true});
	await execa('cp', ['-a', template.env['GOCACHE']!, gocache]);
	await execa('cp', ['-a', template.env['GOMODCACHE']!, gomodcache]);
	const project = path.join(sandbox.dir, 'project');
	await cp(path.join(template.dir, 'project'), project, {recursive: true});
	const fileEnv: Env = {...sandbox.env, GOCACHE: '', GOMODCACHE: ''};
	const go = async (args: string[], env: Env = {}) => {
		const run = await execa(sandbox.goBin, args, {
			cwd: project,
			env: strip({...fileEnv, ...env}),
			extendEnv: false,
			reject: false,
			timeout: 120_000,
		});
		return {exitCode: run.exitCode ?? -1, stdout: String(run.stdout), stderr: String(run.stderr)};
	};
	// The settings live in the GOENV file, as for a user who ran go env -w: gotune can then change them.
	const set = await go(['env', '-w', `GOCACHE=${gocache}`, `GOMODCACHE=${gomodcache}`]);
	if (set.exitCode !== 0) throw new Error(set.stderr);
	// go env itself writes a few entries into GOCACHE (Go 1.23): let that happen before tests measure "before".
	for (const args of [['env', '-json'], ['env', 'GOTOOLCHAIN'], ['version']]) await go(args, {GOTOOLCHAIN: 'local'});
	return {
		...sandbox,
		project,
		gocache,
		gomodcache,
		fileEnv,
		go,
		run: (args, options = {}) => sandbox.cli(args, {env: {...fileEnv, ...options.env}, timeoutMs: options.timeoutMs}),
		cleanup: async () => {
			// The moved caches may be anywhere: go clean -modcache knows read-only trees, and GOENV says where they are now.
			await go(['clean', '-modcache']);
			await sandbox.cleanup();
		},
	};
}

export function strip(env: Env): Record<string, string> {
	return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
