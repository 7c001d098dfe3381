import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';

/** The last measurement (bench JSON), kept for `gotune report`: in GOTUNE_HOME, mode 0600, written atomically. */
export function lastBenchFile(gotuneHome: string): string {
	return path.join(gotuneHome, 'last-bench.json');
}

export async function saveLastBench(gotuneHome: string, json: unknown): Promise<void> {
	await mkdir(gotuneHome, {recursive: true, mode: 0o700});
	const file = lastBenchFile(gotuneHome);
	const temp = `${file}.${process.pid}.tmp`;
	await writeFile(temp, `${JSON.stringify({time: new Date().toISOString(), ...(json as object)}, null, 2)}\n`, {mode: 0o600});
	await rename(temp, file);
}

export async function loadLastBench(gotuneHome: string): Promise<Record<string, unknown> | undefined> {
	const text = await readFile(lastBenchFile(gotuneHome), 'utf8').catch(() => undefined);
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}
