import {realpath} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {nonEmpty, type Env} from '../env.js';
import {definedOnly} from '../go-adapter.js';
import {toolsDirectory} from '../install/install.js';
import {currentShellCommand, hasBlock, pathBlockLines, STARTUP_MARKER, startupTarget, type StartupTarget} from '../install/startup-file.js';
import {openJournal, type ChangeSet, type Journal} from '../journal/index.js';
import type {Runtime} from '../runtime.js';
import {discoverToolchains, isOnPath, type FoundGo} from '../toolchain.js';
import {compareGoVersions, parseGoVersionOutput} from '../version.js';
import {gorootWarnings} from './goroot-check.js';
import {resolveUseTarget, usableToolchains, versionName, type UsableGo, type UseTarget} from './choices.js';

export type UsePlan = {
	go: UsableGo;
	/** The directory the block puts first on PATH, and the go a new shell runs from it. */
	binDir: string;
	goBin: string;
	/** The login shell's start-up file and the block's lines (the same block install-go writes: marker install-go). */
	startup: StartupTarget & {lines: string[]};
	/** The file already holds exactly this block: nothing to write. */
	already: boolean;
	/** The go a shell runs today. */
	currentWinner?: FoundGo;
	/** Installed go commands newer than the chosen one (offered before any download). */
	newerInstalled: UsableGo[];
	useNow: string;
	warnings: string[];
};

export type UseProof = {
	/** The shell and arguments run (the script is gotune's own constant; nothing from the user goes in it). */
	command: string[];
	/** Where that shell finds go, and what it printed for `go version`. */
	goPath?: string;
	goVersion?: string;
	ok: boolean;
	/** Why the proof failed or could not run. */
	problem?: string;
};

export type UseResult = {changeSet?: ChangeSet; proof: UseProof};

export class UseRefusal extends Error {
	constructor(readonly target: Extract<UseTarget, {ok: false}>) {
		super(target.message);
	}
}

/** Resolves WHAT among the discovered toolchains and works out the PATH block. Changes nothing. */
export async function planUse(runtime: Pick<Runtime, 'env' | 'cwd' | 'gotuneHome'>, what: string): Promise<UsePlan> {
	const {env, cwd} = runtime;
	const discovery = await discoverToolchains(env, {gotuneHome: runtime.gotuneHome});
	const resolved = await resolveUseTarget(what, env, cwd, discovery);
	if (!resolved.ok) throw new UseRefusal(resolved);
	const {go} = resolved;
	const target = await startupTarget(env);
	if (target === undefined)
		throw new UseRefusal({
			ok: false,
			kind: 'bad-input',
			message: 'HOME is not set: there is no start-up file to put the PATH block in',
			installed: [],
			newerInstalled: [],
		});
	// Debian's /usr/bin/go is a link into /usr/lib/go-1.19/bin: putting /usr/bin first would shadow every other
	// program there, so the block names the GOROOT's own bin directory.
	const binDir = path.dirname(/\/bin\/go$/.test(go.realPath) ? go.realPath : go.path);
	const toolsDir = await toolsDirectory(env, cwd, discovery.winner?.path);
	const addTools = toolsDir !== undefined && !isOnPath(toolsDir, env) ? toolsDir : undefined;
	const lines = pathBlockLines(target.shell, binDir, addTools);
	const warnings: string[] = [];
	if (go.origin === 'toolchain-cache')
		warnings.push(`${binDir} is in the module cache: go clean -modcache removes it (and this go with it)`);
	warnings.push(...(await gorootWarnings(env, path.dirname(binDir), target.file)));
	const winner = discovery.winner;
	return {
		go,
		binDir,
		goBin: path.join(binDir, 'go'),
		startup: {...target, lines},
		already: await hasBlock(target.file, lines),
		...(winner && winner.realPath !== go.realPath ? {currentWinner: winner} : {}),
		newerInstalled: usableToolchains(discovery).filter(g => g.realPath !== go.realPath && compareGoVersions(g.version, go.version) > 0),
		useNow: currentShellCommand(target.shell, binDir),
		warnings,
	};
}

/**
 * Writes the PATH block through the journal (one change set; rollback puts the previous block back), then proves it:
 * the login shell, started as a new terminal starts it, must find the chosen go first. If it does not, the change set
 * is rolled back and the proof says what the shell found instead.
 */
export async function runUse(runtime: Runtime, plan: UsePlan, origin = 'use', journal: Journal = openJournal(runtime)): Promise<UseResult> {
	const changeSet = plan.already
		? undefined
		: await journal.applySteps(
				[{kind: 'startup-block', path: plan.startup.file, marker: STARTUP_MARKER, lines: plan.startup.lines}],
				origin,
			);
	const proof = await proveInShell(runtime.env, plan.startup, plan.go);
	if (!proof.ok && changeSet !== undefined) await journal.rollback({kind: 'change-sets', ids: [changeSet.id]});
	return {...(changeSet ? {changeSet} : {}), proof};
}

/** The script the shell runs: a marker line (start-up files may print), where go is, and its version. */
const PROOF_SCRIPT = 'echo gotune-proof; command -v go; go version';

/**
 * Starts the user's shell the way it reads the chosen file: bash -i for ~/.bashrc, bash -l for a login file, zsh -i,
 * fish -c, sh -l (~/.profile). GOTOOLCHAIN=local: the proof is about which go PATH finds, not a go.mod's switch.
 */
export async function proveInShell(env: Env, startup: StartupTarget, go: UsableGo): Promise<UseProof> {
	const shell = startup.shellPath || '/bin/sh';
	const interactive = startup.shell === 'zsh' || (startup.shell === 'bash' && path.basename(startup.file) === '.bashrc');
	const args = startup.shell === 'fish' ? ['-c', PROOF_SCRIPT] : [interactive ? '-i' : '-l', '-c', PROOF_SCRIPT];
	const command = [shell, ...args];
	const run = await execa(shell, args, {
		env: {...definedOnly(env), GOTOOLCHAIN: 'local', GOFLAGS: ''},
		extendEnv: false,
		cwd: nonEmpty(env, 'HOME') ?? '/',
		stdin: 'ignore',
		// A session of its own, without the terminal: an interactive shell would otherwise take the terminal's
		// foreground for job control, and the wizard (or gotune's prompt) would then read EIO from it.
		detached: true,
		reject: false,
		timeout: 20_000,
	});
	const out = String(run.stdout ?? '').split('\n');
	const [goPath, versionLine] = out.slice(out.indexOf('gotune-proof') + 1);
	if (run.failed && goPath === undefined)
		return {command, ok: false, problem: `${shell} could not run (${run.shortMessage ?? `exit ${run.exitCode}`})`};
	const version = versionLine === undefined ? undefined : parseGoVersionOutput(versionLine);
	const want = versionName(go.version);
	if (!goPath) return {command, ok: false, problem: `a new ${path.basename(shell)} finds no go on PATH`};
	const found = await realpath(goPath).catch(() => goPath);
	const ok = version !== undefined && versionName(version) === want && found === go.realPath;
	return {
		command,
		goPath,
		...(versionLine ? {goVersion: versionLine.trim()} : {}),
		ok,
		...(ok
			? {}
			: {
					problem: `a new ${path.basename(shell)} runs ${goPath} (${versionLine?.trim() ?? 'no version'}), not ${go.realPath} (${want}): something in its start-up files puts another go first, after gotune's block`,
				}),
	};
}
