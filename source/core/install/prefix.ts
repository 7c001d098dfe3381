import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import {InstallRefusal} from './errors.js';

/**
 * Where go is installed: --prefix DIR (go ends at DIR/bin/go); else /usr/local/go for root when /usr/local is
 * writable (where the official instructions put it); else ~/.local/go, which needs no privileges.
 */
export async function choosePrefix(given: string | undefined, env: Env, cwd: string, isRoot = process.getuid?.() === 0): Promise<string> {
	if (given !== undefined) {
		if (given.trim() === '') throw new InstallRefusal('--prefix is empty: give the directory go should end up in (go is then DIR/bin/go)');
		const resolved = path.resolve(cwd, given);
		if (resolved === path.parse(resolved).root)
			throw new InstallRefusal(`--prefix ${given} is the file system root: give a directory of its own, such as ~/.local/go`);
		return resolved;
	}
	if (
		isRoot &&
		(await access('/usr/local', constants.W_OK).then(
			() => true,
			() => false,
		))
	)
		return '/usr/local/go';
	const home = nonEmpty(env, 'HOME');
	if (home === undefined) throw new InstallRefusal('HOME is not set, so there is no default install place: pass --prefix DIR');
	return path.join(home, '.local', 'go');
}
