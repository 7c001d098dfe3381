import {mkdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {withOverrides, type Env} from './env.js';

/**
 * Everything gotune or go could write, pointed into DIR. GOENV is a file path: GOENV=off would still let
 * `go env -w` write the real user's file (go-facts §1.13). Tests use this same function through test/helpers.
 *
 * PIN_CACHES (tests) sets GOCACHE and GOMODCACHE as OS variables. `--sandbox` leaves them unset instead (any of the
 * user's own are removed): go's defaults, $XDG_CACHE_HOME/go-build and $GOPATH/pkg/mod, are inside DIR anyway, and an
 * OS variable would override `go env -w`, so the Cache step could not move a sandbox's caches.
 */
export function sandboxOverrides(dir: string, {pinCaches = true}: {pinCaches?: boolean} = {}): Env {
	const root = path.resolve(dir);
	return {
		HOME: path.join(root, 'home'),
		XDG_CONFIG_HOME: path.join(root, 'home', '.config'),
		XDG_CACHE_HOME: path.join(root, 'home', '.cache'),
		GOENV: path.join(root, 'home', '.config', 'go', 'env'),
		GOCACHE: pinCaches ? path.join(root, 'cache', 'go-build') : undefined,
		GOMODCACHE: pinCaches ? path.join(root, 'gopath', 'pkg', 'mod') : undefined,
		GOPATH: path.join(root, 'gopath'),
		GOTUNE_HOME: path.join(root, 'gotune'),
		GOTOOLCHAIN: 'local',
		GOTELEMETRY: 'off',
		GOFLAGS: '',
	};
}

/** The --sandbox directory cannot be used (bad input: exit 2 with this message). */
export class SandboxError extends Error {}

/**
 * Creates DIR one level at a time from its nearest existing parent. A recursive mkdir under a pseudo file system
 * such as /proc never returned (issue 7: --sandbox /proc/x spun at full CPU); one level at a time fails at once.
 */
async function createSandboxDir(root: string): Promise<void> {
	const missing: string[] = [];
	let current = root;
	for (;;) {
		const info = await stat(current).catch((error: NodeJS.ErrnoException) => error);
		if (!(info instanceof Error)) {
			if (!info.isDirectory()) throw new SandboxError(`--sandbox ${root}: ${current} is not a directory`);
			break;
		}
		if (info.code !== 'ENOENT') throw new SandboxError(`--sandbox ${root}: cannot use ${current} (${info.code})`);
		missing.unshift(current);
		const parent = path.dirname(current);
		if (parent === current) break;
		current = parent;
	}
	for (const dir of missing) {
		try {
			await mkdir(dir);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EEXIST') continue;
			throw new SandboxError(
				`--sandbox ${root}: cannot create ${dir} (${code ?? String(error)}); choose a writable directory, for example --sandbox /tmp/gotune-try`,
			);
		}
	}
}

export async function prepareSandbox(dir: string, base: Env, options: {pinCaches?: boolean} = {}): Promise<Env> {
	await createSandboxDir(path.resolve(dir));
	const overrides = sandboxOverrides(dir, options);
	await Promise.all(['HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'GOTUNE_HOME'].map(key => mkdir(overrides[key]!, {recursive: true})));
	await mkdir(path.dirname(overrides['GOENV']!), {recursive: true});
	// Go reads GOTELEMETRY from this file only (the variable is ignored): keep Go >= 1.23 from collecting in the sandbox.
	const telemetry = path.join(overrides['XDG_CONFIG_HOME']!, 'go', 'telemetry');
	await mkdir(telemetry, {recursive: true});
	await writeFile(path.join(telemetry, 'mode'), `off ${new Date().toISOString().slice(0, 10)}`, {flag: 'wx'}).catch(() => undefined);
	return withOverrides(base, {...overrides, GOTUNE_SANDBOX: path.resolve(dir)});
}
