import {opendir} from 'node:fs/promises';
import path from 'node:path';
import {throwIfCancelled} from '../task.js';

export type ToolchainHeld = {
	/** go1.23.5 */
	version: string;
	/** linux-amd64 */
	platform: string;
	/** The extracted tree, or null when only the zip is held. */
	dir: string | null;
};

export type ModuleHoldings = {modules: number; versions: number; toolchains: ToolchainHeld[]};

/** Inverse of module.EscapePath / EscapeVersion: "!x" stands for "X". */
export function unescapeModulePath(escaped: string): string {
	return escaped.replace(/!([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

const TOOLCHAIN_ZIP = /^v0\.0\.1-(go[^.]+\.[^.]+(?:\.[^.]+)?)\.([a-z0-9]+-[a-z0-9]+)\.zip$/;

/**
 * What a module cache holds, from its download cache (the GOPROXY-shaped tree): modules = distinct module paths with
 * at least one version's zip; versions = zips held; toolchains = golang.org/toolchain zips (Go >= 1.21 switching).
 */
export async function moduleHoldings(gomodcache: string, signal?: AbortSignal): Promise<ModuleHoldings> {
	const download = path.join(gomodcache, 'cache', 'download');
	const result: ModuleHoldings = {modules: 0, versions: 0, toolchains: []};
	const visit = async (rel: string): Promise<void> => {
		throwIfCancelled(signal, 'counting modules');
		const dir = path.join(download, rel);
		const handle = await opendir(dir).catch(() => undefined);
		if (handle === undefined) return;
		const subdirs: string[] = [];
		const zips: string[] = [];
		for await (const entry of handle) {
			if (entry.isDirectory()) subdirs.push(entry.name);
			else if (entry.isFile() && entry.name.endsWith('.zip')) zips.push(entry.name);
		}
		if (path.basename(rel) === '@v') {
			const modulePath = unescapeModulePath(path.dirname(rel).split(path.sep).join('/'));
			if (modulePath === 'golang.org/toolchain') {
				for (const zip of zips) {
					const match = TOOLCHAIN_ZIP.exec(zip);
					if (!match) continue;
					const extracted = path.join(gomodcache, 'golang.org', `toolchain@${zip.slice(0, -'.zip'.length)}`);
					const exists = await opendir(extracted).then(
						async h => (await h.close(), true),
						() => false,
					);
					result.toolchains.push({version: match[1]!, platform: match[2]!, dir: exists ? extracted : null});
				}
			} else if (zips.length > 0) {
				result.modules++;
				result.versions += zips.length;
			}
			return;
		}
		for (const name of subdirs) {
			// The checksum database's cached tiles and lookups are not modules.
			if (rel === '' && name === 'sumdb') continue;
			await visit(rel === '' ? name : path.join(rel, name));
		}
	};
	await visit('');
	result.toolchains.sort((a, b) => a.version.localeCompare(b.version, 'en', {numeric: true}));
	return result;
}
