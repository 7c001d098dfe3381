import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {GoAdapter} from '../go-adapter.js';
import {goError} from '../go-adapter.js';
import {maskSecrets} from '../mask.js';
import {TaskCancelled, type Task} from '../task.js';

export type ProofInput = {
	go: GoAdapter;
	/** PATH@VERSION to download. */
	module: string;
	/** The settings just applied (GOPROXY, GOPRIVATE, GOSUMDB, ...): passed explicitly so the proof uses them even if an OS variable shadows the file. */
	settings: Record<string, string>;
	timeoutMs?: number;
};

export type ProofEvent = {type: 'download'; line: string};

export type Proof = {
	ok: boolean;
	module: string;
	/** go's `# get URL: STATUS (TIME)` lines from -x: what go fetched, from where, how long it took. Credentials masked. */
	downloads: string[];
	durationMs: number;
	/** go's own error when it failed. */
	error?: string;
	/** The `go mod download -json` answer when it worked. */
	result?: {Version?: string; Zip?: string; Sum?: string};
};

/**
 * "Prove it": the real go downloads MODULE through SETTINGS into a temporary module cache (the user's cache is not
 * touched and the download is real, not served from an existing cache), outside any module (go.mod untouched).
 */
export const proveDownload: Task<ProofInput, ProofEvent, Proof> = async (input, {emit, signal}) => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-proof-'));
	const downloads: string[] = [];
	try {
		const run = await input.go.stream(['mod', 'download', '-x', '-json', input.module], {
			cwd: dir,
			env: {
				...input.settings,
				GOMODCACHE: path.join(dir, 'mod'),
				GOFLAGS: '-modcacherw',
				GO111MODULE: 'on',
				GOWORK: 'off',
				GOTOOLCHAIN: 'local',
			},
			timeoutMs: input.timeoutMs ?? 120_000,
			signal,
			onLine: (line, stream) => {
				// go -x prints "# get URL" when a request starts and "# get URL: 200 OK (0.021s)" when it ends: keep the ends.
				if (stream === 'stderr' && /^# get \S+: /.test(line)) {
					const shown = maskSecrets(line.slice(2));
					downloads.push(shown);
					emit({type: 'download', line: shown});
				}
			},
		});
		if (run.cancelled) throw new TaskCancelled('the proof download');
		let result: Proof['result'];
		try {
			result = JSON.parse(run.stdout) as Proof['result'] & {Error?: string};
		} catch {
			result = undefined;
		}
		const jsonError = (result as {Error?: string} | undefined)?.Error;
		const ok = run.exitCode === 0 && jsonError === undefined;
		return {
			ok,
			module: input.module,
			downloads,
			durationMs: run.durationMs,
			...(ok ? {result} : {error: maskSecrets(jsonError ?? goError(run))}),
		};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
};
