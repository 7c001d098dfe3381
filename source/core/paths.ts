import path from 'node:path';
import {nonEmpty, type Env} from './env.js';

/** os.UserConfigDir() as Go computes it on Unix; undefined where Go would fail. */
export function userConfigDir(env: Env): string | undefined {
	const xdg = nonEmpty(env, 'XDG_CONFIG_HOME');
	if (xdg !== undefined) return path.isAbsolute(xdg) ? xdg : undefined;
	const home = nonEmpty(env, 'HOME');
	return home === undefined ? undefined : path.join(home, '.config');
}

export type GoEnvFileLocation = {kind: 'file'; path: string; fromProcess: boolean} | {kind: 'off'} | {kind: 'unknown'};

/** Where `go env -w` writes (go-facts §1.1). GOENV=off disables reading only, not writing (§1.13). */
export function goEnvFileLocation(env: Env): GoEnvFileLocation {
	const goenv = nonEmpty(env, 'GOENV');
	if (goenv === 'off') return {kind: 'off'};
	if (goenv !== undefined) return {kind: 'file', path: goenv, fromProcess: true};
	const dir = userConfigDir(env);
	return dir === undefined ? {kind: 'unknown'} : {kind: 'file', path: path.join(dir, 'go', 'env'), fromProcess: false};
}

/** The `go telemetry` mode file: GOTELEMETRY is read from here, not from the OS environment. */
export function telemetryModeFile(env: Env): string | undefined {
	const dir = userConfigDir(env);
	return dir === undefined ? undefined : path.join(dir, 'go', 'telemetry', 'mode');
}

/** gotune's own state (journal, lock, backups): GOTUNE_HOME, else conf's standard location for "gotune". */
export function gotuneHome(env: Env): string {
	const explicit = nonEmpty(env, 'GOTUNE_HOME');
	if (explicit !== undefined) return path.resolve(explicit);
	const xdg = nonEmpty(env, 'XDG_CONFIG_HOME');
	const base = xdg ?? path.join(nonEmpty(env, 'HOME') ?? '/', '.config');
	return path.join(base, 'gotune');
}
