import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../env.js';
import {binaryRootOf} from '../environment.js';
import {GoAdapter, goError} from '../go-adapter.js';
import {maskSecrets} from '../mask.js';
import {isExecutableFile} from '../which.js';
import type {GoEnvChange} from './contract.js';
import {JournalRefusal} from './errors.js';

type Problem = {key?: string; message: string; hint?: string};

/** Keys go env -w refuses (go-facts §1.4), with Go's reason, so they are refused before Go is even asked. */
export const REFUSED_KEYS: Record<string, string> = {
	GOENV: 'GOENV can only be set in the OS environment: it says where the settings file is',
	GODEBUG: 'GODEBUG can only be set in the OS environment',
	GOEXE: 'GOEXE is computed by go and cannot be modified',
	GOGCCFLAGS: 'GOGCCFLAGS is computed by go and cannot be modified',
	GOHOSTARCH: 'GOHOSTARCH is computed by go and cannot be modified',
	GOHOSTOS: 'GOHOSTOS is computed by go and cannot be modified',
	GOMOD: 'GOMOD is computed by go and cannot be modified',
	GOWORK: 'GOWORK cannot be set in the settings file (use the OS environment or go.work)',
	GOTOOLDIR: 'GOTOOLDIR is computed by go and cannot be modified',
	GOVERSION: 'GOVERSION is computed by go and cannot be modified',
};

const KEY_SYNTAX = /^[A-Z][A-Z0-9_]*$/;

/** A key gotune can never write or remove: not a Go variable name, or one go env -w refuses. */
export function keyProblem(key: string): Problem | undefined {
	if (!KEY_SYNTAX.test(key)) return {key, message: 'is not a Go environment variable name (upper-case letters, digits and _ , starting with a letter)'};
	if (key in REFUSED_KEYS) return {key, message: `${REFUSED_KEYS[key]}; it cannot go in the GOENV file`};
	return undefined;
}

/** Checks that need no go: syntax, refused keys, empty values, line breaks, duplicates, GOROOT without bin/go. */
export async function staticProblems(changes: GoEnvChange[]): Promise<Problem[]> {
	const problems: Problem[] = [];
	const seen = new Set<string>();
	for (const {key, value} of changes) {
		const keyIssue = keyProblem(key);
		if (keyIssue) {
			problems.push(keyIssue);
			continue;
		}
		if (seen.has(key)) problems.push({key, message: 'is given more than once; give each key once'});
		seen.add(key);
		if (value === '') {
			problems.push({
				key,
				message: 'an empty value is refused: an empty KEY= entry does not mean "default" (in Go >= 1.21 it hides $GOROOT/go.env and breaks downloads)',
				hint: `To return to the default, remove the key: \`gotune rollback\` undoes a change gotune made, \`go env -u ${key}\` removes any other.`,
			});
			continue;
		}
		if (/[\n\r\v\0]/.test(value)) {
			problems.push({key, message: 'values cannot contain line breaks or NUL bytes: the GOENV file holds one KEY=VALUE per line', hint: 'Put the value on one line.'});
			continue;
		}
		if (key === 'GOROOT') {
			const goBin = path.join(value, 'bin', 'go');
			if (!path.isAbsolute(value) || !(await isExecutableFile(goBin))) {
				problems.push({
					key,
					message: `${maskSecrets(value)} has no bin/go; with it every go command would fail ("cannot find GOROOT directory")`,
					hint: 'Give the directory of an installed Go (the one holding bin/go), or leave GOROOT unset: go finds its own root.',
				});
			}
		}
	}
	return problems;
}

/**
 * Asks Go itself, so users see Go's own error texts: `go env -w` against a copy of the current file, then `go version`
 * with the exact candidate file gotune would write (catches GOFLAGS=-notaflag, which go env -w accepts, go-facts §1.7).
 */
export async function goProblems(options: {goBin: string; env: Env; workDir: string; current: string | null; candidate: string; changes: GoEnvChange[]; removed?: string[]}): Promise<Problem[]> {
	const {goBin, env, workDir, current, candidate, changes, removed = []} = options;
	const dir = await mkdtemp(path.join(workDir, 'validate-'));
	try {
		const copy = path.join(dir, 'current-env');
		if (current !== null) await writeFile(copy, current, {mode: 0o600});
		const go = new GoAdapter(goBin, {...env, GOENV: copy}, dir);
		const args = ['env', '-w', ...changes.map(({key, value}) => `${key}=${value}`)];
		if (changes.length > 0) {
			let written = await go.run(args, {timeoutMs: 30_000});
			if (written.exitCode !== 0 && /cannot find GOROOT directory/.test(written.stderr)) {
				// The current settings already lock go out (bad GOROOT): ask with go's own root so the new values still get checked.
				written = await go.run(args, {env: {GOROOT: await binaryRootOf(goBin)}, timeoutMs: 30_000});
			}
			if (written.exitCode !== 0) {
				return [{message: `go env -w refuses this: ${maskSecrets(goError(written))}`, hint: 'Fix the value Go names above.'}];
			}
		}
		const candidateFile = path.join(dir, 'candidate-env');
		await writeFile(candidateFile, candidate, {mode: 0o600});
		// The changed keys are taken out of the OS environment so the file's values are what go reads and checks.
		const unset = Object.fromEntries([...changes.map(({key}) => key), ...removed].map(key => [key, undefined]));
		const version = await go.withEnv({GOENV: candidateFile, ...unset}).run(['version'], {timeoutMs: 30_000});
		if (version.exitCode !== 0) {
			return [{
				message: `with this change every go command would fail; go version says: ${maskSecrets(goError(version))}`,
				hint: 'Nothing was written. Correct the value (for GOFLAGS, only flags every go command accepts).',
			}];
		}
		return [];
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

export function refuseIf(problems: Problem[]): void {
	if (problems.length > 0) throw new JournalRefusal(problems);
}
