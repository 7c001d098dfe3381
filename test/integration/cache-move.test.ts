import {createHash} from 'node:crypto';
import {chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createCacheCopier, locateCaches, planMoves, runMoves} from '../../source/core/cache/index.js';
import {GoAdapter} from '../../source/core/go-adapter.js';
import {openJournal} from '../../source/core/journal/index.js';
import {quietContext} from '../../source/core/task.js';
import {buildCacheTemplate, cacheSandbox, strip, type CacheSandbox} from '../helpers/cache-fixture.js';
import {CLI, type TestSandbox} from '../helpers/sandbox.js';

let template: {sandbox: TestSandbox; close: () => Promise<void>};
let sandbox: CacheSandbox | undefined;
const shmDirs: string[] = [];

beforeAll(async () => {
	template = await buildCacheTemplate();
}, 300_000);
afterAll(async () => {
	await template?.close();
});
afterEach(async () => {
	await sandbox?.cleanup();
	sandbox = undefined;
	for (const dir of shmDirs.splice(0)) await execa('rm', ['-rf', dir]);
});

async function shm(): Promise<string> {
	const dir = await mkdtemp('/dev/shm/gotune-move-');
	shmDirs.push(dir);
	return dir;
}

/** Every file with mode, size and content hash, and every directory with its mode: "zero files lost" is equality of these. */
async function tree(root: string): Promise<Record<string, string>> {
	const {stdout} = await execa('find', [root, '-printf', '%y %m %s %P\n']);
	const out: Record<string, string> = {};
	for (const line of stdout.split('\n').filter(Boolean)) {
		const [type, mode, size, ...rest] = line.split(' ');
		const rel = rest.join(' ');
		// Every go run (gotune's go env included) rewrites the time stamp inside one build-cache action entry (-a,
		// always 175 bytes): for those, mode and size are what a lost or truncated file would change.
		const content =
			type !== 'f' || rel.endsWith('-a')
				? ''
				: ` ${createHash('sha256')
						.update(await readFile(path.join(root, rel)))
						.digest('hex')
						.slice(0, 16)}`;
		out[rel] = type === 'f' ? `${mode} ${size}${content}` : `${type} ${mode}`;
	}
	return out;
}

async function goenv(s: CacheSandbox, key: string) {
	return (await s.go(['env', key])).stdout.trim();
}

const exists = (p: string) =>
	stat(p).then(
		() => true,
		() => false,
	);

type MoveJson = {
	changeSet: string;
	moves: Array<{kind: string; from: string; to: string; method: string; files: number; bytes: number; ms: number}>;
};

describe('gotune cache move', () => {
	it('same filesystem: one rename; a warm go build -v rebuilds nothing; rollback moves it back', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		await warm(sandbox);
		const before = await tree(sandbox.gocache);
		const to = path.join(sandbox.dir, 'fast disk', 'go-build');
		const result = await sandbox.run(['cache', 'move', '--gocache', to, '--yes', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as MoveJson;
		const files = Object.values(before).filter(v => !v.startsWith('d ')).length;
		expect(json.moves).toEqual([
			{kind: 'gocache', from: sandbox.gocache, to, method: 'rename', files, bytes: expect.any(Number), ms: expect.any(Number)},
		]);
		expect(Object.keys(json).sort()).toEqual(['changeSet', 'moves']);
		expect(await goenv(sandbox, 'GOCACHE')).toBe(to);
		expect(await exists(sandbox.gocache)).toBe(false);
		expect(await tree(to)).toEqual(before);
		const rebuilt = await sandbox.go(['build', '-v', '-o', path.join(sandbox.dir, 'app2'), '.']);
		expect(rebuilt.exitCode, rebuilt.stderr).toBe(0);
		expect(rebuilt.stderr).toBe('');

		const back = await sandbox.run(['rollback', '--to', json.changeSet, '--yes']);
		expect(back.exitCode, back.stderr).toBe(0);
		expect(await goenv(sandbox, 'GOCACHE')).toBe(sandbox.gocache);
		expect(await exists(to)).toBe(false);
		expect(await tree(sandbox.gocache)).toEqual({...before, ...(await subsetOf(sandbox.gocache, before))});
	});

	it('across filesystems (to /dev/shm): copy + verify, read-only dirs restored, go mod verify passes, builds offline; rollback moves it back', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const before = await tree(sandbox.gomodcache);
		const to = path.join(await shm(), 'mod');
		const result = await sandbox.run(['cache', 'move', '--gomodcache', to, '--yes', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as MoveJson;
		expect(json.moves[0]).toMatchObject({
			kind: 'gomodcache',
			method: 'copy',
			from: sandbox.gomodcache,
			to,
			files: Object.values(before).filter(v => !/^d /.test(v)).length,
		});
		expect(result.stderr).toContain('the next build recompiles packages from the module cache once');
		expect(await goenv(sandbox, 'GOMODCACHE')).toBe(to);
		expect(await exists(sandbox.gomodcache)).toBe(false);
		expect(await tree(to)).toEqual(before);
		expect((await stat(path.join(to, 'example.com', 'greet@v1.2.0'))).mode & 0o777).toBe(0o555);
		const verify = await sandbox.go(['mod', 'verify']);
		expect(verify.exitCode, verify.stderr).toBe(0);
		expect(verify.stdout).toContain('all modules verified');
		const build = await sandbox.go(['build', '-v', '-o', path.join(sandbox.dir, 'app2'), '.'], {GOPROXY: 'off', GOFLAGS: '-mod=mod'});
		expect(build.exitCode, build.stderr).toBe(0);
		// go-facts §5.4: the module packages' action keys include their directory, so they recompile once.
		expect(build.stderr).toContain('example.com/greet');

		const back = await sandbox.run(['rollback', '--to', json.changeSet, '--yes']);
		expect(back.exitCode, back.stderr).toBe(0);
		expect(await goenv(sandbox, 'GOMODCACHE')).toBe(sandbox.gomodcache);
		expect(await exists(to)).toBe(false);
		expect(await tree(sandbox.gomodcache)).toEqual(before);
		expect((await sandbox.go(['mod', 'verify'])).exitCode).toBe(0);
	});

	it('--keep-source leaves the old cache; rollback then only restores the setting', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		await warm(sandbox);
		const before = await tree(sandbox.gocache);
		const to = path.join(await shm(), 'go-build');
		const result = await sandbox.run(['cache', 'move', '--gocache', to, '--keep-source', '--yes', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(await tree(sandbox.gocache)).toEqual(before);
		expect(await tree(to)).toEqual(before);
		const rebuilt = await sandbox.go(['build', '-v', '-o', path.join(sandbox.dir, 'app2'), '.']);
		expect(rebuilt.stderr).toBe('');
		const back = await sandbox.run(['rollback', '--last', '--yes']);
		expect(back.exitCode, back.stderr).toBe(0);
		expect(await goenv(sandbox, 'GOCACHE')).toBe(sandbox.gocache);
		expect(await tree(sandbox.gocache)).toEqual(before);
	});

	it('both caches in one change set; without a terminal and without --yes it prints the plan and touches nothing', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const base = await shm();
		const asked = await sandbox.run(['cache', 'move', '--gocache', path.join(base, 'b'), '--gomodcache', path.join(base, 'm')]);
		expect(asked.exitCode).toBe(2);
		expect(asked.stdout).toMatch(/GOCACHE {2}.* → .*\/b\n {4}copy and verify/);
		expect(asked.stderr).toContain('pass --yes');
		expect(await readdir(base)).toEqual([]);
		const result = await sandbox.run([
			'cache',
			'move',
			'--gocache',
			path.join(base, 'b'),
			'--gomodcache',
			path.join(base, 'm'),
			'--yes',
			'--json',
		]);
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as MoveJson;
		expect(json.moves.map(m => m.kind)).toEqual(['gocache', 'gomodcache']);
		const history = JSON.parse((await sandbox.run(['history', '--json'])).stdout) as {entries: Array<{changeSetId: string}>};
		expect(new Set(history.entries.map(e => e.changeSetId))).toEqual(new Set([json.changeSet]));
	});

	it('GOCACHE set to a symbolic link (a cache put on another disk): measured and moved where the link leads; the link stays; rollback restores', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const real = path.join(sandbox.dir, 'second disk', 'go-build');
		await mkdir(path.dirname(real));
		await rename(sandbox.gocache, real);
		await symlink(real, sandbox.gocache);
		await warm(sandbox);
		const before = await tree(real);
		const files = Object.values(before).filter(v => !v.startsWith('d ')).length;

		const shown = await sandbox.run(['cache', '--json']);
		expect(shown.exitCode, shown.stderr).toBe(0);
		expect(JSON.parse(shown.stdout).gocache).toMatchObject({path: sandbox.gocache, exists: true, files, linkTarget: real});
		expect((await sandbox.run(['cache'])).stdout).toContain(`a symbolic link to ${real}: counted there`);

		const to = path.join(sandbox.dir, 'fast disk', 'go-build');
		const plan = await sandbox.run(['cache', 'move', '--gocache', to]);
		expect(plan.exitCode).toBe(2);
		expect(plan.stdout).toContain(`GOCACHE  ${real} → ${to}`);
		expect(plan.stdout).toContain(
			`GOCACHE is ${sandbox.gocache}, a symbolic link to ${real}: the cache it leads to moves; the link stays and will lead nowhere`,
		);
		const result = await sandbox.run(['cache', 'move', '--gocache', to, '--yes', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as MoveJson;
		expect(json.moves[0]).toMatchObject({kind: 'gocache', from: real, to, method: 'rename', files});
		expect(await goenv(sandbox, 'GOCACHE')).toBe(to);
		expect(await tree(to)).toEqual(before);
		expect(await exists(real)).toBe(false);
		expect((await lstat(sandbox.gocache)).isSymbolicLink()).toBe(true);

		const back = await sandbox.run(['rollback', '--to', json.changeSet, '--yes']);
		expect(back.exitCode, back.stderr).toBe(0);
		expect(await goenv(sandbox, 'GOCACHE')).toBe(sandbox.gocache);
		expect(await readlink(sandbox.gocache)).toBe(real);
		expect(await tree(real)).toEqual(before);
	});

	it('a target that already holds a build cache is adopted: the setting switches, nothing is copied or deleted', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const other = path.join(sandbox.dir, 'team-cache');
		await execa('cp', ['-a', sandbox.gocache, other]);
		const json = JSON.parse((await sandbox.run(['cache', 'move', '--gocache', other, '--yes', '--json'])).stdout) as MoveJson;
		expect(json.moves[0]).toMatchObject({method: 'switch', files: 0, bytes: 0});
		expect(await goenv(sandbox, 'GOCACHE')).toBe(other);
		expect(await exists(sandbox.gocache)).toBe(true);
	});
});

describe('gotune cache move as an unprivileged user (read-only module cache)', () => {
	async function asNobody(s: CacheSandbox, args: string[]) {
		const runAs = await unprivileged();
		if (runAs === undefined) return undefined;
		const result = await execa(runAs[0]!, [...runAs.slice(1), process.execPath, CLI, ...args], {
			env: strip(s.fileEnv),
			extendEnv: false,
			reject: false,
			cwd: s.dir,
			timeout: 120_000,
		});
		return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
	}

	it('moves GOMODCACHE (0555 dirs, 0444 files) across filesystems, removes the old one, and rolls back, all as nobody', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		await execa('chown', ['-R', '65534:65534', sandbox.dir]);
		await chmod(sandbox.dir, 0o755);
		const before = await tree(sandbox.gomodcache);
		const base = await shm();
		await chown(base, 65534, 65534);
		const to = path.join(base, 'mod');
		const result = await asNobody(sandbox, ['cache', 'move', '--gomodcache', to, '--yes', '--json']);
		if (result === undefined) return;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(await exists(sandbox.gomodcache)).toBe(false);
		expect(await tree(to)).toEqual(before);
		expect((await stat(to)).uid).toBe(65534);
		const back = await asNobody(sandbox, ['rollback', '--last', '--yes']);
		expect(back!.exitCode, back!.stderr).toBe(0);
		expect(await tree(sandbox.gomodcache)).toEqual(before);
		expect(await exists(to)).toBe(false);
	});

	it('permission denied mid-copy (a file nobody cannot read): the move fails, nothing changed, no partial copy', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		await execa('chown', ['-R', '65534:65534', sandbox.dir]);
		await chmod(sandbox.dir, 0o755);
		const secret = path.join(sandbox.gocache, 'ff', 'root-only-d');
		await writeFile(secret, 'x', {mode: 0o600});
		await chown(secret, 0, 0);
		const before = await tree(sandbox.gocache);
		const base = await shm();
		await chown(base, 65534, 65534);
		const result = await asNobody(sandbox, ['cache', 'move', '--gocache', path.join(base, 'b'), '--yes']);
		if (result === undefined) return;
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toMatch(/permission denied/i);
		expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
		expect(await readdir(base)).toEqual([]);
		expect(await tree(sandbox.gocache)).toEqual(before);
		expect(await goenv(sandbox, 'GOCACHE')).toBe(sandbox.gocache);
	});
});

describe('faults: zero files lost, a consistent setting', () => {
	it('no space left mid-copy (a real tmpfs filled up after the checks): the set is undone, the source intact', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const mountPoint = path.join(sandbox.dir, 'small');
		await mkdir(mountPoint);
		const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint], {reject: false});
		if (mounted.exitCode !== 0) {
			console.warn(`skipped: cannot mount a tmpfs here (${mounted.stderr.trim()})`);
			return;
		}
		try {
			const before = await tree(sandbox.gocache);
			const go = new GoAdapter(sandbox.goBin, sandbox.fileEnv, sandbox.project);
			const locations = await locateCaches(go);
			const plan = await planMoves(
				{
					requests: [{kind: 'gocache', to: path.join(mountPoint, 'go-build')}],
					locations,
					keepSource: false,
					env: sandbox.fileEnv,
					cwd: sandbox.dir,
				},
				quietContext(),
			);
			expect(plan.refusals).toEqual([]);
			const real = createCacheCopier();
			// Another program fills the disk between the checks and the copy; the ENOSPC that follows is real.
			const copier: typeof real = async (from, to, context) => {
				const free = (await execa('df', ['--output=avail', '-B1', mountPoint])).stdout.split('\n')[1]!.trim();
				await writeFile(path.join(mountPoint, 'filler'), Buffer.alloc(Number(free) - 200_000));
				return real(from, to, context);
			};
			const journal = openJournal({...sandbox.runtime, env: sandbox.fileEnv});
			await expect(runMoves({plan, journal, origin: 'test:cache', copier}, quietContext())).rejects.toMatchObject({code: 'ENOSPC'});
			expect(await readdir(mountPoint)).toEqual(['filler']);
			expect(await tree(sandbox.gocache)).toEqual(before);
			expect(await goenv(sandbox, 'GOCACHE')).toBe(sandbox.gocache);
		} finally {
			await execa('umount', [mountPoint], {reject: false});
		}
	});

	// GOTUNE_TEST_CRASH_AT makes gotune SIGKILL itself at that point (journal/crash.ts; mid-copy is the copier's own).
	describe.each(['mid-copy', 'after-copy', 'after-move', 'after-goenv-step', 'mid-source-delete', 'steps-before-mark'])(
		'kill -9 at %s of a cross-filesystem GOMODCACHE move',
		point => {
			it('leaves a consistent setting and every file somewhere go can use; the next move refuses; rollback restores it all', async () => {
				sandbox = await cacheSandbox(template.sandbox);
				const before = await tree(sandbox.gomodcache);
				const to = path.join(await shm(), 'mod');
				const crashed = await sandbox.run(['cache', 'move', '--gomodcache', to, '--yes'], {env: {GOTUNE_TEST_CRASH_AT: point}});
				expect(crashed.signal).toBe('SIGKILL');
				// Consistent: whatever GOMODCACHE says now holds the complete cache.
				const current = await goenv(sandbox, 'GOMODCACHE');
				expect([sandbox.gomodcache, to]).toContain(current);
				expect(await tree(current)).toEqual(before);

				const again = await sandbox.run(['cache', 'move', '--gomodcache', path.join(path.dirname(to), 'other'), '--yes']);
				expect(again.exitCode).toBe(1);
				expect(again.stderr).toMatch(
					/was interrupted; no data is lost \(GOCACHE and GOMODCACHE point at complete caches\)\. Resume it with gotune finish \S+ or undo it with gotune rollback --to/,
				);
				const id = /rollback --to (\S+)/.exec(again.stderr)![1]!;
				const back = await sandbox.run(['rollback', '--to', id, '--yes']);
				expect(back.exitCode, back.stderr + back.stdout).toBe(0);
				expect(await goenv(sandbox, 'GOMODCACHE')).toBe(sandbox.gomodcache);
				expect(await tree(sandbox.gomodcache)).toEqual(before);
				expect(await exists(to)).toBe(false);
				expect((await sandbox.go(['mod', 'verify'])).exitCode).toBe(0);
			});
		},
	);

	describe.each(['mid-copy', 'after-goenv-step'])('kill -9 at %s, then resumed', point => {
		it('gotune finish completes the move: the new place holds every file, the old one is gone, go mod verify passes', async () => {
			sandbox = await cacheSandbox(template.sandbox);
			const before = await tree(sandbox.gomodcache);
			const to = path.join(await shm(), 'mod');
			const crashed = await sandbox.run(['cache', 'move', '--gomodcache', to, '--yes'], {env: {GOTUNE_TEST_CRASH_AT: point}});
			expect(crashed.signal).toBe('SIGKILL');
			const again = await sandbox.run(['cache', 'move', '--gomodcache', to, '--yes']);
			const id = /gotune finish (\S+)/.exec(again.stderr)![1]!;
			const finished = await sandbox.run(['finish', id, '--yes']);
			expect(finished.exitCode, finished.stderr + finished.stdout).toBe(0);
			expect(await goenv(sandbox, 'GOMODCACHE')).toBe(to);
			expect(await tree(to)).toEqual(before);
			expect(await exists(sandbox.gomodcache)).toBe(false);
			expect((await sandbox.go(['mod', 'verify'])).exitCode).toBe(0);
		});
	});

	it('kill -9 of the CLI during a large copy (no hook): the source is intact and rollback leaves nothing behind', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		// A bigger build cache: 6000 more entries, so the copy is still running when it is killed.
		for (let i = 0; i < 6000; i += 500) {
			await Promise.all(
				Array.from({length: 500}, async (_, k) => {
					const name = createHash('sha256')
						.update(String(i + k))
						.digest('hex');
					await writeFile(path.join(sandbox!.gocache, name.slice(0, 2), `${name}-d`), Buffer.alloc(2000, k));
				}),
			);
		}
		const before = await tree(sandbox.gocache);
		const base = await shm();
		const child = execa(process.execPath, [CLI, 'cache', 'move', '--gocache', path.join(base, 'b'), '--yes'], {
			env: strip(sandbox.fileEnv),
			extendEnv: false,
			reject: false,
			cwd: sandbox.dir,
		});
		const deadline = Date.now() + 60_000;
		for (;;) {
			const names = await readdir(base).catch(() => [] as string[]);
			const partial = names[0]
				? (await execa('find', [path.join(base, names[0]), '-type', 'f'], {reject: false})).stdout.split('\n').filter(Boolean).length
				: 0;
			if (partial > 200 || Date.now() > deadline) break;
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		child.kill('SIGKILL');
		const result = await child;
		expect(result.signal, String(result.stderr)).toBe('SIGKILL');
		expect(await goenv(sandbox, 'GOCACHE')).toBe(sandbox.gocache);
		expect(await tree(sandbox.gocache)).toEqual(before);
		const back = await sandbox.run(['rollback', '--last', '--yes']);
		expect(back.exitCode, back.stderr + back.stdout).toBe(0);
		expect(await readdir(base)).toEqual([]);
		expect(await tree(sandbox.gocache)).toEqual(before);
	});
});

/**
 * The copied template's module cache sits at another path than where it was built, so the first build here compiles
 * the module packages again (go-facts §5.4); after it, a build is warm: `go build -v` prints nothing.
 */
async function warm(s: CacheSandbox): Promise<void> {
	await s.go(['build', '-o', path.join(s.dir, 'app2'), '.']);
	const again = await s.go(['build', '-v', '-o', path.join(s.dir, 'app2'), '.']);
	expect(again.stderr).toBe('');
}

/** Files go added since BEFORE (a warm build may refresh trim.txt): they are allowed, removals are not. */
async function subsetOf(root: string, before: Record<string, string>): Promise<Record<string, string>> {
	const now = await tree(root);
	return Object.fromEntries(Object.entries(now).filter(([rel]) => !(rel in before)));
}

async function unprivileged(): Promise<string[] | undefined> {
	for (const [tool, args] of [
		['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups']],
		['runuser', ['-u', 'nobody', '--']],
	] as const) {
		const found = await execa('which', [tool], {reject: false});
		if (found.exitCode === 0) return [found.stdout.trim(), ...args];
	}
	console.warn('skipped: neither setpriv nor runuser exists, so the unprivileged case cannot run here');
	return undefined;
}
