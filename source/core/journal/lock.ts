import {mkdir, open, readFile, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {JournalFailure} from './errors.js';
import {isAlive, isMissing} from './durable-fs.js';
import {randomHex} from './random-hex.js';

export {isAlive};

export type LockHolder = {pid: number; token: string; time: string; command: string};

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;
const POLL_MS = 50;
/** A lock file that cannot be parsed was left by a process that died between creating and writing it. */
const UNREADABLE_STALE_MS = 2_000;

export async function readLockHolder(file: string): Promise<LockHolder | undefined> {
	const text = await readFile(file, 'utf8').catch(() => undefined);
	if (text === undefined) return undefined;
	try {
		const holder = JSON.parse(text) as LockHolder;
		return typeof holder.pid === 'number' ? holder : undefined;
	} catch {
		return undefined;
	}
}

/** In-process queue: the wizard may start a second journal operation while one runs; the file lock is per process. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * The lock every gotune process takes before touching settings or the journal. Waits up to `timeoutMs`, then refuses
 * naming the holder. A lock left by a dead process is taken over.
 */
export async function withLock<T>(file: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
	const run = queue.then(async () => {
		const release = await acquire(file, timeoutMs);
		try {
			return await work();
		} finally {
			await release();
		}
	});
	queue = run.catch(() => undefined);
	return run;
}

async function acquire(file: string, timeoutMs: number): Promise<() => Promise<void>> {
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const mine: LockHolder = {
		pid: process.pid,
		token: randomHex(8),
		time: new Date().toISOString(),
		command: process.argv.slice(2).join(' '),
	};
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const handle = await open(file, 'wx', 0o600);
			try {
				await handle.writeFile(JSON.stringify(mine));
				await handle.sync();
			} finally {
				await handle.close();
			}
			return async () => {
				const holder = await readLockHolder(file);
				if (holder?.token === mine.token) await unlink(file).catch(() => undefined);
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const holder = await readLockHolder(file);
		if (await isStale(file, holder)) {
			// Re-check right before removing so a lock a live process just took is not removed; the remaining window
			// (two processes taking over the same dead lock at once) is microseconds wide.
			const again = await readLockHolder(file);
			if (again?.token === holder?.token) await unlink(file).catch(error => (isMissing(error) ? undefined : Promise.reject(error)));
			continue;
		}
		if (Date.now() >= deadline) {
			const who = holder
				? `another gotune (pid ${holder.pid}${holder.command ? `, "gotune ${holder.command}"` : ''}, since ${holder.time})`
				: 'another gotune';
			throw new JournalFailure(
				`${who} is changing Go settings; waited ${Math.round(timeoutMs / 1000)}s for it to finish. Try again when it is done; ` +
					`if no gotune is running, remove ${file}.`,
			);
		}
		await new Promise(resolve => setTimeout(resolve, POLL_MS));
	}
}

async function isStale(file: string, holder: LockHolder | undefined): Promise<boolean> {
	// Our own pid with a token that is not ours: left by an earlier process that had this pid (our queue serialises us).
	if (holder) return holder.pid === process.pid || !isAlive(holder.pid);
	const info = await stat(file).catch(() => undefined);
	return info !== undefined && Date.now() - info.mtimeMs > UNREADABLE_STALE_MS;
}
