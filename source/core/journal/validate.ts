import {mkdtemp, readdir, realpath, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../env.js';
import {binaryRootOf} from '../environment.js';
import {GoAdapter, goError, type GoRun} from '../go-adapter.js';
import {maskSecrets} from '../mask.js';
import {goValueProblem} from '../proxy/value-problems.js';
import {isExecutableFile} from '../which.js';
import type {GoEnvChange} from './contract.js';
import {isAlive} from './durable-fs.js';
import {JournalFailure, JournalRefusal} from './errors.js';

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
/** Linux's MAX_ARG_STRLEN (32 pages) minus the terminating NUL: the longest single argument exec accepts. */
const MAX_ARGUMENT_BYTES = 131_071;
/** How long one validation run of go may take before gotune says go itself failed. */
export const VALIDATE_TIMEOUT_MS = 20_000;

/** A key gotune can never write or remove: not a Go variable name, or one go env -w refuses. */
export function keyProblem(key: string): Problem | undefined {
	if (!KEY_SYNTAX.test(key))
		return {key, message: 'is not a Go environment variable name (upper-case letters, digits and _ , starting with a letter)'};
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
		const bytes = Buffer.byteLength(`${key}=${value}`);
		if (bytes > MAX_ARGUMENT_BYTES) {
			// Never echoed: a value this long is a paste gone wrong, and it would bury the message.
			problems.push({
				key,
				message: `value too long (${Buffer.byteLength(value)} bytes): go env -w takes each KEY=VALUE as one command-line argument, at most ${MAX_ARGUMENT_BYTES} bytes`,
				hint: 'Check what was pasted into the value.',
			});
			continue;
		}
		if (seen.has(key)) problems.push({key, message: 'is given more than once; give each key once'});
		seen.add(key);
		if (value === '') {
			problems.push({
				key,
				message:
					'an empty value is refused: an empty KEY= entry does not mean "default" (in Go >= 1.21 it hides $GOROOT/go.env and breaks downloads)',
				hint: `To return to the default, remove the key: \`gotune rollback\` undoes a change gotune made, \`go env -u ${key}\` removes any other.`,
			});
			continue;
		}
		if (/[\n\r\v\0]/.test(value)) {
			problems.push({
				key,
				message: 'values cannot contain line breaks or NUL bytes: the GOENV file holds one KEY=VALUE per line',
				hint: 'Put the value on one line.',
			});
			continue;
		}
		// GOPROXY and GOSUMDB values go refuses only when it uses them (go env -w accepts them).
		const goValue = goValueProblem(key, value);
		if (goValue) {
			problems.push({key, ...goValue});
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
 * Validation never switches toolchains (GOTOOLCHAIN=local in the OS environment overrides the file, even when the
 * change sets GOTOOLCHAIN) and so never reaches the network. A go that hangs, crashes or cannot start is not a refusal
 * of the value: that throws JournalFailure ("go itself failed", exit 1).
 */
export async function goProblems(options: {
	goBin: string;
	env: Env;
	workDir: string;
	file: string;
	current: string | null;
	candidate: string;
	changes: GoEnvChange[];
	removed?: string[];
	timeoutMs?: number;
}): Promise<Problem[]> {
	const {goBin, env, workDir, file, current, candidate, changes, removed = [], timeoutMs = VALIDATE_TIMEOUT_MS} = options;
	await removeStaleValidateDirs(workDir);
	const dir = await mkdtemp(path.join(workDir, `validate-${process.pid}-`));
	try {
		const copy = path.join(dir, 'current-env');
		// Binary strings (one character per byte): the copies hold the user's bytes exactly.
		if (current !== null) await writeFile(copy, current, {mode: 0o600, encoding: 'latin1'});
		const go = new GoAdapter(goBin, {...env, GOENV: copy, GOTOOLCHAIN: 'local'}, dir);
		const run = async (adapter: GoAdapter, args: string[], extra: Env = {}) =>
			goItselfWorked(await adapter.run(args, {env: extra, timeoutMs}), timeoutMs);
		const args = ['env', '-w', ...changes.map(({key, value}) => `${key}=${value}`)];
		if (changes.length > 0) {
			let written = await run(go, args);
			if (written.exitCode !== 0 && /cannot find GOROOT directory/.test(written.stderr)) {
				// The current settings already lock go out (bad GOROOT): ask with go's own root so the new values still get checked.
				written = await run(go, args, {GOROOT: await binaryRootOf(goBin)});
			}
			if (written.exitCode !== 0) {
				return [{message: `go env -w refuses this: ${maskSecrets(goError(written))}`, hint: 'Fix the value Go names above.'}];
			}
		}
		const candidateFile = path.join(dir, 'candidate-env');
		await writeFile(candidateFile, candidate, {mode: 0o600, encoding: 'latin1'});
		// The changed keys are taken out of the OS environment so the file's values are what go reads and checks
		// (GOTOOLCHAIN stays local: a check must not download a toolchain).
		const unset = Object.fromEntries(
			[...changes.map(({key}) => key), ...removed].filter(key => key !== 'GOTOOLCHAIN').map(key => [key, undefined]),
		);
		const version = await run(go.withEnv({GOENV: candidateFile, ...unset}), ['version']);
		if (version.exitCode !== 0) {
			// Blame the change only if the file works without it: a file that already locks go out is its own problem.
			// (go env -w above changed COPY: the file as it is now is written afresh.)
			const beforeFile = path.join(dir, 'before-env');
			await writeFile(beforeFile, current ?? '', {mode: 0o600, encoding: 'latin1'});
			const before = await run(go.withEnv({GOENV: beforeFile, ...unset}), ['version']);
			if (before.exitCode !== 0) return [lockedOut(file, before, goBin)];
			return [
				{
					message: `with this change every go command would fail; go version says: ${maskSecrets(goError(version))}`,
					hint: 'Correct the value (for GOFLAGS, only flags every go command accepts).',
				},
			];
		}
		return [];
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

/** A go that did not answer, crashed or could not start: not a verdict on the value. */
function goItselfWorked(run: GoRun, timeoutMs: number): GoRun {
	const crashed =
		(run.signal !== undefined && !run.timedOut) ||
		run.exitCode >= 128 ||
		/^(panic: |fatal error: |SIGSEGV|unexpected fault address)/m.test(run.stderr);
	if (!run.timedOut && !run.notFound && !crashed) return run;
	const what = run.notFound
		? 'could not be started'
		: run.timedOut
			? `did not answer within ${Math.round(timeoutMs / 1000)} s`
			: `crashed (${run.signal ?? `exit ${run.exitCode}`}${run.stderr.trim() ? `: ${run.stderr.trim().split('\n')[0]}` : ''})`;
	throw new JournalFailure(
		`go itself failed: \`${run.command.map(a => (a.length > 40 ? `${a.slice(0, 37)}...` : a)).join(' ')}\` ${what}, so gotune could not check the values; nothing was written. Check that \`go version\` works.`,
	);
}

function lockedOut(file: string, run: GoRun, goBin: string): Problem {
	const error = maskSecrets(goError(run));
	const repair = /cannot find GOROOT directory/.test(run.stderr)
		? `GOROOT=$(dirname $(dirname $(readlink -f ${goBin}))) GOENV=${file} ${goBin} env -u GOROOT`
		: /GOFLAGS/.test(run.stderr)
			? `GOENV=${file} ${goBin} env -u GOFLAGS`
			: `fix or remove the line go names above in ${file}`;
	return {
		message: `${file} already locks go out, before this change: go version says: ${error}`,
		hint: `Repair it first:\n    ${repair}\n  then run gotune again.`,
	};
}

/**
 * Validation directories of gotune processes that were killed (journal/tmp/validate-PID-*): removed at the next
 * validation. Directories of live processes are left alone; older unnamed ones (validate-XXXXXX) after 10 minutes.
 */
export async function removeStaleValidateDirs(workDir: string): Promise<void> {
	for (const name of await readdir(workDir).catch(() => [] as string[])) {
		const pid = /^validate-(\d+)-/.exec(name)?.[1];
		const full = path.join(workDir, name);
		if (pid !== undefined) {
			if (Number(pid) === process.pid || isAlive(Number(pid))) continue;
		} else {
			if (!/^validate-[A-Za-z0-9]{6}$/.test(name)) continue;
			const info = await stat(full).catch(() => undefined);
			if (info === undefined || Date.now() - info.mtimeMs < 10 * 60_000) continue;
		}
		await rm(full, {recursive: true, force: true}).catch(() => undefined);
	}
}

/**
 * GOROOT must be the root of the go on PATH: anything else is what doctor calls an error (goroot.consistent), and
 * with a root of another Go version every build fails with "version does not match go tool version".
 */
export async function gorootProblem(goBin: string, changes: GoEnvChange[]): Promise<Problem | undefined> {
	const goroot = changes.find(change => change.key === 'GOROOT')?.value;
	if (goroot === undefined) return undefined;
	const [wanted, own] = await Promise.all([realpath(goroot).catch(() => path.resolve(goroot)), binaryRootOf(goBin)]);
	if (wanted === own) return undefined;
	return {
		key: 'GOROOT',
		message: `${maskSecrets(goroot)} is not the root of the go on PATH (${goBin}, root ${own}): go would use another Go's tools and standard library, and builds fail ("version does not match go tool version")`,
		hint: `Leave GOROOT unset (go finds its own root), or put ${path.join(goroot, 'bin')} first on PATH.`,
	};
}

export function refuseIf(problems: Problem[]): void {
	if (problems.length > 0) throw new JournalRefusal(problems);
}
