import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';

/** Every file under DIR with its size and mtime: equal listings mean nothing was added, removed or rewritten. */
export async function fileList(dir: string): Promise<string[]> {
	const out: string[] = [];
	const walk = async (current: string) => {
		for (const entry of await readdir(current, {withFileTypes: true}).catch(() => [])) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) await walk(full);
			else {
				const info = await stat(full);
				out.push(`${path.relative(dir, full)} ${info.size} ${info.mtimeMs}`);
			}
		}
	};
	await walk(dir);
	return out.sort();
}
