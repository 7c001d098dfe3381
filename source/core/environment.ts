import {readFile, realpath} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, withOverrides, type Env} from './env.js';
import {GoAdapter, goError, type GoRun, type GoRunOptions} from './go-adapter.js';
import {resolveGo} from './go-resolver.js';
import {parseGoEnvText, readGoEnvFile, type GoEnvFile, type GoEnvUnreadable} from './goenv-file.js';
import {goEnvFileLocation, telemetryModeFile, type GoEnvFileLocation} from './paths.js';
import {resolveProvenance, type Provenance, type Source} from './provenance.js';
import {parseGoVersion, type GoVersion} from './version.js';

export type LockOut = {
	kind: 'goroot' | 'goflags' | 'gocache';
	/** Go's own error text. */
	message: string;
	value: string;
	source: Source;
	/** Exact commands that repair it, in order. */
	repair: string[];
};

export type EnvironmentSnapshot = {
	goBin: string;
	/** The GOROOT this binary belongs to (from its own location), whatever GOROOT says. */
	binaryRoot: string;
	goenvLocation: GoEnvFileLocation;
	goenvFileExists: boolean;
	/** GOENV names something Go cannot read as a file (a directory, a symlink loop): Go ignores it. */
	goenvUnreadable?: GoEnvUnreadable;
	goenv: GoEnvFile;
	/** `go env -json`; when locked out, taken with the repair applied so the rest can still be diagnosed. */
	values: Record<string, string>;
	provenance: Record<string, Provenance>;
	lockOut?: LockOut;
	/** `go env -json` failed for a reason gotune cannot work around. */
	error?: string;
};

/** Root of the toolchain a go binary belongs to: <root>/bin/go, symlinks resolved (Debian's /usr/bin/go). */
export async function binaryRootOf(goBin: string): Promise<string> {
	const real = await realpath(goBin).catch(() => goBin);
	return path.dirname(path.dirname(real));
}

export async function snapshotEnvironment(go: GoAdapter, options: {keys?: readonly string[]} = {}): Promise<EnvironmentSnapshot> {
	const keys = [...(options.keys ?? [])];
	const goenvLocation = goEnvFileLocation(go.env);
	const goenvPath = goenvLocation.kind === 'file' ? goenvLocation.path : undefined;
	const [file, binaryRoot, telemetryMode] = await Promise.all([
		// GOENV=off: Go reads no file, so neither does gotune.
		readGoEnvFile(goenvPath),
		binaryRootOf(go.goBin),
		readTelemetryMode(telemetryModeFile(go.env)),
	]);
	const {exists: goenvFileExists, unreadable: goenvUnreadable, ...goenv} = file;

	let {values, run, gorootEnvFile} = await readGoEnvWith(go, goenv, {}, keys);
	let lockOut: LockOut | undefined;
	if (values === undefined && /cannot find GOROOT directory/.test(run.stderr)) {
		const locked = run;
		({values, run, gorootEnvFile} = await readGoEnvWith(go, goenv, {env: {GOROOT: binaryRoot}}, keys));
		lockOut = gorootLockOut(go, locked, goenv, binaryRoot, goenvPath, parseGoVersion(values?.['GOVERSION'] ?? ''));
	}
	if (values === undefined && GOCACHE_OFF.test(run.stderr)) {
		// Go >= 1.23 fails the whole go env when GOCACHE=off; named keys that need no build cache still answer.
		lockOut = gocacheLockOut(go, goError(run), goenv);
		({values, run, gorootEnvFile} = await readGoEnvWith(go, goenv, {}, KEYS_WITHOUT_BUILD_CACHE));
	}
	if (values === undefined) {
		return {
			goBin: go.goBin,
			binaryRoot,
			goenvLocation,
			goenvFileExists,
			goenvUnreadable,
			goenv,
			values: {},
			provenance: {},
			lockOut,
			error: goError(run),
		};
	}
	// `go env` hides GOFLAGS errors so it can repair them; any other command fails (go-facts §1.7), so `go version`
	// tells. go env -json prints the GOFLAGS every command parses; when it holds no flag there is nothing to parse and
	// nothing can fail: then no probe (the usual case, one go run fewer).
	if (lockOut === undefined && hasGoflags(values['GOFLAGS'])) lockOut = await goflagsLockOut(go.withEnv({GOTOOLCHAIN: 'local'}), goenv);
	// Older go answers go env with GOCACHE=off, and then fails every build with these words.
	if (values['GOCACHE'] === 'off') lockOut ??= gocacheLockOut(go, GOCACHE_OFF_MESSAGE, goenv);

	const provenance = resolveProvenance({env: go.env, goenvFile: goenv, gorootEnvFile, telemetryMode, goValues: values});
	return {goBin: go.goBin, binaryRoot, goenvLocation, goenvFileExists, goenvUnreadable, goenv, values, provenance, lockOut};
}

/**
 * `go env -json` that never switches toolchains: inside a module whose go line is newer, Go >= 1.21 with
 * GOTOOLCHAIN=auto would download and run another go even for this. It then prints GOTOOLCHAIN=local, so the user's
 * real value is put back from where go itself takes it (configuredValue): one go run, not a second `go env GOTOOLCHAIN`.
 */
export async function readGoEnv(
	go: GoAdapter,
	options: GoRunOptions = {},
	keys: string[] = [],
): Promise<{values?: Record<string, string>; run: GoRun}> {
	const location = goEnvFileLocation(withOverrides(go.env, options.env ?? {}));
	// Go ignores a GOENV file it cannot read; so does this.
	const goenv = await readGoEnvFile(location.kind === 'file' ? location.path : undefined).catch(() => parseGoEnvText(''));
	const {values, run} = await readGoEnvWith(go, goenv, options, keys);
	return {values, run};
}

/** `go env` asked without switching toolchains: the values of the go that was run. */
const GO_ENV_LOCAL = {GOTOOLCHAIN: 'local'};

/**
 * Starts the `go env -json` that snapshotEnvironment of the first go on PATH will ask for (GoAdapter.startAhead):
 * `gotune doctor` calls it before loading its checks. Returns the function that stops it if nothing took it.
 */
export async function startGoEnvAhead({env, cwd}: {env: Env; cwd: string}, keys: readonly string[] = []): Promise<() => void> {
	const goBin = await resolveGo(env);
	return goBin === undefined ? () => undefined : new GoAdapter(goBin, env, cwd).startAhead(['env', '-json', ...keys], {env: GO_ENV_LOCAL});
}

/** readGoEnv with the GOENV file already read; also gives the $GOROOT/go.env go read (for provenance). */
async function readGoEnvWith(
	go: GoAdapter,
	goenv: GoEnvFile,
	options: GoRunOptions = {},
	keys: string[] = [],
): Promise<{values?: Record<string, string>; run: GoRun; gorootEnvFile?: GoEnvFile}> {
	const {values, run} = await go.envJson({...options, env: {...options.env, ...GO_ENV_LOCAL}}, keys);
	if (values === undefined) return {run};
	const env = withOverrides(go.env, options.env ?? {});
	const gorootEnvFile = await readGorootEnvFile(env, goenv, values);
	// Go before 1.21 has no GOTOOLCHAIN (the key is absent): nothing to put back then.
	if (!('GOTOOLCHAIN' in values)) return {values, run, gorootEnvFile};
	return {values: {...values, GOTOOLCHAIN: configuredValue('GOTOOLCHAIN', env, goenv, gorootEnvFile)}, run, gorootEnvFile};
}

/**
 * A setting as cmd/go's cfg.Getenv finds it: a non-empty OS variable, else the GOENV file's entry (an empty entry
 * counts), else $GOROOT/go.env, else empty. For GOTOOLCHAIN that is exactly what `go env GOTOOLCHAIN` prints
 * (envcmd: cfg.EnvOrAndChanged("GOTOOLCHAIN", "")).
 */
export function configuredValue(key: string, env: Env, goenv: GoEnvFile, gorootEnvFile?: GoEnvFile): string {
	return nonEmpty(env, key) ?? goenv.values.get(key) ?? gorootEnvFile?.values.get(key) ?? '';
}

/**
 * The $GOROOT/go.env go reads (Go >= 1.21): in the GOENV file's GOROOT, else the OS variable's, else its own root
 * (cfg.initEnvCache/findGOROOT). Not always the GOROOT go env prints: an OS GOROOT wins there over the file's.
 */
async function readGorootEnvFile(env: Env, goenv: GoEnvFile, values: Record<string, string>): Promise<GoEnvFile | undefined> {
	const root = goenv.values.get('GOROOT') || nonEmpty(env, 'GOROOT') || values['GOROOT'];
	return root ? readOptional(path.join(root, 'go.env')) : undefined;
}

/** Does GOFLAGS hold any flag? Go splits it at spaces, tabs, CR and LF (quoted.Split; 1.19's strings.Fields likewise). */
function hasGoflags(value: string | undefined): boolean {
	return value !== undefined && !/^[ \t\n\r]*$/.test(value);
}

/**
 * Go 1.27 refuses `go env -w/-u GOROOT` ("GOROOT cannot be modified") but still reads GOROOT from the GOENV file,
 * so there the repair is to delete that line; older go unsets it, given its own root for the one command.
 */
function gorootLockOut(
	go: GoAdapter,
	run: GoRun,
	goenv: GoEnvFile,
	binaryRoot: string,
	file: string | undefined,
	version: GoVersion | undefined,
): LockOut {
	const fromProcess = nonEmpty(go.env, 'GOROOT');
	const value = fromProcess ?? goenv.values.get('GOROOT') ?? '';
	const refusesUnset = version !== undefined && version.major === 1 && version.minor >= 27;
	const repair =
		fromProcess !== undefined
			? [`unset GOROOT   # in the shell start-up file that exports GOROOT=${fromProcess}`]
			: refusesUnset
				? [
						`Delete the line GOROOT=${value} from ${file ?? 'the GOENV file'}   # ${version.raw} refuses go env -u GOROOT ("GOROOT cannot be modified")`,
					]
				: [`GOROOT=${binaryRoot} ${go.goBin} env -u GOROOT`];
	return {kind: 'goroot', message: goError(run), value, source: fromProcess === undefined ? 'goenv' : 'process', repair};
}

/** cmd/go/internal/cache/default.go's words; go >= 1.23 prints them for go env too. */
const GOCACHE_OFF_MESSAGE = 'build cache is disabled by GOCACHE=off, but required as of Go 1.12';
const GOCACHE_OFF = /build cache is disabled by GOCACHE=off/;

/**
 * go env -json's keys (go 1.26) without the ones it computes with the build cache (CGO_*FLAGS, GOGCCFLAGS,
 * PKG_CONFIG). An older go answers "" for a key it does not know.
 */
/**
 * Every key but the costly ones (CGO_*FLAGS, PKG_CONFIG, GOGCCFLAGS): go computes those by running the C compiler, and
 * caches the answer in GOCACHE. Measured with go1.26.8: `go env -json` took 280 ms with an empty build cache, these
 * keys 20 ms. Also what go answers with GOCACHE=off.
 */
export const KEYS_WITHOUT_BUILD_CACHE = (
	'AR CC CGO_ENABLED CXX GCCGO GO111MODULE GOAMD64 GOARCH GOAUTH GOBIN GOCACHE GOCACHEPROG GODEBUG GOENV GOEXE ' +
	'GOEXPERIMENT GOFIPS140 GOFLAGS GOHOSTARCH GOHOSTOS GOINSECURE GOMOD GOMODCACHE GONOPROXY GONOSUMDB GOOS GOPATH ' +
	'GOPRIVATE GOPROXY GOROOT GOSUMDB GOTELEMETRY GOTELEMETRYDIR GOTMPDIR GOTOOLCHAIN GOTOOLDIR GOVCS GOVERSION GOWORK'
).split(' ');

function gocacheLockOut(go: GoAdapter, message: string, goenv: GoEnvFile): LockOut {
	const fromProcess = nonEmpty(go.env, 'GOCACHE');
	if (fromProcess !== undefined)
		return {
			kind: 'gocache',
			message,
			value: fromProcess,
			source: 'process',
			repair: ['unset GOCACHE   # in the shell start-up file that exports GOCACHE=off'],
		};
	if (goenv.values.get('GOCACHE') === 'off')
		return {kind: 'gocache', message, value: 'off', source: 'goenv', repair: [`${go.goBin} env -u GOCACHE`]};
	// Set in $GOROOT/go.env: go env -u cannot remove it there, a GOENV entry overrides it.
	return {kind: 'gocache', message, value: 'off', source: 'goroot', repair: [`${go.goBin} env -w GOCACHE=$HOME/.cache/go-build`]};
}

async function goflagsLockOut(go: GoAdapter, goenv: GoEnvFile): Promise<LockOut | undefined> {
	const run = await go.run(['version'], {timeoutMs: 15_000});
	if (run.exitCode === 0 || !/\$GOFLAGS/.test(run.stderr)) return undefined;
	const fromProcess = nonEmpty(go.env, 'GOFLAGS');
	const value = fromProcess ?? goenv.values.get('GOFLAGS') ?? '';
	const repair =
		fromProcess !== undefined
			? [`unset GOFLAGS   # in the shell start-up file that exports GOFLAGS=${fromProcess}`]
			: [`${go.goBin} env -u GOFLAGS`];
	return {kind: 'goflags', message: goError(run), value, source: fromProcess === undefined ? 'goenv' : 'process', repair};
}

async function readOptional(file: string): Promise<GoEnvFile | undefined> {
	const read = await readGoEnvFile(file);
	return read.exists ? read : undefined;
}

async function readTelemetryMode(file: string | undefined): Promise<string | undefined> {
	if (file === undefined) return undefined;
	const text = await readFile(file, 'utf8').catch(() => undefined);
	return text?.trim().split(/\s+/)[0] || undefined;
}
