import {execa} from 'execa';

/**
 * Node code run inside the new mount namespace: mounts a tmpfs of argv[2] KiB on argv[1], then runs argv[3..] with
 * stdio passed through and exits with its code. No shell: the mount and the command are argument arrays.
 */
const INSIDE = `
const {spawnSync} = require('node:child_process');
const [dir, size, command, ...args] = process.argv.slice(1);
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=' + size + 'k', 'tmpfs', dir], {encoding: 'utf8'});
if (mount.status !== 0) { process.stderr.write('gotune-test: mount failed: ' + mount.stderr); process.exit(125); }
const run = spawnSync(command, args, {stdio: 'inherit'});
process.exit(run.status ?? 1);
`;

type FullDiskRun = {exitCode: number; stdout: string; stderr: string};

/**
 * A real full disk: DIR becomes a tmpfs of SIZE_KB KiB inside a private mount namespace (`unshare -m`, propagation
 * private), so the mount is seen by COMMAND only and vanishes when it exits; the real disk is never filled. Needs
 * root (CAP_SYS_ADMIN): returns the reason as a string when this machine cannot do it.
 */
export async function runOnFullDisk(
	dir: string,
	sizeKb: number,
	command: string,
	args: string[],
	options: {cwd: string; env: Record<string, string>; timeoutMs?: number},
): Promise<FullDiskRun | string> {
	if (process.getuid?.() !== 0) return 'not root: a tmpfs cannot be mounted';
	const run = await execa(
		'unshare',
		['-m', '--propagation', 'private', '--', process.execPath, '-e', INSIDE, dir, String(sizeKb), command, ...args],
		{cwd: options.cwd, env: options.env, extendEnv: false, reject: false, timeout: options.timeoutMs ?? 60_000},
	);
	if (run.exitCode === 125 || /unshare: /.test(String(run.stderr))) return `no private mount namespace here: ${String(run.stderr)}`;
	return {exitCode: run.exitCode ?? -1, stdout: String(run.stdout), stderr: String(run.stderr)};
}
