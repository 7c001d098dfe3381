import {readdir, readFile} from 'node:fs/promises';

export type GroupMember = {pid: number; name: string; state: string};

/**
 * Processes whose process group is `pgid`, read from /proc (Linux). Zombies (state Z) are left out: they have exited
 * and only wait to be reaped by their new parent (a container's PID 1 may never do it), so nothing of them runs.
 * Returns undefined where /proc is not available.
 */
export async function liveGroupMembers(pgid: number): Promise<GroupMember[] | undefined> {
	let entries: string[];
	try {
		entries = await readdir('/proc');
	} catch {
		return undefined;
	}
	const members: GroupMember[] = [];
	await Promise.all(
		entries
			.filter(name => /^\d+$/.test(name))
			.map(async name => {
				const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => undefined);
				if (stat === undefined) return;
				// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
				const close = stat.lastIndexOf(')');
				const [state = '', , pgrp] = stat.slice(close + 2).split(' ');
				if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X')
					members.push({pid: Number(name), name: stat.slice(stat.indexOf('(') + 1, close), state});
			}),
	);
	return members;
}

/** SIGKILL to every process of the group (go and each compile, asm, link it started). */
export function killGroup(pgid: number): void {
	try {
		process.kill(-pgid, 'SIGKILL');
	} catch {
		// The whole group is already gone.
	}
}

/**
 * After a kill: waits (bounded) until no live process of the group is left, so that a caller who was told "cancelled"
 * never sees a compile still running. Without /proc, falls back to kill(0), which also counts unreaped zombies.
 */
export async function waitGroupGone(pgid: number, timeoutMs = 2000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const members = await liveGroupMembers(pgid);
		const alive = members === undefined ? signalable(pgid) : members.length > 0;
		if (!alive) return true;
		if (Date.now() >= deadline) return false;
		killGroup(pgid);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

function signalable(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}
