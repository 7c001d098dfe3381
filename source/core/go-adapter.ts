import {execa} from 'execa';
import {withOverrides, type Env} from './env.js';

export type GoRun = {
	command: string[];
	exitCode: number;
	stdout: string;
	stderr: string;
	durationMs: number;
	timedOut: boolean;
	/** The binary could not be started at all (missing, not executable). */
	notFound: boolean;
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

/** The one place that runs `go`: argument arrays only, explicit env, bounded time, output captured. */
export class GoAdapter {
	constructor(
		readonly goBin: string,
		readonly env: Env,
		readonly cwd: string = process.cwd(),
	) {}

	withEnv(overrides: Env): GoAdapter {
		return new GoAdapter(this.goBin, withOverrides(this.env, overrides), this.cwd);
	}

	withBinary(goBin: string): GoAdapter {
		return new GoAdapter(goBin, this.env, this.cwd);
	}

	async run(args: string[], options: GoRunOptions = {}): Promise<GoRun> {
		const started = performance.now();
		const env = withOverrides(this.env, options.env ?? {});
		const result = await execa(this.goBin, args, {
			cwd: options.cwd ?? this.cwd,
			env: definedOnly(env),
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
			timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			cancelSignal: options.signal,
			stripFinalNewline: false,
		});
		const code = (result as {code?: string}).code;
		return {
			command: [this.goBin, ...args],
			exitCode: result.exitCode ?? (result.timedOut ? 124 : 1),
			stdout: String(result.stdout ?? ''),
			stderr: String(result.stderr ?? ''),
			durationMs: performance.now() - started,
			timedOut: result.timedOut === true,
			notFound: code === 'ENOENT' || code === 'EACCES',
		};
	}

	/**
	 * Like run, but delivers stdout/stderr lines as they arrive (builds streaming into the panels). go runs in its
	 * own process group so that a cancel or timeout kills go and every compile/link/asm it started, not just go:
	 * after the promise settles no process of this run remains. Cancelled runs resolve with `cancelled: true`.
	 */
	async stream(args: string[], options: GoStreamOptions = {}): Promise<GoRun & {cancelled: boolean}> {
		const started = performance.now();
		const env = withOverrides(this.env, options.env ?? {});
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
		const killGroup = () => {
			if (child.pid === undefined) return;
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		};
		const onAbort = () => {
			cancelled = true;
			killGroup();
		};
		if (options.signal?.aborted) onAbort();
		options.signal?.addEventListener('abort', onAbort, {once: true});
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup();
		}, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
		const stdout = lineSplitter(line => options.onLine?.(line, 'stdout'));
		const stderr = lineSplitter(line => options.onLine?.(line, 'stderr'));
		child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
		try {
			const result = await child;
			stdout.end();
			stderr.end();
			const code = (result as {code?: string}).code;
			return {
				command: [this.goBin, ...args],
				exitCode: result.exitCode ?? (timedOut ? 124 : cancelled ? 130 : 1),
				stdout: stdout.text(),
				stderr: stderr.text(),
				durationMs: performance.now() - started,
				timedOut,
				cancelled,
				notFound: code === 'ENOENT' || code === 'EACCES',
			};
		} finally {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			// go may exit while a child it started lingers (killed parent): never leave one behind.
			if (cancelled || timedOut) killGroup();
		}
	}

	/** One `go env -json` per snapshot (go-facts §1.14), never one call per variable. */
	async envJson(options: GoRunOptions = {}): Promise<{values?: Record<string, string>; run: GoRun}> {
		const run = await this.run(['env', '-json'], options);
		if (run.exitCode !== 0) return {run};
		try {
			return {values: JSON.parse(run.stdout) as Record<string, string>, run};
		} catch {
			return {run};
		}
	}
}

function definedOnly(env: Env): Record<string, string> {
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
