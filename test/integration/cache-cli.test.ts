import {chmod, mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hashZip} from '../../source/core/cache/dirhash.js';
import {buildCacheTemplate, cacheSandbox, type CacheSandbox} from '../helpers/cache-fixture.js';
import type {TestSandbox} from '../helpers/sandbox.js';

let template: {sandbox: TestSandbox; close: () => Promise<void>};
let sandbox: CacheSandbox | undefined;

beforeAll(async () => {
	template = await buildCacheTemplate();
}, 300_000);
afterAll(async () => {
	await template?.close();
});
afterEach(async () => {
	await sandbox?.cleanup();
	sandbox = undefined;
});

/** Sum of regular files' sizes and their count, by find(1): independent of gotune's walk. */
async function du(dir: string): Promise<{bytes: number; files: number}> {
	const {stdout} = await execa('find', [dir, '-type', 'f', '-printf', '%s\n']);
	const sizes = stdout.split('\n').filter(Boolean).map(Number);
	return {bytes: sizes.reduce((a, b) => a + b, 0), files: sizes.length};
}

function noStack(text: string) {
	expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

type Report = {
	path: string;
	source: string;
	exists: boolean;
	bytes: number;
	files: number;
	filesystem: string;
	mountPoint: string;
	freeBytes: number;
	warnings: Array<{kind: string}>;
	modules?: number;
	versions?: number;
	toolchains?: unknown[];
};

describe('gotune cache (inspect)', () => {
	it('reports both caches filled by a real build and real downloads: sizes and counts as find(1) sees them, modules, filesystem, source', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const result = await sandbox.run(['cache', '--json']);
		expect(result.exitCode).toBe(0);
		const json = JSON.parse(result.stdout) as {gocache: Report; gomodcache: Report};
		expect(json.gocache).toMatchObject({path: sandbox.gocache, source: 'goenv', exists: true, ...(await du(sandbox.gocache))});
		expect(json.gomodcache).toMatchObject({
			path: sandbox.gomodcache,
			source: 'goenv',
			exists: true,
			modules: 2,
			versions: 2,
			toolchains: [],
			...(await du(sandbox.gomodcache)),
		});
		const {stdout: df} = await execa('df', ['--output=target,fstype', sandbox.gocache]);
		const [mountPoint, fstype] = df.split('\n')[1]!.trim().split(/\s+/);
		expect(json.gocache.mountPoint).toBe(mountPoint);
		expect(json.gocache.filesystem).toBe(fstype);
		expect(json.gocache.freeBytes).toBeGreaterThan(0);
		expect(Object.keys(json.gocache).sort()).toEqual([
			'bytes',
			'exists',
			'files',
			'filesystem',
			'freeBytes',
			'mountPoint',
			'path',
			'source',
			'warnings',
		]);

		const text = await sandbox.run(['cache']);
		expect(text.stdout).toMatch(/GOMODCACHE .*\(GOENV file\)\n.*\n {2}2 modules, 2 versions/);
	});

	it('a cache that does not exist yet: exists false, 0 bytes, 0 files; the OS environment as the source; tmpfs warned about', async () => {
		// go env creates GOCACHE (Go 1.23 writes entries there), so only the module cache can be absent.
		const shmCache = `/dev/shm/gotune-test-cache-${process.pid}`;
		const fresh = await (await import('../helpers/sandbox.js')).makeSandbox();
		try {
			const json = JSON.parse((await fresh.cli(['cache', '--json'], {env: {GOCACHE: shmCache}})).stdout) as {
				gocache: Report;
				gomodcache: Report;
			};
			expect(json.gomodcache).toMatchObject({exists: false, bytes: 0, files: 0, modules: 0, source: 'process'});
			expect(json.gocache).toMatchObject({filesystem: 'tmpfs', mountPoint: '/dev/shm', source: 'process'});
			expect(json.gocache.warnings.map(w => w.kind)).toContain('tmpfs');
		} finally {
			await fresh.cleanup();
			await execa('rm', ['-rf', shmCache]);
		}
	});

	it("gotune's Hash1 of every zip go downloaded equals the .ziphash go wrote", async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const {stdout} = await execa('find', [sandbox.gomodcache, '-name', '*.zip']);
		const zips = stdout.split('\n').filter(Boolean);
		expect(zips).toHaveLength(2);
		for (const zip of zips) expect(await hashZip(zip)).toBe(await readFile(`${zip}hash`, 'utf8'));
	});
});

describe('gotune cache clean', () => {
	it('clean cache: go clean -cache with sizes before and after measured on disk; README and trim.txt stay', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const before = await du(sandbox.gocache);
		const result = await sandbox.run(['cache', 'clean', 'cache', '--yes', '--json']);
		expect(result.exitCode).toBe(0);
		const json = JSON.parse(result.stdout) as {
			kind: string;
			before: {bytes: number; files: number};
			after: {bytes: number; files: number};
			freedBytes: number;
		};
		expect(json.before).toEqual(before);
		expect(json.after).toEqual(await du(sandbox.gocache));
		expect(json.after.bytes).toBeLessThan(before.bytes / 10);
		expect(json.freedBytes).toBe(json.before.bytes - json.after.bytes);
		expect(await readdir(sandbox.gocache)).toEqual(expect.arrayContaining(['README']));
	});

	it('clean modcache removes the read-only module cache; testcache deletes nothing but expires results', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const mod = JSON.parse((await sandbox.run(['cache', 'clean', 'modcache', '--yes', '--json'])).stdout) as {
			before: {bytes: number};
			after: {bytes: number; files: number};
		};
		expect(mod.before.bytes).toBeGreaterThan(0);
		expect(mod.after).toEqual({bytes: 0, files: 0});
		await expect(stat(sandbox.gomodcache)).rejects.toMatchObject({code: 'ENOENT'});

		const before = await du(sandbox.gocache);
		const test = JSON.parse((await sandbox.run(['cache', 'clean', 'testcache', '--yes', '--json'])).stdout) as {
			before: {files: number};
			after: {files: number};
		};
		expect(test.before.files).toBe(before.files);
		expect(test.after.files).toBe(before.files + 1);
		expect(await readFile(path.join(sandbox.gocache, 'testexpire.txt'), 'utf8')).toMatch(/^\d+\n$/);
	});

	it('without a terminal and without --yes nothing is removed (exit 2); a wrong kind is a usage error naming the kinds', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const before = await du(sandbox.gocache);
		const asked = await sandbox.run(['cache', 'clean', 'cache']);
		expect(asked.exitCode).toBe(2);
		expect(asked.stderr).toMatch(/pass --yes/);
		expect(asked.stdout).toContain('go clean -cache removes every build-cache entry');
		expect(await du(sandbox.gocache)).toEqual(before);
		const wrong = await sandbox.run(['cache', 'clean', 'everything']);
		expect(wrong.exitCode).toBe(2);
		expect(wrong.stderr).toContain('cannot clean "everything": one of cache, modcache, testcache, fuzzcache');
		noStack(wrong.stderr);
	});
});

describe('gotune cache move: refusals before anything is touched (exit 2)', () => {
	async function refused(args: string[], pattern: RegExp, options: {env?: Record<string, string>; user?: boolean} = {}) {
		const s = sandbox!;
		const before = {cache: await du(s.gocache), mod: await du(s.gomodcache), goenv: await readFile(s.env['GOENV']!, 'utf8')};
		const result = await s.run(['cache', 'move', ...args, '--yes'], {env: options.env});
		expect(result.exitCode, result.stderr).toBe(2);
		expect(result.stderr).toMatch(pattern);
		expect(result.stderr).toContain('Nothing was touched');
		noStack(result.stderr);
		expect({cache: await du(s.gocache), mod: await du(s.gomodcache), goenv: await readFile(s.env['GOENV']!, 'utf8')}).toEqual(before);
		return result;
	}

	it('target inside the source, source inside the target, nested with the other cache', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		await refused(['--gocache', path.join(sandbox.gocache, 'sub')], /is inside the current GOCACHE/);
		// The example given is a new directory, never the current GOCACHE itself (its parent + its name).
		const parent = await refused(['--gocache', path.dirname(sandbox.gocache)], /contains the current GOCACHE/);
		expect(parent.stderr).toContain(`pick a new, separate directory (for example ${sandbox.gocache}-moved)`);
		const grandparent = await refused(['--gocache', path.dirname(path.dirname(sandbox.gocache))], /contains the current GOCACHE/);
		expect(grandparent.stderr).toContain(
			`(for example ${path.join(path.dirname(path.dirname(sandbox.gocache)), path.basename(sandbox.gocache))})`,
		);
		await refused(['--gocache', path.join(sandbox.gomodcache, 'build')], /nest GOCACHE and the other Go cache/);
	});

	it('a non-empty target that is not a cache of the same kind; a file as target', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const other = path.join(sandbox.dir, 'documents');
		await mkdir(other);
		await writeFile(path.join(other, 'thesis.txt'), 'mine');
		await refused(['--gocache', other], /is not empty and is not a Go build cache/);
		// A module cache is not a build cache either.
		await refused(['--gocache', sandbox.gomodcache], /is not empty and is not a Go build cache/);
		await refused(['--gomodcache', path.join(other, 'thesis.txt')], /exists and is not a directory/);
		expect(await readFile(path.join(other, 'thesis.txt'), 'utf8')).toBe('mine');
	});

	it('not enough free space (a real 1 MB tmpfs)', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const tiny = path.join(sandbox.dir, 'tiny');
		await mkdir(tiny);
		const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tiny], {reject: false});
		if (mounted.exitCode !== 0) {
			console.warn(`skipped: cannot mount a tiny tmpfs here (${mounted.stderr.trim()})`);
			return;
		}
		try {
			await refused(['--gocache', path.join(tiny, 'go-build')], /not enough free space on .*tiny: the copy needs about .* is free/);
		} finally {
			await execa('umount', [tiny], {reject: false});
		}
	});

	it('an OS variable that would keep overriding the setting: names the start-up file line and offers the new one', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		await writeFile(path.join(sandbox.env['HOME']!, '.profile'), `# mine\nexport GOCACHE=${sandbox.gocache}\n`);
		const target = path.join(sandbox.dir, 'elsewhere');
		const result = await refused(['--gocache', target], /the OS environment sets GOCACHE=.*overrides go env -w/, {
			env: {GOCACHE: sandbox.gocache},
		});
		expect(result.stderr).toContain(`.profile:2: export GOCACHE=${sandbox.gocache}`);
		expect(result.stderr).toContain(`export GOCACHE=${target}`);
	});

	it('not writable: an unprivileged user cannot create the target under a directory it does not own', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const runAs = await unprivileged();
		if (runAs === undefined) return;
		// Everything the user needs is theirs; only /work-like root-owned places are not.
		await execa('chown', ['-R', '65534:65534', sandbox.dir]);
		await chmod(sandbox.dir, 0o755);
		const locked = path.join(sandbox.dir, 'root-owned');
		await mkdir(locked, {mode: 0o755});
		await execa('chown', ['0:0', locked]);
		const result = await execa(
			runAs[0]!,
			[
				...runAs.slice(1),
				process.execPath,
				(await import('../helpers/sandbox.js')).CLI,
				'cache',
				'move',
				'--gocache',
				path.join(locked, 'go-build'),
				'--yes',
			],
			{
				env: {...strip(sandbox.fileEnv)},
				extendEnv: false,
				reject: false,
				cwd: sandbox.dir,
				timeout: 60_000,
			},
		);
		expect(result.exitCode, String(result.stderr)).toBe(2);
		expect(String(result.stderr)).toMatch(/root-owned is not writable by this user/);
	});

	it('asks for a target; an unknown subcommand is a usage error', async () => {
		sandbox = await cacheSandbox(template.sandbox);
		const none = await sandbox.run(['cache', 'move', '--yes']);
		expect(none.exitCode).toBe(2);
		expect(none.stderr).toContain('say where to move: --gocache DIR and/or --gomodcache DIR');
		const odd = await sandbox.run(['cache', 'shrink']);
		expect(odd.exitCode).toBe(2);
		expect(odd.stderr).toContain('unknown cache subcommand "shrink"');
	});
});

/** setpriv or runuser to run as nobody (65534); undefined (with a console note) when neither exists. */
export async function unprivileged(): Promise<string[] | undefined> {
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

function strip(env: Record<string, string | undefined>): Record<string, string> {
	return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
