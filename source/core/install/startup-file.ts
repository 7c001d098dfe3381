import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';

export type ShellKind = 'bash' | 'zsh' | 'fish' | 'sh';

export type StartupTarget = {
	shell: ShellKind;
	/** The login shell as SHELL names it ('' when unset). */
	shellPath: string;
	file: string;
	/** Why this file: which shells read it. */
	reason: string;
};

/** The journal's marker for the PATH block install-go writes. */
export const STARTUP_MARKER = 'install-go';

export function shellKind(shellPath: string): ShellKind {
	const name = path.basename(shellPath);
	if (name === 'bash') return 'bash';
	if (name === 'zsh') return 'zsh';
	if (name === 'fish') return 'fish';
	return 'sh';
}

async function readText(file: string): Promise<string | undefined> {
	return readFile(file, 'utf8').catch(() => undefined);
}

/**
 * The start-up file the user's login shell (SHELL) reads. bash: ~/.bashrc when the login file bash reads first
 * (~/.bash_profile, ~/.bash_login, ~/.profile) sources it or none exists (Debian's ~/.profile does), else that
 * login file; zsh: $ZDOTDIR/.zshrc; fish: conf.d/gotune.fish (a file of its own); anything else: ~/.profile.
 */
export async function startupTarget(env: Env): Promise<StartupTarget | undefined> {
	const home = nonEmpty(env, 'HOME');
	if (home === undefined) return undefined;
	const shellPath = nonEmpty(env, 'SHELL') ?? '';
	const shell = shellKind(shellPath);
	switch (shell) {
		case 'bash': {
			const bashrc = path.join(home, '.bashrc');
			for (const name of ['.bash_profile', '.bash_login', '.profile']) {
				const text = await readText(path.join(home, name));
				if (text === undefined) continue;
				if (/\.bashrc\b/.test(text))
					return {
						shell,
						shellPath,
						file: bashrc,
						reason: `bash reads ~/.bashrc in every interactive shell, and ~/${name} sources it in login shells`,
					};
				return {
					shell,
					shellPath,
					file: path.join(home, name),
					reason: `bash login shells read ~/${name}, which does not source ~/.bashrc; new terminals inherit PATH from the login session`,
				};
			}
			return {
				shell,
				shellPath,
				file: bashrc,
				reason: 'bash reads ~/.bashrc in every interactive shell; there is no ~/.bash_profile or ~/.profile',
			};
		}
		case 'zsh': {
			const dir = nonEmpty(env, 'ZDOTDIR') ?? home;
			return {shell, shellPath, file: path.join(dir, '.zshrc'), reason: 'zsh reads .zshrc in every interactive shell'};
		}
		case 'fish': {
			const config = nonEmpty(env, 'XDG_CONFIG_HOME') ?? path.join(home, '.config');
			return {
				shell,
				shellPath,
				file: path.join(config, 'fish', 'conf.d', 'gotune.fish'),
				reason: 'fish runs every file in conf.d at start-up',
			};
		}
		default:
			return {
				shell,
				shellPath,
				file: path.join(home, '.profile'),
				reason: `login shells${shellPath ? ` (${path.basename(shellPath)})` : ''} read ~/.profile`,
			};
	}
}

/** Single-quoted for sh, bash and zsh: nothing inside is expanded. */
export function shQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Single-quoted for fish, where only \\ and \' are escapes inside single quotes. */
export function fishQuote(text: string): string {
	return `'${text.replace(/[\\']/g, match => `\\${match}`)}'`;
}

/**
 * The lines of the marked block: the new go's bin first (so it wins over any other go), GOBIN or GOPATH/bin last
 * (programs from go install, without shadowing system commands).
 */
export function pathBlockLines(shell: ShellKind, goBinDir: string, toolsDir: string | undefined): string[] {
	if (shell === 'fish') {
		return [`set -gx PATH ${fishQuote(goBinDir)} $PATH`, ...(toolsDir ? [`set -gx PATH $PATH ${fishQuote(toolsDir)}`] : [])];
	}
	return [`export PATH=${shQuote(goBinDir)}:"$PATH"`, ...(toolsDir ? [`export PATH="$PATH":${shQuote(toolsDir)}`] : [])];
}

/** The one command that makes the current shell use the new go (the block only applies to new shells). */
export function currentShellCommand(shell: ShellKind, goBinDir: string): string {
	return shell === 'fish' ? `set -gx PATH ${fishQuote(goBinDir)} $PATH` : `export PATH=${shQuote(goBinDir)}:"$PATH"`;
}

/** True when FILE already holds this exact marked block (a reinstall at the same prefix adds nothing). */
export async function hasBlock(file: string, lines: string[]): Promise<boolean> {
	const text = await readText(file);
	if (text === undefined) return false;
	const block = [`# >>> gotune ${STARTUP_MARKER} >>>`, ...lines, `# <<< gotune ${STARTUP_MARKER} <<<`].join('\n');
	return text.includes(block);
}
