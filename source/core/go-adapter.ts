import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {nonEmpty, withOverrides, type Env} from './env.js';
import {readGoEnvFile} from './goenv-file.js';
import {goEnvFileLocation} from './paths.js';
import {killGroup, waitGroupGone} from './process-group.js';

export type GoRun = {
	command: string[];
	exitCode: number;
	stdout: string;
	stderr: string;
	durationMs: number;
	timedOut: boolean;
	/** The binary could not be started at all (missing, not executable). */
	notFound: boolean;
	/** The signal that ended go (a crash such as SIGSEGV, or a kill), when one did. */
	signal?: string;
};

export type GoRunOptions = {
	cwd?: string;
	/** Overrides on top of the adapter's env; `undefined` removes a variable. */
	env?: Env;
	timeoutMs?: number;
	signal?: AbortSignal;
};

export type GoStreamOptions = GoRunOptions & {
	/** Each complete line (without its newline) as it arrives; the last partial line is delivered at exit. */
	onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
};

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Runs startAhead began and no run() has taken yet, by aheadKey. */
const ahead = new Map<string, {result: Promise<GoRun>; cancel: AbortController}>();

function aheadKey(go: GoAdapter, args: string[], options: GoRunOptions): string {
	return JSON.stringify([go.goBin, args, options.cwd ?? go.cwd, definedOnly(withOverrides(go.env, options.env ?? {})), options.timeoutMs]);
}

/** The one place that runs `go`: argument arrays only, explicit env, bounded time, output captured. */
export class GoAdapter {
	constructor(
		readonly goBin: string,
		readonly env: Env,
		readonly cwd: string = process.cwd(),
		/** Cancels every run of this adapter that has no signal of its own (work started early, then not needed). */
		readonly signal?: AbortSignal,
	) {}

	withEnv(overrides: Env): GoAdapter {
		return new GoAdapter(this.goBin, withOverrides(this.env, overrides), this.cwd, this.signal);
	}

	withBinary(goBin: string): GoAdapter {
		return new GoAdapter(goBin, this.env, this.cwd, this.signal);
	}

	/**
	 * Starts `go ARGS` now for a later identical run() (same go, arguments, directory, env and time limit) to take, so
	 * that go works while the code that reads its answer is still loading (`gotune doctor`'s `go env -json`, issue 18).
	 * Returns a function that stops the run if nothing took it, so an unused go never holds the process open.
	 */
	startAhead(args: string[], options: Omit<GoRunOptions, 'signal'> = {}): () => void {
		const key = aheadKey(this, args, options);
		if (ahead.has(key)) return () => undefined;
		const cancel = new AbortController();
		const result = this.execute(args, {...options, signal: cancel.signal});
		ahead.set(key, {result, cancel});
		return () => {
			if (ahead.get(key)?.result !== result) return;
			ahead.delete(key);
			cancel.abort();
		};
	}

	async run(args: string[], options: GoRunOptions = {}): Promise<GoRun> {
		const early = ahead.get(aheadKey(this, args, options));
		if (early === undefined) return this.execute(args, options);
		ahead.delete(aheadKey(this, args, options));
		// Taken over: this caller's cancel now stops it.
		const signal = options.signal ?? this.signal;
		if (signal?.aborted) early.cancel.abort();
		else signal?.addEventListener('abort', () => early.cancel.abort(), {once: true});
		return early.result;
	}

	private async execute(args: string[], options: GoRunOptions): Promise<GoRun> {
		const started = process.hrtime.bigint();
		const env = withOverrides(this.env, options.env ?? {});
		const result = await execa(this.goBin, args, {
			cwd: options.cwd ?? this.cwd,
			env: definedOnly(env),
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
			timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			cancelSignal: options.signal ?? this.signal,
			stripFinalNewline: false,
		});
		const code = (result as {code?: string}).code;
		return {
			command: [this.goBin, ...args],
			exitCode: result.exitCode ?? (result.timedOut ? 124 : (signalExit(result.signal) ?? 1)),
			stdout: String(result.stdout ?? ''),
			stderr: String(result.stderr ?? ''),
			durationMs: msSince(started),
			timedOut: result.timedOut === true,
			notFound: code === 'ENOENT' || code === 'EACCES',
			...(result.signal ? {signal: result.signal} : {}),
		};
	}

	/**
	 * Like run, but delivers stdout/stderr lines as they arrive (builds streaming into the panels). go runs in its
	 * own process group so that a cancel or timeout kills go and every compile/link/asm it started, not just go:
	 * after the promise settles no live process of this run remains. go's work directory is put in a temporary
	 * GOTMPDIR of this run (unless the caller chose one) and removed afterwards, because a killed go leaves its
	 * go-build* directory behind. Cancelled runs resolve with `cancelled: true` (exit code 130).
	 */
	async stream(args: string[], options: GoStreamOptions = {}): Promise<GoRun & {cancelled: boolean}> {
		const started = process.hrtime.bigint();
		const command = [this.goBin, ...args];
		if (options.signal?.aborted) {
			return {command, exitCode: 130, stdout: '', stderr: '', durationMs: 0, timedOut: false, cancelled: true, notFound: false};
		}
		let env = withOverrides(this.env, options.env ?? {});
		const workDir = nonEmpty(env, 'GOTMPDIR') === undefined ? await runTempDir(env) : undefined;
		if (workDir !== undefined) env = withOverrides(env, {GOTMPDIR: workDir});
		const child = execa(this.goBin, args, {
			cwd: options.cwd ?? this.cwd,
			env: definedOnly(env),
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
			detached: true,
			buffer: false,
			stripFinalNewline: false,
		});
		let timedOut = false;
		let cancelled = false;
		let killed = false;
		let lineError: unknown;
		const stop = () => {
			killed = true;
			if (child.pid !== undefined) killGroup(child.pid);
		};
		const onAbort = () => {
			cancelled = true;
			stop();
		};
		options.signal?.addEventListener('abort', onAbort, {once: true});
		// An abort while the work directory was being made fired before anyone listened: go has started, stop it now.
		if (options.signal?.aborted) onAbort();
		const timer = setTimeout(() => {
			timedOut = true;
			stop();
		}, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
		// A throwing onLine is the caller's bug: stop the run and rethrow it from here, not as an uncaught exception.
		const deliver = (stream: 'stdout' | 'stderr') => (line: string) => {
			if (lineError !== undefined) return;
			try {
				options.onLine?.(line, stream);
			} catch (error) {
				lineError = error;
				stop();
			}
		};
		const stdout = lineSplitter(deliver('stdout'));
		const stderr = lineSplitter(deliver('stderr'));
		child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
		try {
			const result = await child;
			stdout.end();
			stderr.end();
			if (lineError !== undefined) throw lineError;
			const code = (result as {code?: string}).code;
			return {
				command,
				exitCode: result.exitCode ?? (timedOut ? 124 : cancelled ? 130 : 1),
				stdout: stdout.text(),
				stderr: stderr.text(),
				durationMs: msSince(started),
				timedOut,
				cancelled,
				notFound: code === 'ENOENT' || code === 'EACCES',
			};
		} finally {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			// go may be gone while a compile it started is still being torn down: wait until none of them runs.
			if (killed && child.pid !== undefined) await waitGroupGone(child.pid);
			if (workDir !== undefined) await rm(workDir, {recursive: true, force: true}).catch(() => undefined);
		}
	}

	/** One `go env -json` per snapshot (go-facts §1.14), never one call per variable. */
	/** `go env -json`, or only KEYS when given. */
	async envJson(options: GoRunOptions = {}, keys: string[] = []): Promise<{values?: Record<string, string>; run: GoRun}> {
		const run = await this.run(['env', '-json', ...keys], options);
		if (run.exitCode !== 0) return {run};
		try {
			return {values: JSON.parse(run.stdout) as Record<string, string>, run};
		} catch {
			return {run};
		}
	}
}

/**
 * A fresh directory for go's work files, inside the temp dir go would use anyway (GOTMPDIR from the GOENV file, as
 * on systems where /tmp is noexec, else TMPDIR), so that it can be removed whole after the run. Undefined (go picks
 * its own) when it cannot be created.
 */
async function runTempDir(env: Env): Promise<string | undefined> {
	const location = goEnvFileLocation(env);
	const file = location.kind === 'file' ? await readGoEnvFile(location.path).catch(() => undefined) : undefined;
	const fromFile = file?.values.get('GOTMPDIR');
	const base = (fromFile && path.isAbsolute(fromFile) ? fromFile : undefined) ?? nonEmpty(env, 'TMPDIR') ?? os.tmpdir();
	return mkdtemp(path.join(base, 'gotune-go-')).catch(() => undefined);
}

/** A process killed by a signal exits as a shell reports it: 128 + the signal's number (SIGSEGV: 139). */
function signalExit(signal: string | undefined): number | undefined {
	const number = signal === undefined ? undefined : os.constants.signals[signal as NodeJS.Signals];
	return number === undefined ? undefined : 128 + number;
}

/** Milliseconds since STARTED (process.hrtime: the global performance object loads perf_hooks, a cost at start-up). */
function msSince(started: bigint): number {
	return Number(process.hrtime.bigint() - started) / 1e6;
}

export function definedOnly(env: Env): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
	return out;
}

/** Splits a byte stream into lines (UTF-8 safe across chunk boundaries) and keeps the whole text. */
function lineSplitter(onLine: (line: string) => void) {
	const decoder = new TextDecoder();
	let all = '';
	let pending = '';
	return {
		push(chunk: Buffer) {
			const text = decoder.decode(chunk, {stream: true});
			all += text;
			pending += text;
			let index;
			while ((index = pending.indexOf('\n')) !== -1) {
				onLine(pending.slice(0, index).replace(/\r$/, ''));
				pending = pending.slice(index + 1);
			}
		},
		end() {
			const rest = decoder.decode();
			all += rest;
			pending += rest;
			if (pending !== '') onLine(pending);
			pending = '';
		},
		text: () => all,
	};
}

/** First line of a go command's stderr, for messages; Go's own words, unchanged. */
export function goError(run: GoRun): string {
	if (run.notFound) return `cannot run ${run.command[0]}`;
	if (run.timedOut) return `${run.command.join(' ')} did not finish in time`;
	const text = (run.stderr || run.stdout).trim();
	return text.split('\n').slice(0, 3).join('\n') || `${run.command.slice(1).join(' ')} exited with ${run.exitCode}`;
}
