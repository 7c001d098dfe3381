import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {readGoEnv} from '../environment.js';
import {goError, type GoAdapter, type GoRun} from '../go-adapter.js';
import {parseGoVersion, type GoVersion} from '../version.js';
import {compatibility, type Compat} from './compat.js';
import {parseModText} from './gomod-text.js';

export type ModFileInfo = {
	file: string;
	dir: string;
	modulePath?: string;
	goLine?: string;
	toolchainLine?: string;
	requires: number;
	indirectRequires: number;
	/** go.work `use` entries. */
	uses: string[];
	/** `go`: read with `go mod edit -json` / `go work edit -json`; `gotune`: go could not read it, gotune's reader did. */
	readBy: 'go' | 'gotune';
	/** Go's own error when it could not read the file. */
	goError?: string;
	compat: Compat;
};

export type ModuleDetection = {
	dir: string;
	goVersion?: GoVersion;
	/** The user's GOTOOLCHAIN as the local go reads it ('' before Go 1.21). */
	gotoolchain: string;
	goproxy: string;
	/** GO111MODULE=off: go ignores go.mod files entirely. */
	modulesOff: boolean;
	goMod?: ModFileInfo;
	goWork?: ModFileInfo;
	/** `go list -m` run here with GOTOOLCHAIN=local: Go's own verdict on whether this toolchain can load the module. */
	goLoad?: {ok: boolean; message?: string};
	/** Set when go env itself failed (lock-out): detection fell back to walking the directories. */
	goEnvError?: string;
};

/** go never downloads a toolchain on gotune's behalf while detecting; the user's GOTOOLCHAIN is reported, not used. */
const LOCAL = {GOTOOLCHAIN: 'local'};

/** KNOWN: `readGoEnv` values already taken in DIR (doctor's toolchain snapshot), so go env is not run twice. */
export async function detectModule(go: GoAdapter, dir: string, known?: Record<string, string>): Promise<ModuleDetection> {
	const envRun: {values?: Record<string, string>; run?: GoRun} = known
		? {values: known}
		: await readGoEnv(go, {cwd: dir, timeoutMs: 20_000});
	const values = envRun.values ?? {};
	const goVersion = parseGoVersion(values['GOVERSION'] ?? '');
	// '' before Go 1.21, which has no GOTOOLCHAIN.
	const gotoolchain = values['GOTOOLCHAIN'] ?? '';
	const modulesOff = values['GO111MODULE'] === 'off';
	const base = {dir, goVersion, gotoolchain, goproxy: values['GOPROXY'] ?? '', modulesOff};
	const detection: ModuleDetection = envRun.values === undefined && envRun.run ? {...base, goEnvError: goError(envRun.run)} : base;

	const gomod = usable(values['GOMOD']) ?? (modulesOff || envRun.values === undefined ? await findUp(dir, 'go.mod') : undefined);
	const gowork = usable(values['GOWORK']) ?? (envRun.values === undefined ? await findUp(dir, 'go.work') : undefined);
	const compatBase = {local: goVersion ?? parseGoVersion('go1.0')!, gotoolchain, goproxy: detection.goproxy};
	if (gomod) detection.goMod = await readModFile(go, gomod, 'go.mod', compatBase);
	if (gowork) detection.goWork = await readModFile(go, gowork, 'go.work', compatBase);
	if (gomod && !modulesOff && envRun.values !== undefined) {
		const load = await go.run(['list', '-m'], {cwd: dir, env: LOCAL, timeoutMs: 30_000});
		detection.goLoad = load.exitCode === 0 ? {ok: true} : {ok: false, message: goError(load)};
	}
	return detection;
}

type CompatBase = {local: GoVersion; gotoolchain: string; goproxy: string};

async function readModFile(go: GoAdapter, file: string, kind: 'go.mod' | 'go.work', base: CompatBase): Promise<ModFileInfo> {
	const run = await go.run([kind === 'go.mod' ? 'mod' : 'work', 'edit', '-json', file], {
		cwd: path.dirname(file),
		env: LOCAL,
		timeoutMs: 20_000,
	});
	let info: Omit<ModFileInfo, 'compat'>;
	if (run.exitCode === 0) {
		const json = JSON.parse(run.stdout) as GoEditJson;
		info = {
			file,
			dir: path.dirname(file),
			readBy: 'go',
			modulePath: json.Module?.Path,
			goLine: json.Go,
			toolchainLine: json.Toolchain,
			requires: json.Require?.length ?? 0,
			indirectRequires: json.Require?.filter(r => r.Indirect).length ?? 0,
			uses: (json.Use ?? []).map(u => u.DiskPath),
		};
	} else {
		const text = await readFile(file, 'utf8').catch(() => '');
		const parsed = parseModText(text);
		info = {
			file,
			dir: path.dirname(file),
			readBy: 'gotune',
			goError: run.stderr.trim() || goError(run),
			modulePath: parsed.module,
			goLine: parsed.go,
			toolchainLine: parsed.toolchain,
			requires: parsed.requires.length,
			indirectRequires: parsed.requires.filter(r => r.indirect).length,
			uses: parsed.uses,
		};
	}
	return {...info, compat: compatibility({file: kind, goLine: info.goLine, toolchainLine: info.toolchainLine, ...base})};
}

type GoEditJson = {
	Module?: {Path: string};
	Go?: string;
	Toolchain?: string;
	Require?: Array<{Path: string; Version: string; Indirect?: boolean}> | null;
	Use?: Array<{DiskPath: string}> | null;
};

function usable(value: string | undefined): string | undefined {
	return value === undefined || value === '' || value === '/dev/null' || value === 'off' ? undefined : value;
}

/** Go's findModuleRoot: DIR, then each parent, up to the file system root. */
export async function findUp(dir: string, name: string): Promise<string | undefined> {
	let current = path.resolve(dir);
	for (;;) {
		const candidate = path.join(current, name);
		if (
			await stat(candidate).then(
				s => s.isFile(),
				() => false,
			)
		)
			return candidate;
		const parent = path.dirname(current);
		if (parent === current) return undefined;
		current = parent;
	}
}
