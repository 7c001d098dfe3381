import {access, constants, stat} from 'node:fs/promises';
import path from 'node:path';
import type {Check} from '../../checks.js';
import {nonEmpty} from '../../env.js';
import {maskCacheProgTokens, maskSecrets} from '../../mask.js';
import type {Runtime} from '../../runtime.js';
import type {ToolchainFindings} from '../../steps/toolchain.js';
import {CACHE_TOKEN_VARIABLE, DEFAULT_CLIENT, GO_CACHER_CLIENT, isGoCacher} from './client.js';
import {parseCacheProg} from './goprog.js';

const ID = 'cache.gocacheprog';

/**
 * `gotune doctor` with GOCACHEPROG set: does the client program it names exist and run? go starts it for every command
 * that touches the build cache and fails when it cannot ("GOCACHEPROG ... no such file or directory"), so a client
 * removed from GOBIN breaks every build. Reuses the toolchain check's go env; costs a stat without GOCACHEPROG.
 */
export async function shareDoctorChecks(runtime: Runtime, toolchain: Promise<ToolchainFindings>): Promise<Check[]> {
	const {snapshot} = await toolchain;
	// A missing client makes the whole `go env -json` fail ("error starting GOCACHEPROG program"): then the value is
	// read where go reads it, the OS environment first, else the GOENV file.
	const inProcess = nonEmpty(runtime.env, 'GOCACHEPROG');
	const value = (snapshot?.values['GOCACHEPROG'] || inProcess || snapshot?.goenv.values.get('GOCACHEPROG') || '').trim();
	if (value === '') return [];
	const from =
		inProcess !== undefined ? ' (set in the OS environment)' : snapshot?.goenv.values.has('GOCACHEPROG') ? ' (set in the GOENV file)' : '';
	const prog = parseCacheProg(value);
	const base = {id: ID, group: 'environment' as const};
	if (prog === undefined)
		return [
			{
				...base,
				status: 'error',
				message: `GOCACHEPROG${from} cannot be read (an unterminated quote): go refuses to build`,
				summary: 'GOCACHEPROG unreadable',
				fix: 'gotune rollback (the change set that wrote it), or go env -u GOCACHEPROG',
			},
		];
	const shown = maskSecrets(maskCacheProgTokens(value));
	const reinstall = prog.server
		? `gotune cache share --server ${maskSecrets(prog.server)}${reinstallClient(prog.binary)}${prog.token || prog.tokenFile ? `; export ${CACHE_TOKEN_VARIABLE} first (the server's access token): without it GOCACHEPROG is written with no token` : ''}`
		: `go env -u GOCACHEPROG   # go keeps its build cache in GOCACHE again`;
	const info = await stat(prog.binary).catch(() => undefined);
	if (info === undefined || !info.isFile())
		return [
			{
				...base,
				status: 'error',
				message: `GOCACHEPROG${from} names ${prog.binary}, which ${info ? 'is not a file' : 'does not exist'}: every go command that builds fails until it is back (GOCACHEPROG=${shown})`,
				summary: 'GOCACHEPROG client missing',
				fix: reinstall,
			},
		];
	const runs = await access(prog.binary, constants.X_OK).then(
		() => true,
		() => false,
	);
	if (!runs)
		return [
			{
				...base,
				status: 'error',
				message: `GOCACHEPROG${from} names ${prog.binary}, which is not executable: every go command that builds fails`,
				summary: 'GOCACHEPROG client not executable',
				fix: `chmod +x ${prog.binary}`,
			},
		];
	// Measured (test/integration/cache-share.test.ts): go-cacher fails a go command on an upload its server refuses.
	if (prog.server && isGoCacher(prog.binary))
		return [
			{
				...base,
				status: 'warn',
				message: `GOCACHEPROG${from}: ${shown}; go-cacher fails a go command when its server is down and its local disk lacks an entry ("Put ... connection refused")`,
				summary: 'GOCACHEPROG go-cacher can fail builds',
				fix: `gotune cache share --server ${maskSecrets(prog.server)}   # switches to ${DEFAULT_CLIENT}, which never fails a build for its server`,
			},
		];
	return [
		{
			...base,
			status: 'ok',
			message: `GOCACHEPROG${from}: ${shown}`,
			summary: prog.server ? `shared build cache ${maskSecrets(prog.server)}` : 'GOCACHEPROG set',
		},
	];
}

/** The --client that installs the program GOCACHEPROG named again (gotune-cacher is the default: no flag). */
function reinstallClient(binary: string): string {
	if (path.basename(binary) === DEFAULT_CLIENT) return `   # builds and installs ${DEFAULT_CLIENT} again`;
	if (isGoCacher(binary)) return ` --client ${GO_CACHER_CLIENT}   # installs the pinned go-cacher again`;
	return ' --client PACKAGE@VERSION   # the pinned client of yours';
}
