import {stat} from 'node:fs/promises';
import path from 'node:path';
import {goError, type GoAdapter} from '../go-adapter.js';
import {resolveDemoDir} from '../module/demo.js';

/** A go.work workspace: its file and the modules it uses (`go list -m` there: path and directory of each). */
export type Workspace = {file: string; modules: Array<{path: string; dir: string}>};

export type ProjectChoice =
	| {root: string; source: 'given' | 'current' | 'demo'; workspace?: Workspace}
	| {problem: 'not-found' | 'not-a-dir' | 'not-a-module' | 'no-demo' | 'workspace'; message: string};

/**
 * `go env GOMOD GOWORK` in DIR (GOTOOLCHAIN=local): the go.mod and the go.work go itself would use there. At a
 * workspace's root outside every module GOMOD is /dev/null and GOWORK names the go.work.
 */
async function goFilesIn(go: GoAdapter, dir: string): Promise<{mod?: string; work?: string; error?: string}> {
	const run = await go.run(['env', 'GOMOD', 'GOWORK'], {cwd: dir, env: {GOTOOLCHAIN: 'local'}, timeoutMs: 20_000});
	if (run.exitCode !== 0) return {error: goError(run)};
	const [mod = '', work = ''] = run.stdout.split('\n').map(line => line.trim());
	return {
		...(mod === '' || mod === '/dev/null' || mod === 'off' ? {} : {mod}),
		...(work === '' || work === 'off' ? {} : {work}),
	};
}

/** The workspace's modules as go resolves them in DIR (`go list -m`: the main modules, no network). */
async function workspaceIn(go: GoAdapter, dir: string, file: string): Promise<Workspace | {error: string}> {
	const run = await go.run(['list', '-m', '-f', '{{.Path}}\t{{.Dir}}'], {cwd: dir, env: {GOTOOLCHAIN: 'local'}, timeoutMs: 60_000});
	if (run.exitCode !== 0) return {error: goError(run)};
	const modules = run.stdout
		.split('\n')
		.filter(line => line.includes('\t'))
		.map(line => {
			const [modulePath = '', moduleDir = ''] = line.split('\t');
			return {path: modulePath, dir: moduleDir};
		});
	return {file, modules};
}

/**
 * What to measure, as go builds it there: the module containing DIR when given, else the module of the current
 * directory, else gotune's demo module. Inside a go.work workspace the workspace comes along (its modules replace
 * the required versions), and at the workspace's root, outside every module, the whole workspace is measured.
 */
export async function chooseProject(
	go: GoAdapter,
	cwd: string,
	given: string | undefined,
	env: Record<string, string | undefined>,
): Promise<ProjectChoice> {
	let dir = cwd;
	if (given !== undefined) {
		dir = path.resolve(cwd, given);
		const info = await stat(dir).catch(() => undefined);
		if (info === undefined) return {problem: 'not-found', message: `${given}: no such directory (${dir})`};
		if (!info.isDirectory()) return {problem: 'not-a-dir', message: `${given}: not a directory (${dir})`};
	}
	const found = await goFilesIn(go, dir);
	if (found.mod !== undefined || found.work !== undefined) {
		const root = path.dirname(found.mod ?? found.work!);
		const source = given === undefined ? 'current' : 'given';
		if (found.work === undefined) return {root, source};
		const workspace = await workspaceIn(go, dir, found.work);
		if ('error' in workspace)
			return {
				problem: 'workspace',
				message: `${found.work}: go cannot use this workspace (go list -m: ${workspace.error}); fix the go.work file, or set GOWORK=off to measure the module alone`,
			};
		return {root, source, workspace};
	}
	if (given !== undefined)
		return {
			problem: 'not-a-module',
			message: `${given} is not in a Go module or workspace (go env GOMOD: ${found.error ?? 'no go.mod here or above'}); pass a directory with a go.mod, or gotune init there first`,
		};
	const demo = resolveDemoDir(env);
	if (demo === undefined)
		return {
			problem: 'no-demo',
			message: "not in a Go module, and gotune's demo module (demo/sample) is missing from this installation; pass DIR",
		};
	return {root: demo, source: 'demo'};
}
