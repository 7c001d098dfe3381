import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {withOverrides, type Env} from './env.js';

/**
 * Everything gotune or go could write, pointed into DIR. GOENV is a file path: GOENV=off would still let
 * `go env -w` write the real user's file (go-facts §1.13). Tests use this same function through test/helpers.
 */
export function sandboxOverrides(dir: string): Env {
	const root = path.resolve(dir);
	return {
		HOME: path.join(root, 'home'),
		XDG_CONFIG_HOME: path.join(root, 'home', '.config'),
		XDG_CACHE_HOME: path.join(root, 'home', '.cache'),
		GOENV: path.join(root, 'home', '.config', 'go', 'env'),
		GOCACHE: path.join(root, 'cache', 'go-build'),
		GOMODCACHE: path.join(root, 'gopath', 'pkg', 'mod'),
		GOPATH: path.join(root, 'gopath'),
		GOTUNE_HOME: path.join(root, 'gotune'),
		GOTOOLCHAIN: 'local',
		GOTELEMETRY: 'off',
		GOFLAGS: '',
	};
}

export async function prepareSandbox(dir: string, base: Env): Promise<Env> {
	const overrides = sandboxOverrides(dir);
	await Promise.all(
		['HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'GOTUNE_HOME'].map(key => mkdir(overrides[key]!, {recursive: true})),
	);
	await mkdir(path.dirname(overrides['GOENV']!), {recursive: true});
	// Go reads GOTELEMETRY from this file only (the variable is ignored): keep Go >= 1.23 from collecting in the sandbox.
	const telemetry = path.join(overrides['XDG_CONFIG_HOME']!, 'go', 'telemetry');
	await mkdir(telemetry, {recursive: true});
	await writeFile(path.join(telemetry, 'mode'), `off ${new Date().toISOString().slice(0, 10)}`, {flag: 'wx'}).catch(() => undefined);
	return withOverrides(base, {...overrides, GOTUNE_SANDBOX: path.resolve(dir)});
}
