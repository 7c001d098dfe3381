import type {GoAdapter, GoRunOptions} from '../go-adapter.js';
import {goError} from '../go-adapter.js';

/** One line of `go list -deps` (run with the build's own flags, go-facts §4.3 note a). */
export type ListedPackage = {
	importPath: string;
	standard: boolean;
	name: string;
	dir: string;
	goFiles: string[];
	imports: string[];
	/** Module path and version; main is true for the module being measured. */
	module?: {path: string; version: string; main: boolean};
};

const FIELDS = [
	'{{.ImportPath}}',
	'{{.Standard}}',
	'{{.Name}}',
	'{{.Dir}}',
	'{{join .GoFiles ","}}',
	'{{join .Imports ","}}',
	'{{with .Module}}{{.Path}}\t{{.Version}}\t{{.Main}}{{end}}',
];
export const LIST_TEMPLATE = FIELDS.join('\t');

export type ListResult = {packages: ListedPackage[]; downloads: string[]} | {error: string};

/** `go list -deps FLAGS PATTERNS`: every package the build needs, and the `go: downloading` lines it printed. */
export async function listDeps(go: GoAdapter, flags: string[], patterns: string[], options: GoRunOptions): Promise<ListResult> {
	const run = await go.run(['list', '-deps', ...flags, '-f', LIST_TEMPLATE, ...patterns], options);
	if (run.exitCode !== 0) return {error: goError(run)};
	return {packages: parseList(run.stdout), downloads: downloadLines(run.stderr)};
}

export function parseList(stdout: string): ListedPackage[] {
	const packages: ListedPackage[] = [];
	for (const line of stdout.split('\n')) {
		if (line.trim() === '') continue;
		const [importPath = '', standard, name = '', dir = '', goFiles = '', imports = '', modPath, modVersion, modMain] = line.split('\t');
		packages.push({
			importPath,
			standard: standard === 'true',
			name,
			dir,
			goFiles: goFiles ? goFiles.split(',') : [],
			imports: imports ? imports.split(',') : [],
			...(modPath ? {module: {path: modPath, version: modVersion ?? '', main: modMain === 'true'}} : {}),
		});
	}
	return packages;
}

/** `go: downloading example.com/m v1.2.3` → "example.com/m@v1.2.3" (one per module zip go fetched). */
export function downloadLines(text: string): string[] {
	const out: string[] = [];
	for (const line of text.split('\n')) {
		const match = /^go: downloading (\S+) (\S+)$/.exec(line.trim());
		if (match) out.push(`${match[1]}@${match[2]}`);
	}
	return out;
}

/** Build actions go will consider: every listed package except unsafe (a `built-in package`, never compiled). */
export function buildablePackages(packages: ListedPackage[]): ListedPackage[] {
	return packages.filter(p => p.importPath !== 'unsafe');
}

/** Modules (other than the main one) whose packages the build uses, as "path@version". */
export function dependencyModules(packages: ListedPackage[]): string[] {
	const set = new Set<string>();
	for (const p of packages) if (p.module && !p.module.main && p.module.version) set.add(`${p.module.path}@${p.module.version}`);
	return [...set].sort();
}

/**
 * The package the incremental run edits: a leaf of the module (it imports none of the module's own packages), the
 * one most of the module's packages import directly (so the edit is felt), ties broken by import path. A module
 * with a single package edits that package.
 */
export function chooseLeaf(packages: ListedPackage[]): ListedPackage | undefined {
	const own = packages.filter(p => p.module?.main && !p.standard && p.goFiles.length > 0);
	const ownPaths = new Set(own.map(p => p.importPath));
	const importers = new Map<string, number>();
	for (const p of own) for (const i of p.imports) if (ownPaths.has(i)) importers.set(i, (importers.get(i) ?? 0) + 1);
	const leaves = own.filter(p => !p.imports.some(i => ownPaths.has(i)));
	const ranked = (leaves.length > 0 ? leaves : own).sort(
		(a, b) => (importers.get(b.importPath) ?? 0) - (importers.get(a.importPath) ?? 0) || a.importPath.localeCompare(b.importPath),
	);
	return ranked[0];
}
