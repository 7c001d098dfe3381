import {stat} from 'node:fs/promises';
import type {GoAdapter} from '../../go-adapter.js';
import {maskCacheProgTokens, maskSecrets} from '../../mask.js';
import {BUNDLED_CLIENT, clientDiskDir, GO_TOOL_CACHE} from './client.js';
import {parseCacheProg} from './goprog.js';

export type ClientVersion = {module?: string; version?: string; path?: string; error?: string};

/**
 * What `go version -m BIN` says the binary was built from: its main package path and module version. Read with the
 * go in use (any go reads any binary's build info). gotune-cacher, built from its source directory, is module
 * "(devel)": its version is the go-tool-cache it was built on (its dep line), which is what the install pins.
 */
export async function clientVersion(go: GoAdapter, binary: string): Promise<ClientVersion> {
	const run = await go.run(['version', '-m', binary], {timeoutMs: 30_000});
	if (run.exitCode !== 0) return {error: (run.stderr || run.stdout).trim().split('\n')[0] || `go version -m exited with ${run.exitCode}`};
	const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)(?:\\s+(\\S+))?`, 'm').exec(run.stdout);
	const pkg = field('path')?.[1];
	const library =
		pkg === BUNDLED_CLIENT
			? new RegExp(`^\\s+dep\\s+(${GO_TOOL_CACHE.module.replaceAll('.', '\\.')})\\s+(\\S+)`, 'm').exec(run.stdout)
			: null;
	const mod = library ?? field('mod');
	return {...(pkg ? {path: pkg} : {}), ...(mod ? {module: mod[1], version: mod[2]} : {})};
}

/** The client as people name it: "gotune-cacher (go-tool-cache v…)" or "MODULE VERSION" (go-cacher's module). */
export function clientLabel(client: ClientVersion): string {
	if (client.path === BUNDLED_CLIENT)
		return `${BUNDLED_CLIENT} (go-tool-cache ${client.version ?? 'of an unknown version'}, best-effort HTTP)`;
	return `${client.path ? `${client.path.split('/').at(-1)} ` : ''}${client.module ?? ''} ${client.version ?? ''}`.trim();
}

/** The shared build cache as configured now: GOCACHEPROG's program, server and the client's disk; masked for display. */
export type ShareState =
	| {configured: false}
	| {
			configured: true;
			/** GOCACHEPROG, tokens and URL credentials masked. */
			shown: string;
			binary: string;
			binaryExists: boolean;
			server?: string;
			hasToken: boolean;
			client: ClientVersion;
			diskDir?: string;
	  };

/** Reads GOCACHEPROG as go sees it (VALUE from go env) and looks at the program it names. */
export async function shareState(go: GoAdapter, value: string): Promise<ShareState> {
	const prog = value.trim() === '' ? undefined : parseCacheProg(value);
	if (prog === undefined) return {configured: false};
	const binaryExists = await stat(prog.binary).then(
		info => info.isFile(),
		() => false,
	);
	return {
		configured: true,
		shown: maskSecrets(maskCacheProgTokens(value)),
		binary: prog.binary,
		binaryExists,
		...(prog.server ? {server: maskSecrets(prog.server)} : {}),
		hasToken: prog.token !== undefined || prog.tokenFile !== undefined,
		client: binaryExists ? await clientVersion(go, prog.binary) : {error: `${prog.binary} does not exist`},
		...(prog.diskDir || clientDiskDir(go.env, prog.binary) ? {diskDir: prog.diskDir ?? clientDiskDir(go.env, prog.binary)} : {}),
	};
}
