import {mkdir, readFile, readdir, stat, symlink, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, beforeEach, afterEach, describe, expect, it} from 'vitest';
import {buildGoArchive, removeGoArchive, type BuiltArchive} from '../helpers/go-archive.js';
import {startGoMirror} from '../helpers/go-mirror.js';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

// Every test here installs the same Go 1.23 archive; the toolchain under test only decides which go is on PATH
// beforehand. The full installs run in the go1.23 project; the quick refusals run in both.
const heavy = (process.env['GOTUNE_TEST_GO'] ?? '').includes('go-1.23');

type InstallJson = {
	version: string;
	prefix: string;
	archive: {url: string; sha256: string; bytes: number};
	setAside: string | null;
	startupFile: string | null;
	changeSet: string;
};

describe('gotune install-go', () => {
	let archive: BuiltArchive;
	let mirror: Awaited<ReturnType<typeof startGoMirror>>;
	let slimMirror: Awaited<ReturnType<typeof startGoMirror>>;
	let sandbox: TestSandbox;
	beforeAll(async () => {
		if (!heavy) return;
		archive = await buildGoArchive();
		mirror = await startGoMirror(
			[{filename: archive.filename, file: archive.file, sha256: archive.sha256, size: archive.size, version: archive.version}],
			{extraReleases: [{version: 'go1.22.12', stable: true}]},
		);
		const slim = await buildGoArchive({slim: true});
		slimMirror = await startGoMirror([
			{filename: slim.filename, file: slim.file, sha256: slim.sha256, size: slim.size, version: slim.version},
		]);
	}, 180_000);
	afterAll(async () => {
		await mirror?.close();
		await slimMirror?.close();
		if (heavy) await removeGoArchive();
	});
	beforeEach(async () => {
		sandbox = await makeSandbox({extraEnv: {SHELL: '/bin/bash'}});
	});
	afterEach(async () => sandbox.cleanup());

	const home = () => sandbox.env['HOME']!;
	const prefix = () => path.join(sandbox.dir, 'opt', 'go');
	const install = (args: string[] = [], env = {}, from = mirror) =>
		sandbox.cli(['install-go', '1.23', '--prefix', prefix(), '--mirror', from.url, '--yes', ...args], {env, timeoutMs: 120_000});
	const goVersion = async (goBin: string) =>
		(await execa(goBin, ['version'], {env: {PATH: '/usr/bin:/bin', HOME: home(), GOTOOLCHAIN: 'local'}, extendEnv: false, reject: false}))
			.stdout;
	const exists = (p: string) =>
		stat(p).then(
			() => true,
			() => false,
		);
	const siblings = async () => (await readdir(path.dirname(prefix())).catch(() => [] as string[])).sort();
	/** An existing install at the prefix: a real go (Debian's 1.19) reached through bin/go, as a symlinked install is. */
	const existingInstall = async () => {
		await mkdir(path.join(prefix(), 'bin'), {recursive: true});
		await symlink('/usr/lib/go-1.19/bin/go', path.join(prefix(), 'bin', 'go'));
		await writeFile(path.join(prefix(), 'MARK'), 'the old tree\n');
	};

	it.runIf(heavy)(
		'installs: JSON as documented, the installed go prints its version and builds; rollback undoes all of it byte for byte',
		async () => {
			const bashrc = path.join(home(), '.bashrc');
			const before = '# my bashrc\nalias ll="ls -l"\n\u00e9t\u00e9 no trailing newline';
			await writeFile(bashrc, before);
			const goenvFile = sandbox.env['GOENV']!;
			await writeFile(goenvFile, 'GOPRIVATE=kept.example\n');
			// Go 1.19 first on PATH: it knows no GOTOOLCHAIN, so the journal must check the value with the go being installed.
			const result = await install(['--json', '--gotoolchain', `${archive.version}+auto`], {
				PATH: `/usr/lib/go-1.19/bin:${sandbox.env['PATH']}`,
			});
			expect(result.stderr).toMatch(/Downloading go1\.23\.\d+\.linux-amd64\.tar\.gz .*\(\d+%\)/);
			expect(result.exitCode, result.stderr).toBe(0);
			const json = JSON.parse(result.stdout) as InstallJson;
			expect(json).toEqual({
				version: archive.version,
				prefix: prefix(),
				source: 'archive',
				archive: {url: `${mirror.url}${archive.filename}`, sha256: archive.sha256, bytes: archive.size},
				h1: null,
				setAside: null,
				startupFile: bashrc,
				changeSet: expect.any(String),
			});
			const goBin = path.join(prefix(), 'bin', 'go');
			expect(await goVersion(goBin)).toContain(`go version ${archive.version} linux/amd64`);
			const text = await readFile(bashrc, 'utf8');
			expect(text.startsWith(before)).toBe(true);
			expect(text).toContain(`# >>> gotune install-go >>>\nexport PATH='${prefix()}/bin':"$PATH"\n`);
			expect(await readFile(goenvFile, 'utf8')).toBe(`GOPRIVATE=kept.example\nGOTOOLCHAIN=${archive.version}+auto\n`);
			// A build with the installed go, in the sandbox (its own GOCACHE).
			const mod = path.join(sandbox.dir, 'hello');
			await mkdir(mod);
			await writeFile(path.join(mod, 'go.mod'), 'module example.com/hello\n\ngo 1.23\n');
			await writeFile(
				path.join(mod, 'main.go'),
				'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("built by the installed go\\n") }\n',
			);
			const built = await execa(goBin, ['run', '.'], {
				cwd: mod,
				env: {...sandbox.env, PATH: '/usr/bin:/bin'} as Record<string, string>,
				extendEnv: false,
				timeout: 120_000,
			});
			expect(built.stdout).toBe('built by the installed go');
			expect(await siblings()).toEqual(['go']);

			const rollback = await sandbox.cli(['rollback', '--last', '--yes']);
			expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(0);
			expect(await exists(prefix())).toBe(false);
			expect(await readFile(bashrc, 'utf8')).toBe(before);
			expect(await readFile(goenvFile, 'utf8')).toBe('GOPRIVATE=kept.example\n');
		},
	);

	it.runIf(heavy)('sets an existing install aside, keeps it, and rollback brings it back', async () => {
		await existingInstall();
		const plan = await sandbox.cli(['install-go', '1.23', '--prefix', prefix(), '--mirror', mirror.url]);
		// No terminal and no --yes: the plan is shown, nothing changes, exit 2 like gotune apply.
		expect(plan.exitCode).toBe(2);
		expect(plan.stdout).toContain(`existing  ${prefix()} (go1.19`);
		expect(plan.stdout).toContain(`! This shell runs ${sandbox.goBin}`);
		expect(plan.stderr).toContain('pass --yes');
		expect(await goVersion(path.join(prefix(), 'bin', 'go'))).toContain('go1.19');

		const result = await install(['--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as InstallJson;
		expect(json.setAside).toBe(`${prefix()}.gotune-aside-${json.changeSet}`);
		expect(await readFile(path.join(json.setAside!, 'MARK'), 'utf8')).toBe('the old tree\n');
		expect(await goVersion(path.join(prefix(), 'bin', 'go'))).toContain(archive.version);

		expect((await sandbox.cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		expect(await readFile(path.join(prefix(), 'MARK'), 'utf8')).toBe('the old tree\n');
		expect(await goVersion(path.join(prefix(), 'bin', 'go'))).toContain('go1.19');
		expect(await siblings()).toEqual(['go']);
	});

	it.runIf(heavy)('restores the existing install when a later step of the change set fails', async () => {
		await existingInstall();
		// A real fault: the start-up file cannot be written (it is a directory), after the tree was already swapped.
		await mkdir(path.join(home(), '.bashrc'));
		const result = await install();
		expect(result.exitCode).toBe(1);
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expect(await readFile(path.join(prefix(), 'MARK'), 'utf8')).toBe('the old tree\n');
		expect(await goVersion(path.join(prefix(), 'bin', 'go'))).toContain('go1.19');
		expect(await siblings()).toEqual(['go']);
	});

	it.runIf(heavy)('rejects a wrong sha256 with nothing left behind', async () => {
		const bad = await startGoMirror([
			{filename: archive.filename, file: archive.file, sha256: 'e'.repeat(64), size: archive.size, version: archive.version},
		]);
		try {
			await existingInstall();
			const result = await sandbox.cli(['install-go', 'latest', '--prefix', prefix(), '--mirror', bad.url, '--yes'], {timeoutMs: 60_000});
			expect(result.exitCode).toBe(1);
			expect(result.stderr).toContain(`SHA-256 mismatch: the file is ${archive.sha256}, the release index says ${'e'.repeat(64)}`);
			expect(await siblings()).toEqual(['go']);
			expect(await goVersion(path.join(prefix(), 'bin', 'go'))).toContain('go1.19');
			expect(await exists(path.join(home(), '.bashrc'))).toBe(false);
			expect((await sandbox.cli(['history', '--json'])).stdout).not.toContain('install-go');
		} finally {
			await bad.close();
		}
	});

	it.runIf(heavy)('rejects a truncated body with nothing left behind', async () => {
		const short = await startGoMirror(
			[{filename: archive.filename, file: archive.file, sha256: archive.sha256, size: archive.size, version: archive.version}],
			{truncateAt: 3_000_000},
		);
		try {
			const result = await sandbox.cli(['install-go', '--prefix', prefix(), '--mirror', short.url, '--yes'], {timeoutMs: 60_000});
			expect(result.exitCode).toBe(1);
			expect(result.stderr).toContain(`ended after 3000000 of ${archive.size} bytes (a short body)`);
			expect(await siblings()).toEqual([]);
		} finally {
			await short.close();
		}
	});

	const shells: Array<[string, string, () => string]> = [
		['bash', '/bin/bash', () => path.join(home(), '.bashrc')],
		['zsh', '/usr/bin/zsh', () => path.join(home(), '.zshrc')],
		[
			'fish',
			'/usr/bin/fish',
			() => path.join(sandbox.env['XDG_CONFIG_HOME'] ?? path.join(home(), '.config'), 'fish', 'conf.d', 'gotune.fish'),
		],
		['another shell (~/.profile)', '/bin/dash', () => path.join(home(), '.profile')],
	];
	// The slim archive (real go binaries, no standard library): these tests are about start-up files, not builds.
	it.runIf(heavy).each(shells)(
		'%s: the PATH block goes in the file that shell reads, and rollback restores it byte for byte',
		async (name, shell, file) => {
			const target = file();
			const before = name === 'fish' ? undefined : `# existing\r\nexport EDITOR=vi\n\u00ff\u0001 kept as is\n`;
			if (before !== undefined) await writeFile(target, before, 'latin1');
			const result = await install(['--json'], {SHELL: shell}, slimMirror);
			expect(result.exitCode, result.stderr).toBe(0);
			expect((JSON.parse(result.stdout) as InstallJson).startupFile).toBe(target);
			const text = await readFile(target, 'utf8');
			expect(text).toContain(name === 'fish' ? `set -gx PATH '${prefix()}/bin' $PATH` : `export PATH='${prefix()}/bin':"$PATH"`);
			expect((await sandbox.cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
			if (before === undefined) expect(await exists(target)).toBe(false);
			else expect(await readFile(target, 'latin1')).toBe(before);
			// The fish/conf.d directories the install created go with the file.
			if (name === 'fish') expect(await exists(path.dirname(path.dirname(target)))).toBe(false);
		},
	);

	it.runIf(heavy)(
		"the wizard's install service: releases from GOTUNE_GO_MIRROR, plan into ~/.local/go, install through the journal",
		async () => {
			const {createInstallServices} = await import('../../source/ui/services/install.js');
			const {quietContext} = await import('../../source/core/task.js');
			const runtime = {...sandbox.runtime, env: {...sandbox.runtime.env, GOTUNE_GO_MIRROR: slimMirror.url, SHELL: '/usr/bin/zsh'}};
			const {install} = createInstallServices(runtime);
			const choices = await install.releases(undefined, quietContext());
			expect(choices).toEqual([{version: archive.version, note: `newest ${archive.version.replace(/\.\d+$/, '')}`}]);
			const plan = await install.plan({version: choices[0]!.version}, quietContext());
			expect(plan.prefix).toBe(path.join(home(), '.local', 'go'));
			expect(plan.startup?.file).toBe(path.join(home(), '.zshrc'));
			const result = await install.run(plan, quietContext());
			expect(await goVersion(path.join(home(), '.local', 'go', 'bin', 'go'))).toContain(archive.version);
			const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as unknown;
			expect(JSON.stringify(history)).toContain(`"changeSetId":"${result.changeSet}"`);
			expect(await install.requirement()).toBeUndefined();
		},
	);

	it.runIf(heavy)('kill -9 in the middle of extracting leaves the old tree usable, and the next install cleans up', async () => {
		await existingInstall();
		const child = execa(process.execPath, [CLI, 'install-go', '1.23', '--prefix', prefix(), '--mirror', mirror.url, '--yes'], {
			env: sandbox.env as Record<string, string>,
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
		});
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('never reached extraction')), 60_000);
			child.stderr!.on('data', (chunk: Buffer) => {
				if (/Extracting/.test(String(chunk))) {
					clearTimeout(timer);
					resolve();
				}
			});
		});
		child.kill('SIGKILL');
		const killed = await child;
		expect(killed.signal).toBe('SIGKILL');
		expect(await goVersion(path.join(prefix(), 'bin', 'go'))).toContain('go1.19');
		expect((await siblings()).some(n => n.includes('gotune-staging'))).toBe(true);
		const again = await install(['--json']);
		expect(again.exitCode, again.stderr).toBe(0);
		expect(await siblings()).toEqual(['go', path.basename((JSON.parse(again.stdout) as InstallJson).setAside!)]);
	});

	it.runIf(heavy)('refuses an unknown version with exit 2 naming the nearest releases', async () => {
		const result = await sandbox.cli(['install-go', '1.23.99', '--prefix', prefix(), '--mirror', mirror.url, '--yes']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/Go 1\.23\.99 is not in the release index; the nearest releases are 1\.23\.\d+, 1\.22\.12/);
		expect(await siblings()).toEqual([]);
	});

	it('--mirror at a closed port or answering HTML fails clearly within the timeout, changing nothing', async () => {
		const server = net.createServer();
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as net.AddressInfo).port;
		await new Promise(resolve => server.close(resolve));
		const closed = await sandbox.cli(['install-go', '--prefix', prefix(), '--mirror', `http://127.0.0.1:${port}/dl/`, '--yes'], {
			timeoutMs: 30_000,
		});
		expect(closed.exitCode).toBe(1);
		expect(closed.stderr).toContain(`cannot reach 127.0.0.1:${port}: connection refused`);
		const html = await startGoMirror([], {indexBody: '<html>Sign in to the Wi-Fi</html>'});
		try {
			const answer = await sandbox.cli(['install-go', '--prefix', prefix(), '--mirror', html.url, '--yes'], {timeoutMs: 30_000});
			expect(answer.exitCode).toBe(1);
			expect(answer.stderr).toContain('did not answer with JSON (it starts with "<html>Sign in to the Wi-Fi');
		} finally {
			await html.close();
		}
		expect(await siblings()).toEqual([]);
		const bad = await sandbox.cli(['install-go', '--mirror', 'ftp://example.com/', '--prefix', prefix()]);
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr).toContain('only http and https mirrors');
	});
});
