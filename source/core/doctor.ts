import type {Check} from './checks.js';
import {maskSecrets, maskSetting} from './mask.js';
import type {Runtime} from './runtime.js';
import {checkToolchain, type ToolchainFindings} from './steps/toolchain.js';

export type DoctorReport = {
	gotune: string;
	go: null | {
		path: string;
		version: string | null;
		goroot: string | null;
		supported: boolean | null;
		all: Array<{path: string; version: string | null}>;
		/**
		 * The toolchain go actually runs in this directory: the base go itself, or the one GOTOOLCHAIN and the
		 * go.mod/go.work lines make it switch to, with where that one lives (PATH, module cache, to be downloaded).
		 */
		runs: null | {
			version: string;
			gotoolchain: string;
			gotoolchainSource: string | null;
			location: 'base' | 'path' | 'module-cache' | 'download' | 'none';
			binary: string | null;
			file: string | null;
			reason: string;
			error: string | null;
		};
	};
	goenvFile: string | null;
	env: Record<string, {value: string; source: string}>;
	checks: Check[];
};

/**
 * Extra checks other modules contribute (journal state, module) without doctor knowing them. They get the toolchain
 * findings as they are being made, to reuse the winning go and its `go env` instead of running them again.
 */
export type CheckProvider = (runtime: Runtime, toolchain: Promise<ToolchainFindings>) => Promise<Check[]>;

export async function runDoctor(
	runtime: Runtime,
	version: string,
	providers: CheckProvider[] = [],
): Promise<{report: DoctorReport; findings: ToolchainFindings}> {
	const toolchain = checkToolchain(runtime);
	const [findings, ...extra] = await Promise.all([toolchain, ...providers.map(provider => provider(runtime, toolchain))]);
	return {report: toReport(findings, version, extra.flat()), findings};
}

export function toReport(findings: ToolchainFindings, version: string, extra: Check[] = []): DoctorReport {
	const {discovery, snapshot, support} = findings;
	const winner = discovery.winner;
	const env: DoctorReport['env'] = {};
	for (const p of Object.values(snapshot?.provenance ?? {})) {
		if (p.known) env[p.key] = {value: maskSetting(p.key, p.value), source: p.source};
	}
	const location = snapshot?.goenvLocation;
	return {
		gotune: version,
		go:
			winner === undefined
				? null
				: {
						path: winner.path,
						version: winner.version?.raw ?? null,
						goroot: snapshot?.values['GOROOT'] ?? snapshot?.binaryRoot ?? null,
						supported: support === undefined || support.status === 'unknown' ? null : support.status !== 'unsupported',
						all: discovery.all.map(go => ({path: go.path, version: go.version?.raw ?? null})),
						runs: findings.runs
							? {
									version: findings.runs.runs,
									gotoolchain: findings.runs.gotoolchain,
									gotoolchainSource: snapshot?.provenance['GOTOOLCHAIN']?.known ? snapshot.provenance['GOTOOLCHAIN'].source : null,
									location: findings.runs.location,
									binary: findings.runs.binary ?? null,
									file: findings.runs.file ?? null,
									reason: findings.runs.reason,
									error: findings.runs.error ?? null,
								}
							: null,
					},
		goenvFile: location?.kind === 'file' ? location.path : null,
		env,
		checks: [...findings.checks, ...extra].map(check => ({
			...check,
			message: maskSecrets(check.message),
			...(check.fix ? {fix: maskSecrets(check.fix)} : {}),
		})),
	};
}
