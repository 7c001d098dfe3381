import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {acceptsOnLoopback, freePort} from './ports.js';

export const SSHD = '/usr/sbin/sshd';

export type SshGitHost = {
	/** The host name git and go use (ssh maps it to 127.0.0.1:PORT through CONFIG). */
	host: string;
	port: number;
	/** An ssh_config for the client: HOST → 127.0.0.1:PORT, the host key known, batch mode, only the key given. */
	config: string;
	/** Set GIT_SSH_COMMAND to this (ssh reads ~/.ssh from the passwd entry, never $HOME: the test must not use the real one). */
	sshCommand: string;
	/** The local account sshd accepts keys for (the one running the test). */
	user: string;
	close: () => Promise<void>;
};

/**
 * A throwaway sshd on 127.0.0.1:PORT serving the bare repositories under ROOT to git over SSH, as a forge does: its own
 * host key and config, keys accepted only from AUTHORIZED_KEY (none: every key refused), and a forced command that runs
 * only git-upload-pack on a path under ROOT. Stopped by close(). IDENTITY is the key file the client's config offers
 * (it may not exist: the person without a key).
 */
export async function startSshGitHost(options: {
	host: string;
	root: string;
	identity: string;
	authorizedKey?: string;
}): Promise<SshGitHost> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-sshd-'));
	const hostKey = path.join(dir, 'host_ed25519');
	await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey], {timeout: 10_000});
	const authorized = path.join(dir, 'authorized_keys');
	await writeFile(authorized, options.authorizedKey ?? '', {mode: 0o600});
	const forced = path.join(dir, 'git-only.sh');
	await writeFile(
		forced,
		[
			'#!/bin/sh',
			'# Only git-upload-pack, on a repository under the served root (what a forge allows over SSH).',
			'set -f',
			'eval "set -- $SSH_ORIGINAL_COMMAND"',
			'[ "$1" = git-upload-pack ] || { echo "this host only serves git-upload-pack" >&2; exit 1; }',
			`exec git-upload-pack "${options.root}/\${2#/}"`,
			'',
		].join('\n'),
	);
	await chmod(forced, 0o755);
	const port = await freePort();
	const sshdConfig = path.join(dir, 'sshd_config');
	await writeFile(
		sshdConfig,
		[
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${hostKey}`,
			`PidFile ${path.join(dir, 'sshd.pid')}`,
			`AuthorizedKeysFile ${authorized}`,
			// The files live in a temporary directory, not a home directory sshd would check the modes of.
			'StrictModes no',
			'UsePAM no',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'PubkeyAuthentication yes',
			'PermitRootLogin prohibit-password',
			`ForceCommand ${forced}`,
			'',
		].join('\n'),
	);
	// sshd started as root needs its privilege-separation directory, which the package's service would create at boot.
	if (process.getuid?.() === 0 && !existsSync('/run/sshd')) await mkdir('/run/sshd', {recursive: true, mode: 0o755});
	const child = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], {stdio: ['ignore', 'ignore', 'pipe']});
	let log = '';
	child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	await waitForPort(port, child, () => log);

	const publicHostKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
	const knownHosts = path.join(dir, 'known_hosts');
	await writeFile(knownHosts, `${options.host} ${publicHostKey}\n`);
	const config = path.join(dir, 'ssh_config');
	await writeFile(
		config,
		[
			`Host ${options.host}`,
			'  HostName 127.0.0.1',
			`  Port ${port}`,
			`  HostKeyAlias ${options.host}`,
			`  UserKnownHostsFile ${knownHosts}`,
			'  GlobalKnownHostsFile /dev/null',
			'  StrictHostKeyChecking yes',
			'  BatchMode yes',
			'  IdentitiesOnly yes',
			'  IdentityAgent none',
			`  IdentityFile ${options.identity}`,
			'  ConnectTimeout 10',
			'',
		].join('\n'),
	);
	return {
		host: options.host,
		port,
		config,
		sshCommand: `ssh -F ${config}`,
		user: os.userInfo().username,
		close: async () => {
			// Gone already (exited, or killed by a signal: exitCode stays null then): no 'exit' event is coming.
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await new Promise(resolve => child.once('exit', resolve));
			}
			await rm(dir, {recursive: true, force: true});
		},
	};
}

/** A key pair for the person, in FILE and FILE.pub (no passphrase: ssh runs in batch mode). */
export async function makeUserKey(file: string): Promise<string> {
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'gotune-test', '-f', file], {timeout: 10_000});
	return readFile(`${file}.pub`, 'utf8');
}

/** Until sshd accepts connections on PORT (10 s at most); its log in the error when it exits or never listens. */
async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`sshd exited (${child.exitCode ?? child.signalCode}): ${log()}`);
		const open = await acceptsOnLoopback(port);
		if (open) return;
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	child.kill('SIGTERM');
	throw new Error(`sshd did not listen on 127.0.0.1:${port} within 10 s: ${log()}`);
}
