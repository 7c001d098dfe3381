import {realpath} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import type {ModuleDetection} from './detect.js';

/** Why gotune will not create go.mod in a directory at all (exit 2: choose another directory). */
export type InitRefusal = {kind: 'home' | 'temp-root' | 'exists'; message: string; fix: string};

/** The directory sits inside another module: allowed only after this explanation was shown and confirmed. */
export type Nesting = {parentModule: string; parentGoMod: string; explanation: string};

export async function refusalFor(dir: string, env: Env, detection: ModuleDetection): Promise<InitRefusal | undefined> {
	const real = await realpath(dir).catch(() => path.resolve(dir));
	const home = nonEmpty(env, 'HOME');
	if (home !== undefined && real === (await realpath(home).catch(() => path.resolve(home)))) {
		return {
			kind: 'home',
			message: `${dir} is your home directory. A go.mod here makes everything below it one module: every directory without its own go.mod (~/go, ~/Downloads, other checkouts) would count as its packages, and go commands anywhere in your home would load it.`,
			fix: 'Make a directory for the project and initialise it there: mkdir -p ~/src/NAME && gotune init --dir ~/src/NAME',
		};
	}
	const tmp = nonEmpty(env, 'TMPDIR') ?? os.tmpdir();
	if (real === (await realpath(tmp).catch(() => path.resolve(tmp)))) {
		return {
			kind: 'temp-root',
			message: `${dir} is the system temporary directory: go ignores a go.mod there ("go: warning: ignoring go.mod in system temp root").`,
			fix: 'Use a subdirectory: mkdir "$(mktemp -d)" and run gotune init --dir there',
		};
	}
	if (detection.goMod && path.resolve(detection.goMod.dir) === path.resolve(dir)) {
		return {
			kind: 'exists',
			message: `${detection.goMod.file} already exists (module ${detection.goMod.modulePath ?? '?'}).`,
			fix: 'Nothing to create. To change the module path: go mod edit -module NEW_PATH',
		};
	}
	return undefined;
}

export function nestingFor(dir: string, detection: ModuleDetection): Nesting | undefined {
	const parent = detection.goMod;
	if (parent === undefined || path.resolve(parent.dir) === path.resolve(dir)) return undefined;
	const rel = path.relative(parent.dir, dir);
	const name = parent.modulePath ?? '(unnamed module)';
	return {
		parentModule: name,
		parentGoMod: parent.file,
		explanation: [
			`${dir} is inside module ${name} (${parent.file}).`,
			`A go.mod here makes ${rel} a separate, nested module: its packages stop being part of ${name},`,
			`so ${name}'s "go build ./..." and "go test ./..." skip them, and ${name} can use them only by requiring the new module`,
			`(a replace directive or a go.work while it is unpublished). Both are versioned separately: the nested module's tags are ${rel}/vX.Y.Z.`,
			`If ${rel} is just a package of ${name}, do not create a go.mod here.`,
		].join(' '),
	};
}
