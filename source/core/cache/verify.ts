import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {CopyProgress} from '../journal/contract.js';
import {throwIfCancelled} from '../task.js';
import {hashZip} from './dirhash.js';
import {scanTree, type TreeEntry} from './walk.js';

/** cache/download/<escaped module>/@v/<escaped version>.zip of a module cache; toolchain zips included. */
const MODULE_ZIP = /^cache\/download\/(.+)\/@v\/([^/]+)\.zip$/;

/**
 * Compares a copy with the source entries it was made from: every path present with the same kind, size and
 * permission bits, nothing extra; then every module zip that has a .ziphash is hashed (dirhash Hash1 over the zip) and
 * compared with it. A zip whose source already disagreed with its .ziphash is not a copy fault (go mod verify reports
 * it either way), so only disagreements the copy introduced are problems. Returns the problems, empty when identical.
 * (The copier checks each file as it writes it instead, with compareEntry and verifyZips: one pass.)
 */
export async function verifyCopy(
	from: string,
	to: string,
	sourceEntries: TreeEntry[],
	{signal, emit}: {signal: AbortSignal; emit: (progress: CopyProgress) => void},
): Promise<string[]> {
	const sourceFiles = sourceEntries.filter(entry => entry.kind === 'file');
	const totalFiles = sourceFiles.length;
	const totalBytes = sourceFiles.reduce((sum, entry) => sum + entry.size, 0);
	const state: CopyProgress = {phase: 'verify', files: 0, totalFiles, bytes: 0, totalBytes};
	emit(state);
	const {entries: copied} = await scanTree(to, {signal});
	const problems: string[] = [];
	const byPath = new Map(copied.map(entry => [entry.rel, entry]));
	for (const source of sourceEntries) {
		const copy = byPath.get(source.rel);
		byPath.delete(source.rel);
		problems.push(...compareEntry(source, copy));
		if (source.kind === 'file') {
			state.files++;
			state.bytes += source.size;
		}
	}
	for (const extra of byPath.keys()) problems.push(extraProblem(extra));
	emit(state);
	problems.push(...(await verifyZips(from, to, sourceFiles, signal)));
	return problems;
}

/** What is wrong with COPY (undefined: missing) as a copy of SOURCE: kind, size, permission bits, symlink target. */
export function compareEntry(source: TreeEntry, copy: TreeEntry | undefined): string[] {
	const name = source.rel === '' ? '.' : source.rel;
	if (copy === undefined) return [`${name} is missing`];
	if (copy.kind !== source.kind) return [`${name} is a ${copy.kind}, the source a ${source.kind}`];
	const problems: string[] = [];
	if (source.kind === 'file' && copy.kind === 'file' && copy.size !== source.size)
		problems.push(`${name} has ${copy.size} bytes, the source ${source.size}`);
	if ((source.kind === 'file' || source.kind === 'dir') && (copy.kind === 'file' || copy.kind === 'dir') && copy.mode !== source.mode) {
		problems.push(`${name} has mode ${copy.mode.toString(8)}, the source ${source.mode.toString(8)}`);
	}
	if (source.kind === 'symlink' && copy.kind === 'symlink' && copy.target !== source.target) problems.push(`${name} points elsewhere`);
	return problems;
}

export const extraProblem = (rel: string) => `${rel} is in the copy but not in the source`;

/** The module zips among SOURCE_FILES that have a .ziphash, hashed in the copy (and, on a mismatch, in the source). */
export async function verifyZips(from: string, to: string, sourceFiles: TreeEntry[], signal: AbortSignal): Promise<string[]> {
	const problems: string[] = [];
	const names = new Set(sourceFiles.map(entry => entry.rel));
	const zips = sourceFiles.filter(entry => MODULE_ZIP.test(entry.rel) && names.has(`${entry.rel}hash`));
	for (const zip of zips) {
		throwIfCancelled(signal, 'verifying the copy');
		const recorded = await readFile(path.join(to, `${zip.rel}hash`), 'utf8').catch(() => undefined);
		const actual = await hashZip(path.join(to, zip.rel)).catch((error: Error) => `unreadable: ${error.message}`);
		if (recorded !== undefined && actual === recorded) continue;
		const sourceRecorded = await readFile(path.join(from, `${zip.rel}hash`), 'utf8').catch(() => undefined);
		const sourceActual = await hashZip(path.join(from, zip.rel)).catch((error: Error) => `unreadable: ${error.message}`);
		if (sourceRecorded === recorded && sourceActual === actual) continue;
		problems.push(`${zip.rel} hashes to ${actual}, its .ziphash says ${recorded ?? '(missing)'}`);
	}
	return problems;
}
