import {createHash} from 'node:crypto';
import {open, rm} from 'node:fs/promises';
import type {Env} from '../env.js';
import {isCancelled, TaskCancelled, type TaskContext} from '../task.js';
import {InstallFailure} from './errors.js';
import {etaSeconds, RateMeter, type InstallEvent} from './events.js';
import {httpGet} from './http.js';

export type DownloadInput = {
	url: string;
	/** Created here (never overwritten); deleted on any failure. */
	dest: string;
	/** Known in advance from the release index; absent for a module zip (its h1: hash is checked by the caller). */
	sha256?: string;
	size?: number;
	env: Env;
	headersTimeoutMs?: number;
	/** Longest the body may stall before the download fails. */
	idleTimeoutMs?: number;
};

/** modfetch.MaxZipFile: the largest module zip go accepts. */
const MAX_MODULE_ZIP = 500 << 20;

export type DownloadResult = {url: string; bytes: number; sha256: string; seconds: number};

/**
 * Downloads URL to DEST, hashing as it writes. The size and SHA-256 the release index gives must both match before
 * the caller may extract anything; otherwise DEST is deleted and the error says what differed.
 */
export async function downloadArchive(input: DownloadInput, {emit, signal}: TaskContext<InstallEvent>): Promise<DownloadResult> {
	const started = Date.now();
	const file = await open(input.dest, 'wx', 0o600);
	let closed = false;
	try {
		const {response, url} = await httpGet(input.url, {env: input.env, signal, headersTimeoutMs: input.headersTimeoutMs ?? 30_000});
		const announced = Number(response.headers['content-length'] ?? NaN);
		// Without a size from an index, the announced length is the progress total and a module zip's cap (go's own
		// limit for module zips, modfetch.MaxZipFile, is 500 MiB).
		const size = input.size ?? (Number.isFinite(announced) ? announced : 0);
		const cap = input.size ?? MAX_MODULE_ZIP;
		if (input.size !== undefined && Number.isFinite(announced) && announced !== input.size) {
			response.destroy();
			throw new InstallFailure(
				`${input.url} is ${announced} bytes but the release index says ${input.size}: not the file the index describes`,
			);
		}
		const hash = createHash('sha256');
		const meter = new RateMeter();
		const idleMs = input.idleTimeoutMs ?? 30_000;
		let bytes = 0;
		let idle: NodeJS.Timeout | undefined;
		let stalled = false;
		const armIdle = () => {
			clearTimeout(idle);
			idle = setTimeout(() => {
				stalled = true;
				response.destroy();
			}, idleMs);
		};
		const onAbort = () => response.destroy();
		signal.addEventListener('abort', onAbort, {once: true});
		armIdle();
		try {
			for await (const chunk of response) {
				armIdle();
				const data = chunk as Buffer;
				bytes += data.length;
				if (bytes > cap)
					throw new InstallFailure(
						input.size === undefined
							? `${input.url} sent more than ${cap} bytes, the most a module zip may hold`
							: `${input.url} sent more than the ${input.size} bytes the release index says: not the file the index describes`,
					);
				hash.update(data);
				await file.write(data);
				const {bytesPerSecond} = meter.sample(bytes);
				emit({kind: 'download', url, bytes, total: size, bytesPerSecond, etaSeconds: etaSeconds(bytes, size, bytesPerSecond)});
			}
		} catch (error) {
			if (signal.aborted) throw new TaskCancelled('the download');
			if (stalled)
				throw new InstallFailure(
					`${input.url}: no data for ${Math.round(idleMs / 1000)} s after ${bytes} of ${size} bytes; try again or pick another --mirror`,
				);
			if (error instanceof InstallFailure) throw error;
			throw new InstallFailure(
				`${input.url}: the connection broke after ${bytes} of ${size} bytes (${(error as Error).message}); try again`,
			);
		} finally {
			clearTimeout(idle);
			signal.removeEventListener('abort', onAbort);
		}
		if (signal.aborted) throw new TaskCancelled('the download');
		if (bytes !== size && (input.size !== undefined || size > 0))
			throw new InstallFailure(`${input.url} ended after ${bytes} of ${size} bytes (a short body): try again or pick another --mirror`);
		const sha256 = hash.digest('hex');
		if (input.sha256 !== undefined) emit({kind: 'verify', sha256});
		if (input.sha256 !== undefined && sha256 !== input.sha256.toLowerCase()) {
			throw new InstallFailure(
				`${input.url}: SHA-256 mismatch: the file is ${sha256}, the release index says ${input.sha256}. The download was deleted; nothing was installed`,
			);
		}
		await file.sync();
		await file.close();
		closed = true;
		return {url, bytes, sha256, seconds: (Date.now() - started) / 1000};
	} catch (error) {
		if (!closed) await file.close().catch(() => undefined);
		await rm(input.dest, {force: true});
		if (isCancelled(error)) throw error instanceof TaskCancelled ? error : new TaskCancelled('the download');
		throw error;
	}
}
