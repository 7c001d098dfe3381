import {spawn} from 'node:child_process';

type CapturedRun = {
	/** Undefined when the program was killed by a signal or could not be started. */
	exitCode: number | undefined;
	signal: NodeJS.Signals | undefined;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	/** The spawn error's code (ENOENT, EACCES) when the program could not be started. */
	errorCode: string | undefined;
};

type CaptureOptions = {
	cwd: string;
	env: Record<string, string>;
	timeoutMs: number;
	signal?: AbortSignal;
};

/** Output kept per stream, as execa's default maxBuffer: more than this stops the program. */
const MAX_BYTES = 100_000_000;
/** After SIGTERM (time limit, cancel), SIGKILL if the program is still there: execa's forceKillAfterDelay. */
const FORCE_KILL_MS = 5000;

/**
 * Runs FILE with ARGS (an argument array, no shell), stdin closed, and captures its output as text. The same
 * contract GoAdapter had from execa (reject: false, timeout and cancel by SIGTERM, then SIGKILL after 5 s), with
 * node:child_process alone: loading execa was a sixth of `gotune doctor`'s CPU time (issue 18).
 */
export async function runCaptured(file: string, args: string[], options: CaptureOptions): Promise<CapturedRun> {
	return new Promise(resolve => {
		let timedOut = false;
		let errorCode: string | undefined;
		let forceKill: NodeJS.Timeout | undefined;
		const child = spawn(file, args, {cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe']});
		const stop = () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			forceKill ??= setTimeout(() => child.kill('SIGKILL'), FORCE_KILL_MS);
			forceKill.unref();
		};
		const collect = (stream: NodeJS.ReadableStream) => {
			const chunks: Buffer[] = [];
			let bytes = 0;
			stream.on('data', (chunk: Buffer) => {
				bytes += chunk.length;
				if (bytes > MAX_BYTES) return stop();
				chunks.push(chunk);
			});
			return () => Buffer.concat(chunks).toString('utf8');
		};
		const stdout = collect(child.stdout);
		const stderr = collect(child.stderr);
		const timer = setTimeout(() => {
			timedOut = true;
			stop();
		}, options.timeoutMs);
		const onAbort = () => stop();
		if (options.signal?.aborted) onAbort();
		else options.signal?.addEventListener('abort', onAbort, {once: true});
		child.on('error', (error: NodeJS.ErrnoException) => {
			errorCode ??= error.code;
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (forceKill) clearTimeout(forceKill);
			options.signal?.removeEventListener('abort', onAbort);
			resolve({
				// A program that could not start closes with -errno: no exit code, as execa said it.
				exitCode: errorCode === undefined ? (code ?? undefined) : undefined,
				signal: signal ?? undefined,
				stdout: stdout(),
				stderr: stderr(),
				timedOut,
				errorCode,
			});
		});
	});
}
