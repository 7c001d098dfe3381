import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import {snapshotEnvironment, type EnvironmentSnapshot} from '../environment.js';
import {GoAdapter} from '../go-adapter.js';
import {maskSecrets, maskSetting} from '../mask.js';
import {GO_DEFAULT_GOPROXY} from '../proxy/goproxy-list.js';
import {goValueProblem} from '../proxy/value-problems.js';
import type {Provenance} from '../provenance.js';
import {loadReleaseTable, supportStatus, type ReleaseTable, type SupportStatus} from '../releases.js';
import {discoverToolchains, isOnPath, type Discovery} from '../toolchain.js';
import {selectToolchain, type ToolchainChoice} from '../toolchain-select.js';
import {resolveGo} from '../go-resolver.js';
import {inspectTools, type ToolsReport} from '../tools/inspect.js';
import {which} from '../which.js';
import {compareGoVersions, type GoVersion} from '../version.js';
import type {Check} from '../checks.js';
import type {Runtime} from '../runtime.js';
import type {InstallPlan, InstallRequest, InstallResult} from '../install/install.js';
import type {InstallEvent} from '../install/events.js';
import type {StepModule} from './types.js';

export type ToolchainFindings = {
	discovery: Discovery;
	snapshot?: EnvironmentSnapshot;
	support?: SupportStatus;
	/** Which toolchain go actually runs in the current directory (GOTOOLCHAIN switching); absent when go env failed. */
	runs?: ToolchainChoice;
	/** gopls, dlv, staticcheck...: found, version, built with (go version -m); absent when go env failed. */
	tools?: ToolsReport;
	checks: Check[];
};

/** Keys whose empty GOENV entry breaks downloads in Go >= 1.21 (go-facts §1.8). */
const GOROOT_ENV_KEYS = ['GOPROXY', 'GOSUMDB', 'GOTOOLCHAIN'];

export async function checkToolchain(
	{env, gotuneHome, cwd}: Pick<Runtime, 'env' | 'gotuneHome' | 'cwd'>,
	table?: ReleaseTable,
): Promise<ToolchainFindings> {
	// The go a shell runs is the first on PATH: its go env starts at once instead of after every toolchain's go version.
	// Cancelled when that go turns out not to answer `go version`: its go env would only hang as well.
	const earlyRuns = new AbortController();
	const early = resolveGo(env).then(goBin =>
		goBin === undefined ? undefined : {goBin, snapshot: snapshotEnvironment(new GoAdapter(goBin, env, cwd, earlyRuns.signal))},
	);
	const [discovery, releases, first] = await Promise.all([
		discoverToolchains(env, {gotuneHome}),
		table ?? loadReleaseTable(gotuneHome),
		early,
	]);
	const winner = discovery.winner;
	if (winner !== undefined && winner.version === undefined) {
		earlyRuns.abort();
		first?.snapshot.catch(() => undefined);
		return {
			discovery,
			checks: [
				{
					id: 'go.found',
					group: 'toolchain',
					status: 'error',
					message: `${winner.path} ${winner.versionError ?? 'did not report its version'}; gotune runs no other go command with it`,
					fix: `Reinstall Go (gotune install-go), or put a working go first on PATH; check it with: ${winner.path} version`,
				},
			],
		};
	}
	if (winner === undefined) {
		return {
			discovery,
			checks: [
				{
					id: 'go.found',
					group: 'toolchain',
					status: 'error',
					message:
						discovery.all.length > 0
							? `No go on PATH; found ${discovery.all.map(g => g.path).join(', ')} outside it`
							: 'No go command found on PATH or in the usual install places',
					fix:
						discovery.all.length > 0
							? `export PATH="${path.dirname(discovery.all[0]!.path)}:$PATH"   # in your shell start-up file`
							: 'gotune install-go   # the newest stable Go from https://go.dev/dl/, verified and reversible (or: apt-get install golang-go)',
				},
			],
		};
	}
	// Discovery finds the same first go on PATH; should the two ever disagree, the winner's own snapshot is taken.
	const snapshot = first?.goBin === winner.path ? await first.snapshot : await snapshotEnvironment(new GoAdapter(winner.path, env, cwd));
	const support = supportStatus(winner.version, releases);
	const checks = toolchainChecks(discovery, snapshot, support, env);
	const usable = !snapshot.error && winner.version !== undefined;
	// The tools read GOBIN/GOPATH from this go env; go version -m runs only for the tools found.
	const [runs, cgo, tools] = await Promise.all([
		usable ? runsHere(snapshot, winner.version!, env, cwd) : undefined,
		cgoCompilerCheck(snapshot, env),
		usable && !snapshot.lockOut ? inspectTools({env, cwd}, winner.path, {known: snapshot.values, goVersion: winner.version!}) : undefined,
	]);
	if (runs) checks.splice(1, 0, runsCheck(runs, winner.path, snapshot));
	if (cgo) checks.push(cgo);
	return {discovery, snapshot, support, ...(runs ? {runs} : {}), ...(tools ? {tools} : {}), checks};
}

function runsHere(snapshot: EnvironmentSnapshot, version: GoVersion, env: Env, cwd: string): Promise<ToolchainChoice> {
	const v = snapshot.values;
	return selectToolchain({
		baseVersion: version,
		baseBinary: snapshot.goBin,
		gotoolchain: v['GOTOOLCHAIN'] ?? '',
		dir: cwd,
		env,
		gomodcache: v['GOMODCACHE'] ?? '',
		goos: v['GOHOSTOS'] ?? 'linux',
		goarch: v['GOHOSTARCH'] ?? 'amd64',
	});
}

/** "go runs goX here": the base go, or the toolchain GOTOOLCHAIN and go.mod/go.work make it switch to, and where it lives. */
function runsCheck(runs: ToolchainChoice, goBin: string, snapshot: EnvironmentSnapshot): Check {
	const source = snapshot.provenance['GOTOOLCHAIN'];
	const from = source?.known ? ` (GOTOOLCHAIN from ${sourceLabel(source.source)})` : '';
	const base = {id: 'go.runs', group: 'toolchain' as const};
	if (runs.error !== undefined)
		return {
			...base,
			status: 'error',
			message: `go fails here: ${runs.error}${from}`,
			fix: runs.error.includes('requires go >=')
				? `gotune install-go ${runs.goLine ?? ''}   # or: go env -w GOTOOLCHAIN=auto to let go download it`.replace('  ', ' ')
				: runs.error.includes('in PATH')
					? `Install ${runs.runs} (gotune install-go ${runs.runs.replace(/^go/, '')}), or go env -w GOTOOLCHAIN=auto to let go download it`
					: 'go env -u GOTOOLCHAIN   # or fix the go.mod/go.work toolchain line',
		};
	if (runs.location === 'base') return {...base, status: 'ok', message: `go runs ${runs.runs} here: ${runs.reason}${from}`};
	const switched = `go runs ${runs.runs} here, not ${goBin} (${runs.base}): ${runs.reason}${from}`;
	if (runs.location === 'download')
		return {
			...base,
			status: 'warn',
			message: `${switched}; it is not on PATH or in the module cache, so the next go command here downloads it through GOPROXY=${maskSecrets(snapshot.values['GOPROXY'] ?? '')} (offline it fails)`,
			fix: `gotune install-go ${runs.runs.replace(/^go/, '')}   # or: go env -w GOTOOLCHAIN=local to refuse switching`,
		};
	const where = runs.location === 'path' ? `the ${runs.runs} command on PATH` : 'the module cache';
	return {...base, status: 'ok', message: `${switched}; it runs ${runs.binary} (${where})`};
}

function toolchainChecks(discovery: Discovery, snapshot: EnvironmentSnapshot, support: SupportStatus, env: Env): Check[] {
	const winner = discovery.winner!;
	const checks: Check[] = [];
	const version = winner.version?.raw ?? 'unknown version';
	checks.push({id: 'go.found', group: 'toolchain', status: 'ok', message: `${winner.path} is ${version}`});
	checks.push(supportCheck(version, support));
	for (const other of discovery.shadowed) {
		// A second, older go is normal (distribution packages); a newer one hidden by PATH order is the classic mistake.
		const newer = other.version !== undefined && winner.version !== undefined && compareGoVersions(other.version, winner.version) > 0;
		checks.push({
			id: 'go.shadowed',
			group: 'toolchain',
			status: newer ? 'warn' : 'ok',
			message: `${other.path} (${other.version?.raw ?? other.versionError ?? '?'}) is also on PATH, after ${winner.path}`,
			...(newer ? {fix: `export PATH="${path.dirname(other.realPath)}:$PATH"   # in your shell start-up file, to use the newer one`} : {}),
		});
	}
	if (snapshot.goenvUnreadable) {
		const {path: file, reason} = snapshot.goenvUnreadable;
		checks.push({
			id: 'goenv.unreadable',
			group: 'environment',
			status: 'error',
			message: `GOENV ${file} ${reason}: go ignores it, so no setting in it applies and go env -w cannot write there`,
			fix: `Point GOENV at a file (or unset it to use ${path.join('~', '.config', 'go', 'env')}), or replace ${file} with a regular file`,
		});
	}
	if (snapshot.lockOut) {
		const {kind, message, value, source, repair} = snapshot.lockOut;
		checks.push({
			id: `lockout.${kind}`,
			group: 'environment',
			status: 'error',
			message: `${kind.toUpperCase()}=${maskSecrets(value)} (from ${sourceLabel(source)}) makes ${kind === 'gocache' ? 'every build (and go env of Go 1.23 and later)' : 'every go command'} fail: ${message}`,
			fix: repair.join('\n'),
		});
	}
	if (snapshot.error) {
		checks.push({id: 'go.env', group: 'environment', status: 'error', message: `go env failed: ${snapshot.error}`});
		return checks;
	}
	if (!snapshot.lockOut || snapshot.lockOut.kind !== 'goroot') checks.push(gorootCheck(snapshot, winner.path));
	checks.push(gobinCheck(snapshot, env));
	checks.push(...provenanceChecks(snapshot, winner.version?.minor ?? 0));
	return checks;
}

function supportCheck(version: string, support: SupportStatus): Check {
	const majors = support.supportedMajors.map(m => `go${m}`).join(' and ');
	const dated = `release table of ${support.table.asOf}`;
	switch (support.status) {
		case 'supported':
			return support.latestPatch
				? {
						id: 'go.supported',
						group: 'toolchain',
						status: 'warn',
						message: `${version} is supported, but ${support.latestPatch} has fixes (${dated})`,
						fix: installHint(support.latestPatch),
					}
				: {id: 'go.supported', group: 'toolchain', status: 'ok', message: `${version} is supported (${dated})`};
		case 'unsupported':
			return {
				id: 'go.supported',
				group: 'toolchain',
				status: 'warn',
				message: `${version} gets no security fixes: only ${majors} are supported (${dated})`,
				fix: installHint(support.newestRelease),
			};
		case 'newer-than-table':
			return {id: 'go.supported', group: 'toolchain', status: 'ok', message: `${version} is newer than the ${dated}`};
		default:
			return {id: 'go.supported', group: 'toolchain', status: 'warn', message: `Support status of ${version} is unknown (${dated})`};
	}
}

function installHint(version: string | undefined): string {
	return `gotune install-go ${version?.replace(/^go/, '') ?? 'latest'}   # from https://go.dev/dl/, verified and reversible (or your package manager)`;
}

function gorootCheck(snapshot: EnvironmentSnapshot, goBin: string): Check {
	const goroot = snapshot.values['GOROOT'] ?? '';
	const source = snapshot.provenance['GOROOT']?.source ?? 'default';
	if (path.resolve(goroot) === path.resolve(snapshot.binaryRoot) || source === 'default') {
		return {id: 'goroot.consistent', group: 'toolchain', status: 'ok', message: `GOROOT ${goroot} belongs to ${goBin}`};
	}
	return {
		id: 'goroot.consistent',
		group: 'toolchain',
		status: 'error',
		message: `GOROOT=${goroot} (from ${sourceLabel(source)}) is not the root of ${goBin} (${snapshot.binaryRoot}): tools and standard library may not match the go command`,
		fix: source === 'goenv' ? `${goBin} env -u GOROOT` : 'unset GOROOT   # in your shell start-up file; go finds its own root',
	};
}

function gobinCheck(snapshot: EnvironmentSnapshot, env: Env): Check {
	const gobin = snapshot.values['GOBIN'] || path.join((snapshot.values['GOPATH'] ?? '').split(path.delimiter)[0] ?? '', 'bin');
	const label = snapshot.values['GOBIN'] ? 'GOBIN' : 'GOPATH/bin';
	return isOnPath(gobin, env)
		? {id: 'path.gobin', group: 'environment', status: 'ok', message: `${label} (${gobin}) is on PATH`}
		: {
				id: 'path.gobin',
				group: 'environment',
				status: 'warn',
				message: `${label} (${gobin}) is not on PATH: programs from go install will not be found`,
				summary: `${label} not on PATH`,
				fix: `export PATH="$PATH:${gobin}"   # in your shell start-up file`,
			};
}

function provenanceChecks(snapshot: EnvironmentSnapshot, minor: number): Check[] {
	const checks: Check[] = [];
	for (const p of Object.values(snapshot.provenance)) {
		if (p.shadowedFileValue !== undefined) {
			checks.push({
				id: 'env.shadowed',
				group: 'environment',
				status: 'warn',
				message: `${p.key}: the OS environment (${maskSetting(p.key, p.value)}) hides the GOENV file's ${maskSetting(p.key, p.shadowedFileValue)}; go says nothing about it`,
				fix: `Remove the export of ${p.key} from your shell start-up file, or go env -u ${p.key}`,
			});
		}
		if (p.ignoredProcessValue !== undefined && p.ignoredProcessValue !== p.value) {
			checks.push({
				id: 'env.ignored',
				group: 'environment',
				status: 'warn',
				message: `${p.key}=${p.ignoredProcessValue} in the OS environment is ignored by go (mode is ${p.value})`,
				fix: `go telemetry ${p.ignoredProcessValue}`,
			});
		}
		const refused = p.emptyFileEntry ? undefined : goValueProblem(p.key, p.value);
		if (refused) checks.push(refusedValueCheck(p, refused.message));
		if (p.emptyFileEntry && GOROOT_ENV_KEYS.includes(p.key) && minor >= 21) {
			checks.push({
				id: 'env.empty-entry',
				group: 'environment',
				status: 'error',
				message: `The GOENV file has an empty ${p.key}= line; it hides $GOROOT/go.env, so ${p.key} is "${p.value}"`,
				fix: `go env -u ${p.key}`,
			});
		}
	}
	return checks;
}

/**
 * A GOPROXY or GOSUMDB go will refuse (issue 18 items 7, 8): go env -w wrote it without a word, and go fails only when
 * it uses it (GOSUMDB at the first checksum lookup). The fix depends on where the value comes from.
 */
function refusedValueCheck(p: Provenance, message: string): Check {
	const good = p.key === 'GOSUMDB' ? 'sum.golang.org' : GO_DEFAULT_GOPROXY;
	const fix =
		p.source === 'process'
			? `Remove the export of ${p.key} from your shell start-up file (or set it to a valid value, e.g. ${p.key}=${good})`
			: p.source === 'goroot'
				? `$GOROOT/go.env sets it: go env -w ${p.key}=${good} overrides that file`
				: `go env -u ${p.key}   # back to the default (or go env -w ${p.key}=VALID-VALUE); gotune rollback if gotune wrote it`;
	return {
		id: `env.${p.key.toLowerCase()}.refused`,
		group: 'environment',
		status: 'error',
		message: `${p.key} from ${sourceLabel(p.source)}: ${message}`,
		fix,
	};
}

async function cgoCompilerCheck(snapshot: EnvironmentSnapshot, env: Env): Promise<Check | undefined> {
	if (snapshot.error || snapshot.values['CGO_ENABLED'] !== '1') return undefined;
	const cc = (snapshot.values['CC'] || 'gcc').split(/\s+/)[0]!;
	if (await which(cc, env))
		return {id: 'cgo.compiler', group: 'toolchain', status: 'ok', message: `CGO_ENABLED=1 and the C compiler ${cc} is on PATH`};
	return {
		id: 'cgo.compiler',
		group: 'toolchain',
		status: 'warn',
		message: `CGO_ENABLED=1 but the C compiler ${cc} is not on PATH: packages using cgo (net, os/user with some tags) will fail to build`,
		fix: nonEmpty(env, 'CC') ? `Install ${cc}, or go env -w CGO_ENABLED=0` : 'apt-get install gcc   # or: go env -w CGO_ENABLED=0',
	};
}

export function sourceLabel(source: string): string {
	switch (source) {
		case 'process':
			return 'the OS environment';
		case 'goenv':
			return 'the GOENV file';
		case 'goroot':
			return '$GOROOT/go.env';
		case 'telemetry':
			return 'go telemetry';
		case 'computed':
			return 'go itself';
		default:
			return 'the default';
	}
}

/**
 * The Toolchain step as a step module (types.ts): the findings, then installing or upgrading Go (core/install) as
 * one change set. Loaded lazily: the checks alone do not pull in the installer.
 */
export const toolchainStep: StepModule<ToolchainFindings, InstallRequest, InstallPlan, InstallResult, InstallEvent> = {
	check: runtime => checkToolchain(runtime),
	plan: async (runtime, _findings, request, context) => (await import('../install/install.js')).planInstall(runtime, request, context),
	apply: async (runtime, plan, journal, origin, context) =>
		(await import('../install/install.js')).runInstall(runtime, plan, context, {journal, origin}),
};
