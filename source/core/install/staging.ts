import {readdir, rm} from 'node:fs/promises';
import path from 'node:path';

/**
 * Work directories beside a destination (PREFIX's parent, so that the finished result is renamed into place on the
 * same filesystem): .NAME.gotune-staging-PID-XXXX. install-go stages a Go tree there, gotune tools the programs go
 * install builds; a process killed half-way leaves one behind, which the next run removes.
 */
export function stagingPrefix(prefix: string): string {
	return `.${path.basename(prefix)}.gotune-staging-`;
}

/** A staging directory whose process is gone (killed mid-download or mid-extract) is only debris: remove it. */
export async function removeStaleStaging(prefix: string): Promise<void> {
	const parent = path.dirname(prefix);
	const start = stagingPrefix(prefix);
	for (const name of await readdir(parent).catch(() => [] as string[])) {
		if (!name.startsWith(start)) continue;
		const pid = Number(/^(\d+)-/.exec(name.slice(start.length))?.[1]);
		if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) continue;
		if (pid === process.pid) continue;
		await rm(path.join(parent, name), {recursive: true, force: true});
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as {code?: string}).code === 'EPERM';
	}
}
