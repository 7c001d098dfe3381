import {copyFile, mkdir, open, stat} from 'node:fs/promises';
import path from 'node:path';
import {centralDirectory, entryContent} from '../cache/dirhash.js';
import {throwIfCancelled, type TaskContext} from '../task.js';
import {InstallFailure} from './errors.js';
import type {InstallEvent} from './events.js';
import type {ExtractResult} from './safe-extract.js';

/** Files written at once while extracting. */
const FILES_IN_FLIGHT = 32;

/**
 * Unpacks a golang.org/toolchain module zip (already verified against the checksum database) into DEST, an empty
 * directory gotune created, giving the tree go itself leaves after `GOTOOLCHAIN=goX.Y.Z go version`:
 * - modzip.Unzip's rules: every name is under PREFIX ("golang.org/toolchain@VERSION/"), none absolute, none climbing
 *   out with "..", no duplicates (case-insensitively, as modzip refuses), regular files only;
 * - toolchain.Exec's execute bits (cmd/go/internal/toolchain/select.go): every file under pkg/tool/ and bin/, and the
 *   files under lib/ named go_?*_?*_exec (lib/wasm/go_js_wasm_exec);
 * - then every _go.mod is copied to go.mod beside it (module zips cannot hold nested go.mod files; go restores them).
 */
export async function extractToolchainZip(
	zipFile: string,
	prefix: string,
	dest: string,
	{emit, signal}: TaskContext<InstallEvent>,
): Promise<ExtractResult> {
	const root = path.resolve(dest);
	const handle = await open(zipFile, 'r');
	let files = 0;
	let bytes = 0;
	const goMods: string[] = [];
	try {
		const entries = await centralDirectory(handle).catch((error: Error) => {
			throw new InstallFailure(`cannot extract ${path.basename(zipFile)}: ${error.message}`);
		});
		const total = entries.reduce((sum, e) => sum + e.compressedSize, 0);
		let read = 0;
		const seen = new Set<string>();
		// Every name is checked before anything is written.
		const work: Array<{entry: (typeof entries)[number]; name: string; target: string}> = [];
		for (const entry of entries) {
			const refuse = (why: string) => new InstallFailure(`the zip's entry "${entry.name}" was refused: ${why}. Nothing was installed`);
			if (!entry.name.startsWith(prefix)) throw refuse(`it is not under ${prefix}`);
			const name = entry.name.slice(prefix.length);
			if (name === '' || name.endsWith('/')) continue;
			if (name.includes('\0') || name.includes('\\')) throw refuse('its name contains a NUL byte or a backslash');
			const parts = name.split('/');
			if (name.startsWith('/') || parts.some(part => part === '' || part === '.' || part === '..'))
				throw refuse('its name is absolute or has empty, "." or ".." elements');
			const folded = name.toLowerCase();
			if (seen.has(folded)) throw refuse('the zip lists it twice (or twice with different case)');
			seen.add(folded);
			work.push({entry, name, target: path.join(root, ...parts)});
		}
		// A toolchain is some 15,000 small files: one at a time, each file's few system calls wait in turn (40 s on a
		// loaded 2-core machine); a batch in flight overlaps them. Each directory is created once.
		const dirs = new Map<string, Promise<unknown>>();
		const dirOf = (dir: string) => {
			let made = dirs.get(dir);
			if (made === undefined) dirs.set(dir, (made = mkdir(dir, {recursive: true, mode: 0o755})));
			return made;
		};
		const writeOne = async ({entry, name, target}: (typeof work)[number]) => {
			await dirOf(path.dirname(target));
			const content = await entryContent(handle, entry).catch((error: Error) => {
				throw new InstallFailure(`cannot extract ${path.basename(zipFile)}: ${error.message}`);
			});
			const out = await open(target, 'wx', executable(name) ? 0o755 : 0o644);
			try {
				await out.write(content);
				await out.chmod(executable(name) ? 0o755 : 0o644);
			} finally {
				await out.close();
			}
			files++;
			bytes += content.length;
			read += entry.compressedSize;
		};
		for (let i = 0; i < work.length; i += FILES_IN_FLIGHT) {
			throwIfCancelled(signal, 'extracting the toolchain');
			await Promise.all(work.slice(i, i + FILES_IN_FLIGHT).map(writeOne));
			emit({kind: 'extract', files, bytes, read, total});
		}
		goMods.push(...work.filter(w => path.posix.basename(w.name) === '_go.mod').map(w => w.target));
	} finally {
		await handle.close();
	}
	files += await restoreGoMods(goMods);
	return {files, bytes};
}

/** Which files toolchain.Exec makes executable (allowExec on pkg/tool, lib with go_?*_?*_exec, bin). */
export function executable(name: string): boolean {
	if (name.startsWith('bin/') || name.startsWith('pkg/tool/')) return true;
	return name.startsWith('lib/') && /^go_[^/]+_[^/]+_exec$/.test(path.posix.basename(name));
}

/** Copies each extracted _go.mod to go.mod beside it, as go does after unpacking a toolchain. Returns how many. */
async function restoreGoMods(goMods: string[]): Promise<number> {
	let count = 0;
	for (const full of goMods) {
		const goMod = path.join(path.dirname(full), 'go.mod');
		const existing = await stat(goMod).catch(() => undefined);
		if (existing?.size === (await stat(full)).size) continue;
		await copyFile(full, goMod);
		count++;
	}
	return count;
}
