import {constants} from 'node:fs';
import {access, readdir, readFile, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import {formatBytesShort} from './format.js';
import {deviceOf, filesystemOf, nearestExisting} from './filesystems.js';
import {CACHE_KEY, type CacheKind} from './kinds.js';

export type TargetCheck = {
	/** Absolute target. */
	to: string;
	/** What the move will do, when it is allowed. */
	method: 'rename' | 'copy' | 'switch';
	/** Why the move would be refused (each says what to do); empty when allowed. */
	refusals: string[];
	/** The target already holds a cache of the same kind: the setting switches to it and nothing is copied. */
	adopts: boolean;
	freeBytes: number | null;
	needBytes: number;
};

/** Room needed beyond the copy's own blocks: go keeps writing to the cache after the move. */
export function spaceNeeded(allocatedBytes: number): number {
	return Math.ceil(allocatedBytes * 1.05) + 32 * 1024 * 1024;
}

/** Does DIR look like a Go cache of KIND (so moving to it is adopting it, not overwriting something else)? */
export async function looksLikeCache(kind: CacheKind, dir: string): Promise<boolean> {
	if (kind === 'gocache') {
		const readme = await readFile(path.join(dir, 'README'), 'utf8').catch(() => '');
		return readme.includes('This directory holds cached build artifacts from the Go build system');
	}
	return stat(path.join(dir, 'cache', 'download')).then(
		st => st.isDirectory(),
		() => false,
	);
}

async function realOrNearest(target: string): Promise<string> {
	const existing = await nearestExisting(target);
	const real = await realpath(existing).catch(() => existing);
	return path.join(real, path.relative(existing, path.resolve(target)));
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);

/**
 * Every reason to refuse moving the KIND cache from FROM to TO, checked before anything is touched (issue 10:
 * target/source nesting, a non-empty target that is not a cache of the same kind, free space, writability, an OS
 * variable overriding the setting). OTHER is the other cache's path: nesting one cache in the other is refused too.
 */
export async function checkTarget(input: {
	kind: CacheKind;
	from: string;
	to: string;
	/** Space the source occupies (allocated blocks); 0 when it does not exist. */
	allocatedBytes: number;
	sourceExists: boolean;
	keepSource: boolean;
	env: Env;
	other?: string;
}): Promise<TargetCheck> {
	const {kind, from, allocatedBytes, sourceExists, keepSource, env} = input;
	const key = CACHE_KEY[kind];
	const to = path.resolve(input.to);
	const refusals: string[] = [];
	const result = (method: TargetCheck['method'], extra: Partial<TargetCheck> = {}): TargetCheck => ({
		to,
		method,
		refusals,
		adopts: false,
		freeBytes: null,
		needBytes: 0,
		...extra,
	});

	const processValue = nonEmpty(env, key);
	if (processValue !== undefined) {
		refusals.push(await overrideRefusal(key, processValue, to, env));
	}
	const realFrom = await realOrNearest(from);
	const realTo = await realOrNearest(to);
	if (realFrom === realTo) {
		refusals.push(`${to} is already where ${key} is: nothing to move. Pick another directory.`);
		return result('switch');
	}
	if (inside(realTo, realFrom))
		refusals.push(`${to} is inside the current ${key} (${from}): a cache cannot move into itself. Pick a directory outside it.`);
	if (inside(realFrom, realTo)) {
		// TO/<name of the cache> is the cache itself when TO is its parent: then suggest a sibling of it.
		const named = path.join(to, path.basename(from));
		const example = inside(await realOrNearest(named), realFrom)
			? `${path.join(path.dirname(from), `${path.basename(from)}-moved`)}`
			: named;
		refusals.push(`${to} contains the current ${key} (${from}): pick a new, separate directory (for example ${example}).`);
	}
	if (input.other && (inside(realTo, await realOrNearest(input.other)) || inside(await realOrNearest(input.other), realTo))) {
		refusals.push(
			`${to} would nest ${key} and the other Go cache (${input.other}) in each other; go clean of one would delete the other. Pick a separate directory.`,
		);
	}

	const targetStat = await stat(to).catch(() => undefined);
	let adopts = false;
	if (targetStat && !targetStat.isDirectory()) {
		refusals.push(`${to} exists and is not a directory. Pick a directory that does not exist yet, or an empty one.`);
	} else if (targetStat) {
		const names = await readdir(to).catch(() => undefined);
		if (names === undefined) refusals.push(`${to} cannot be read. Check its permissions or pick another directory.`);
		else if (names.length > 0) {
			adopts = await looksLikeCache(kind, to);
			if (!adopts)
				refusals.push(
					`${to} is not empty and is not a Go ${kind === 'gocache' ? 'build' : 'module'} cache: gotune never mixes a cache into other files. Pick a new or empty directory.`,
				);
		}
	}

	// Where the new directory is created must be writable, and the source's parent too when the source is removed.
	const writableAt = targetStat ? to : await nearestExisting(to);
	const fs = await filesystemOf(to);
	if (fs?.readOnly) refusals.push(`${to} is on a read-only filesystem (${fs.mountPoint}). Pick a directory on a writable disk.`);
	else if (
		!(await access(writableAt, constants.W_OK | constants.X_OK).then(
			() => true,
			() => false,
		))
	) {
		refusals.push(
			`${writableAt} is not writable by this user, so ${to} cannot be created there. Pick a directory you own, or create ${to} and give yourself write access.`,
		);
	}
	if (sourceExists && !keepSource && !adopts) {
		const parent = path.dirname(from);
		if (
			!(await access(parent, constants.W_OK | constants.X_OK).then(
				() => true,
				() => false,
			))
		) {
			refusals.push(
				`${parent} is not writable by this user, so the old ${key} cannot be removed after the move. Pass --keep-source to leave it, or fix the permissions.`,
			);
		}
	}

	const method: TargetCheck['method'] =
		adopts || !sourceExists ? 'switch' : (await deviceOf(from)) === (await deviceOf(to)) ? 'rename' : 'copy';
	const needBytes = method === 'copy' ? spaceNeeded(allocatedBytes) : 0;
	if (method === 'copy' && fs && fs.freeBytes < needBytes) {
		refusals.push(
			`not enough free space on ${fs.mountPoint}: the copy needs about ${formatBytesShort(needBytes)} (the cache plus a margin), ${formatBytesShort(fs.freeBytes)} is free. Free some space or pick another disk.`,
		);
	}
	return result(method, {adopts, freeBytes: fs?.freeBytes ?? null, needBytes});
}

/** Shell start-up files where an `export KEY=` line usually lives. */
const STARTUP_FILES = ['.profile', '.bash_profile', '.bash_login', '.bashrc', '.zshenv', '.zprofile', '.zshrc', '.config/fish/config.fish'];

async function overrideRefusal(key: string, value: string, to: string, env: Env): Promise<string> {
	const home = nonEmpty(env, 'HOME');
	const found: string[] = [];
	for (const file of [...(home ? STARTUP_FILES.map(name => path.join(home, name)) : []), '/etc/environment', '/etc/profile']) {
		const text = await readFile(file, 'utf8').catch(() => undefined);
		if (text === undefined) continue;
		for (const [index, line] of text.split('\n').entries()) {
			if (new RegExp(`(^|[\\s;])(export\\s+|set\\s+-[gx]+\\s+)?${key}(=|\\s)`).test(line) && !/^\s*#/.test(line))
				found.push(`${file}:${index + 1}: ${line.trim()}`);
		}
	}
	const replacement = `export ${key}=${to}`;
	const where =
		found.length > 0
			? `It is set here:\n    ${found.join('\n    ')}\n  Change that line to:\n    ${replacement}`
			: `Find the line that exports it (shell start-up file, systemd or IDE settings) and change it to:\n    ${replacement}`;
	return `the OS environment sets ${key}=${value}, which overrides go env -w, so moving the cache would not take effect. ${where}\n  (or remove it, open a new shell and run this again: gotune then records the setting in the GOENV file, where rollback can undo it).`;
}
