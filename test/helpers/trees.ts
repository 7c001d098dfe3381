import {chmod, lstat, mkdir, readdir, readFile, readlink, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';

/** A small module-cache-like tree under ROOT: read-only directories (0555), a symlink, nested levels. */
export async function makeModuleTree(root: string, {readOnlyFile = false}: {readOnlyFile?: boolean} = {}): Promise<void> {
	const version = path.join(root, 'mod', 'example.com', 'a@v1.0.0');
	await mkdir(version, {recursive: true});
	await writeFile(path.join(version, 'a.go'), 'package a\n');
	await writeFile(path.join(version, 'go.mod'), 'module example.com/a\n');
	await mkdir(path.join(root, 'cache', 'download'), {recursive: true});
	await writeFile(path.join(root, 'cache', 'download', 'list'), 'v1.0.0\n');
	await symlink('mod/example.com', path.join(root, 'link'));
	if (readOnlyFile) await chmod(path.join(version, 'a.go'), 0o444);
	await chmod(version, 0o555);
	await chmod(path.join(root, 'mod', 'example.com'), 0o555);
}

/** Every entry of the tree at ROOT with its mode (and contents or link target), sorted; null when ROOT is absent. */
export async function snapshotTree(root: string): Promise<string[] | null> {
	if (
		!(await lstat(root).then(
			() => true,
			() => false,
		))
	)
		return null;
	const out: string[] = [];
	const walk = async (rel: string) => {
		for (const name of (await readdir(path.join(root, rel))).sort()) {
			const p = path.join(root, rel, name);
			const info = await lstat(p);
			const mode = (info.mode & 0o7777).toString(8);
			if (info.isDirectory()) {
				out.push(`${path.join(rel, name)}/ ${mode}`);
				await walk(path.join(rel, name));
			} else if (info.isSymbolicLink()) out.push(`${path.join(rel, name)} -> ${await readlink(p)}`);
			else out.push(`${path.join(rel, name)} ${mode} ${await readFile(p, 'utf8')}`);
		}
	};
	await walk('');
	return out;
}
