import {appendFile, cp, mkdir, mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';

/**
 * The tree gotune measures is always a temporary copy (the user's module or the demo): the incremental run edits a
 * file in it, and nothing in the user's tree is touched. `.git` is left out, so the copy is not a repository;
 * builds run with -buildvcs=false anyway so every run of every kind has the same flags (go-facts §4.6 pitfall 2).
 */
export async function copyProject(moduleRoot: string, into: string): Promise<string> {
	const target = path.join(into, path.basename(moduleRoot) || 'project');
	await copyTree(moduleRoot, target);
	return target;
}

async function copyTree(from: string, to: string): Promise<void> {
	await mkdir(path.dirname(to), {recursive: true});
	await cp(from, to, {
		recursive: true,
		// Symlinks stay links: a module that links outside itself builds the same as in place.
		verbatimSymlinks: true,
		filter: source => path.basename(source) !== '.git',
	});
}

/**
 * A workspace copy: the go.work's directory and every module it uses (some may live beside it, `use ../lib`), each
 * at the same place relative to their common parent, so the go.work's relative `use` lines hold in the copy.
 * Only those directories are copied, not the rest of the common parent. Returns where a path lands in the copy.
 */
export async function copyWorkspace(workFile: string, moduleDirs: string[], into: string): Promise<(original: string) => string> {
	const dirs = [path.dirname(workFile), ...moduleDirs].map(dir => path.resolve(dir));
	let base = dirs[0]!;
	while (!dirs.every(dir => within(dir, base))) base = path.dirname(base);
	const top = path.join(into, path.basename(base) || 'workspace');
	const copyOf = (original: string) => path.join(top, path.relative(base, path.resolve(original)));
	const outermost = [...new Set(dirs)].filter(dir => !dirs.some(other => other !== dir && within(dir, other)));
	for (const dir of outermost) await copyTree(dir, copyOf(dir));
	return copyOf;
}

const within = (child: string, parent: string) =>
	child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : `${parent}${path.sep}`);

/** A scratch directory for copies and outputs (TMPDIR of the environment go sees, else the system's). */
export async function scratchDir(env: Env): Promise<string> {
	const base = nonEmpty(env, 'TMPDIR') ?? os.tmpdir();
	return mkdtemp(path.join(base, 'gotune-bench-'));
}

/**
 * Where the empty build caches go: a new directory beside the configured GOCACHE (same filesystem, so a cold build
 * reads and writes the disk the user's cache lives on), never inside it. When GOCACHE's parent does not exist yet,
 * the nearest existing ancestor is used. Removed when the measurement ends.
 */
export async function cacheRootBeside(gocache: string): Promise<string> {
	let parent = path.dirname(path.resolve(gocache));
	while (
		!(await stat(parent).then(
			s => s.isDirectory(),
			() => false,
		))
	) {
		const up = path.dirname(parent);
		if (up === parent) break;
		parent = up;
	}
	return mkdtemp(path.join(parent, '.gotune-bench-cache-'));
}

export async function freshDir(dir: string): Promise<string> {
	await rm(dir, {recursive: true, force: true});
	await mkdir(dir, {recursive: true});
	return dir;
}

/**
 * The incremental run's edit: one line appended to FILE, declaring a new exported variable. Each run N adds its own
 * name, so every run changes the package's export data the same way (its importers recompile, as after a real API
 * change), and the runs stay comparable. Returns the line written.
 */
export async function applyLeafEdit(file: string, n: number): Promise<string> {
	const text = await readFile(file, 'utf8');
	const line = `var GotuneBenchEdit${n} = ${n} // gotune bench: incremental edit ${n}`;
	await appendFile(file, `${text.endsWith('\n') ? '' : '\n'}${line}\n`);
	return line;
}
