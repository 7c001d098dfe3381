import {readFile, realpath} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import {readGoEnvFile} from '../goenv-file.js';
import {goEnvFileLocation} from '../paths.js';

/**
 * A GOROOT the user set ties every go to one tree: after a switch, the chosen go builds with another Go's standard
 * library and tools ("version does not match go tool version"), while `go version` still looks right. go reads it
 * from the OS environment first, then from the GOENV file (go env -w GOROOT up to go 1.26, go-facts 1.5). Each
 * warning ends with the exact fix. ROOT is the chosen go's own root (the parent of its bin directory).
 */
export async function gorootWarnings(env: Env, root: string, startupFile: string | undefined): Promise<string[]> {
	const own = await real(root);
	const warnings: string[] = [];
	const fromEnv = nonEmpty(env, 'GOROOT');
	if (fromEnv !== undefined && (await real(fromEnv)) !== own) {
		const [line] = startupFile === undefined ? [] : await gorootLines(startupFile, SHELL_SETS_GOROOT);
		const where = line
			? `delete line ${line.number} of ${startupFile} (${line.text})`
			: 'delete the line of your start-up files that sets it';
		warnings.push(
			`GOROOT=${fromEnv} is set in the environment: the switched go would build with that tree's standard library and tools. Fix: unset GOROOT, and ${where}`,
		);
	}
	const location = goEnvFileLocation(env);
	if (location.kind !== 'file') return warnings;
	const file = await readGoEnvFile(location.path).catch(() => undefined);
	const fromFile = file?.values.get('GOROOT');
	if (fromFile !== undefined && fromFile !== '' && (await real(fromFile)) !== own) {
		// Not `go env -u GOROOT`: go 1.27 refuses it ("GOROOT cannot be modified"), and any go refuses every command
		// once the GOROOT named there is gone (go-facts 1.5). Deleting the line works for every go.
		const numbers = (await gorootLines(location.path, /^GOROOT=/)).map(line => line.number);
		const which = numbers.length === 1 ? `line ${numbers[0]}` : `lines ${numbers.join(', ')}`;
		warnings.push(
			`${location.path} sets GOROOT=${fromFile}: every go reads it, so the switched go would build with that tree. Fix: delete ${which} of ${location.path}`,
		);
	}
	return warnings;
}

/** export GOROOT=..., GOROOT=..., set -gx GOROOT ... (fish), setenv GOROOT ... (csh). */
const SHELL_SETS_GOROOT = /^(export\s+|set\s+-\w*x\w*\s+|setenv\s+)?GOROOT[=\s]/;

async function real(dir: string): Promise<string> {
	return realpath(dir).catch(() => path.resolve(dir));
}

/** The lines of FILE that set GOROOT (a GOENV file's GOROOT=..., a start-up file's export GOROOT=...), to name in the fix. */
async function gorootLines(file: string, pattern: RegExp): Promise<Array<{number: number; text: string}>> {
	const text = await readFile(file, 'latin1').catch(() => '');
	return text
		.split('\n')
		.map((line, index) => ({number: index + 1, text: line.trim()}))
		.filter(line => pattern.test(line.text));
}
