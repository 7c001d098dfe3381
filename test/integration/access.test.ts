import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startPrivateGitHost, type PrivateGitHost} from '../helpers/git-server.js';
import {makeUserKey, SSHD, startSshGitHost, type SshGitHost} from '../helpers/ssh-server.js';
import {makeSandbox, type CliResult, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

/**
 * Private modules that download (issue 21), against a real private git host on loopback (git http-backend behind
 * HTTPS with basic auth, see helpers/git-server.ts) and the real go: every fix is proven by `go mod download` of the
 * private module, then rolled back byte for byte; the password is looked for in everything gotune printed or stored.
 */
const USER = 'ana';
// Unique per run, so finding it anywhere can only mean gotune put it there.
const SECRET = `pw-${randomBytes(8).toString('hex')}`;
const goauthAvailable = testGoMinor() >= 24;

let host: PrivateGitHost;
let sandbox: TestSandbox;
let home: string;
const outputs: string[] = [];

beforeAll(async () => {
	host = await startPrivateGitHost({user: USER, password: SECRET});
}, 60_000);
afterAll(async () => host?.close());

beforeEach(async () => {
	sandbox = await makeSandbox({extraEnv: {...host.env, GOPRIVATE: host.host, GIT_CONFIG_NOSYSTEM: '1'}});
	home = sandbox.env['HOME']!;
	await mkdir(home, {recursive: true});
	outputs.length = 0;
});
afterEach(async () => {
	await expectSecretNowhere();
	await sandbox.cleanup();
});

async function cli(args: string[], options: {input?: string; env?: Record<string, string>} = {}): Promise<CliResult> {
	const result = await sandbox.cli(args, {...options, timeoutMs: 90_000});
	outputs.push(result.stdout, result.stderr);
	return result;
}

async function access(args: string[] = [], options: {input?: string; env?: Record<string, string>} = {}) {
	const result = await cli(['access', '--json', ...args], options);
	return {
		...result,
		json: JSON.parse(result.stdout) as {
			hosts: Array<Record<string, unknown>>;
			changeSet: string | null;
			fixes?: Array<Record<string, unknown>>;
		},
	};
}

/** The proof: the real go downloads the private module, into a fresh module cache each time (no cached answer). */
async function goDownload(env: Record<string, string> = {}): Promise<{ok: boolean; output: string}> {
	const cache = await mkdtemp(path.join(sandbox.dir, 'modcache-'));
	const run = await execa(sandbox.goBin, ['mod', 'download', '-json', `${host.modulePath}@v1.0.0`], {
		cwd: sandbox.dir,
		env: {...(sandbox.env as Record<string, string>), GOMODCACHE: cache, GOFLAGS: '-modcacherw', ...env},
		extendEnv: false,
		reject: false,
		timeout: 90_000,
	});
	await rm(cache, {recursive: true, force: true});
	return {ok: run.exitCode === 0, output: `${run.stdout}\n${run.stderr}`};
}

/**
 * Files gotune keeps (journal, preferences, history, reports) and everything it printed: no password in clear. EXCEPT:
 * directories meant to hold it (the credential store the credential-helper fix puts in place, mode 0600).
 */
async function expectSecretNowhere(except: string[] = []): Promise<void> {
	const report = await cli(['report', '--json']);
	await cli(['history', '--json']);
	for (const text of outputs) expect(text).not.toContain(SECRET);
	expect(report.stdout.length).toBeGreaterThan(0);
	for (const file of await filesUnder(sandbox.env['GOTUNE_HOME']!))
		if (!except.some(dir => file.startsWith(dir + path.sep))) expect(await readFile(file, 'utf8'), file).not.toContain(SECRET);
	const goenv = await readFile(sandbox.env['GOENV']!, 'utf8').catch(() => '');
	expect(goenv).not.toContain(SECRET);
}

async function filesUnder(dir: string): Promise<string[]> {
	const entries = await readdir(dir, {withFileTypes: true, recursive: true}).catch(() => []);
	return entries.filter(e => e.isFile()).map(e => path.join(e.parentPath, e.name));
}

const hostOf = (json: {hosts: Array<Record<string, unknown>>}) => json.hosts.find(h => h['host'] === host.host)!;

describe('gotune access against a private git host on loopback', () => {
	it('no credentials: go-get asks for them, go fails too; --fix netrc without the password on stdin is bad input', async () => {
		const result = await access([host.modulePath]);
		expect(result.exitCode).toBe(1);
		expect(hostOf(result.json)).toMatchObject({ok: false, problem: 'no-credentials', stage: 'go-get', patterns: [host.host]});
		expect((await goDownload()).ok).toBe(false);
		const noStdin = await cli(['access', '--fix', 'netrc', '--user', USER]);
		expect(noStdin.exitCode).toBe(2);
		expect(noStdin.stderr).toMatch(/--password-stdin/);
		const spaced = await cli(['access', '--fix', 'netrc', '--user', USER, '--password-stdin'], {input: `${SECRET} x\n`});
		expect(spaced.exitCode).toBe(2);
		expect(spaced.stderr).toMatch(/white space/);
		expect((await cli(['access', '--fix', 'netrc', '--user', USER, '--password-stdin'], {input: ''})).exitCode).toBe(2);
		expect((await cli(['access', '--fix', 'tokens'])).exitCode).toBe(2);
		expect((await cli(['access', 'Not A Path!'])).exitCode).toBe(2);
	});

	it('wrong password in ~/.netrc: wrong credentials; --fix netrc is not offered over the entry go and git read first', async () => {
		const netrc = path.join(home, '.netrc');
		await writeFile(netrc, `machine ${host.host} login ${USER} password not-the-password\n`, {mode: 0o600});
		const result = await access([host.modulePath, '--fix', 'netrc', '--user', USER, '--password-stdin', '--yes'], {input: `${SECRET}\n`});
		expect(result.exitCode).toBe(1);
		expect(hostOf(result.json)).toMatchObject({ok: false, problem: 'wrong-credentials', stage: 'go-get'});
		expect(result.json.fixes).toEqual([
			expect.objectContaining({kind: 'netrc', offered: false, why: expect.stringMatching(/already has an entry/)}),
		]);
		expect(result.json.changeSet).toBeNull();
		expect((await goDownload()).ok).toBe(false);
	});

	it('--fix netrc: the entry (mode 0600) makes go download the module; rollback restores ~/.netrc byte for byte', async () => {
		const netrc = path.join(home, '.netrc');
		const before = 'machine other.example login bob password other-secret\n# kept as is, no newline at the end';
		await writeFile(netrc, before, {mode: 0o640});
		const fixed = await access([host.modulePath, '--fix', 'netrc', '--user', USER, '--password-stdin', '--yes'], {input: `${SECRET}\n`});
		expect(fixed.exitCode, fixed.stderr).toBe(0);
		expect(hostOf(fixed.json)).toMatchObject({ok: true, method: 'https', problem: null});
		expect(fixed.json.changeSet).not.toBeNull();
		expect(fixed.stderr).toContain('password ********');
		expect(await readFile(netrc, 'utf8')).toContain(`machine ${host.host} login ${USER} password ${SECRET}`);
		const download = await goDownload();
		expect(download.ok, download.output).toBe(true);

		const rollback = await cli(['rollback', '--to', fixed.json.changeSet!, '--yes', '--json']);
		expect(rollback.exitCode, rollback.stderr).toBe(0);
		expect(await readFile(netrc, 'utf8')).toBe(before);
		expect((await stat(netrc)).mode & 0o777).toBe(0o640);
		expect((await goDownload()).ok).toBe(false);
	});

	it('a crash during --fix netrc: finish completes a written block, refuses one it never saw written (no secret to write); rollback cleans up', async () => {
		const netrc = path.join(home, '.netrc');
		const fix = ['access', host.modulePath, '--fix', 'netrc', '--user', USER, '--password-stdin', '--yes'];
		const early = await cli(fix, {input: SECRET, env: {GOTUNE_TEST_CRASH_AT: 'steps-after-journal'}});
		expect(early.signal).toBe('SIGKILL');
		const refused = await cli(['finish', '1', '--yes']);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toMatch(/holds a secret the journal never recorded/);
		expect((await cli(['rollback', '--all', '--yes'])).exitCode).toBe(0);
		await expect(stat(netrc)).rejects.toThrow(/ENOENT/);

		const late = await cli(fix, {input: SECRET, env: {GOTUNE_TEST_CRASH_AT: 'after-block-write'}});
		expect(late.signal).toBe('SIGKILL');
		expect((await cli(['finish', '2', '--yes'])).exitCode).toBe(0);
		expect(await readFile(netrc, 'utf8')).toContain(`password ${SECRET}`);
		expect((await cli(['rollback', '--to', '2', '--yes'])).exitCode).toBe(0);
		await expect(stat(netrc)).rejects.toThrow(/ENOENT/);
	});

	it('--fix netrc creates ~/.netrc with mode 0600, and rollback removes it again', async () => {
		const netrc = path.join(home, '.netrc');
		const fixed = await access(['--fix', 'netrc', '--user', USER, '--password-stdin', '--yes', host.modulePath], {input: SECRET});
		expect(fixed.exitCode, fixed.stderr).toBe(0);
		expect((await stat(netrc)).mode & 0o777).toBe(0o600);
		const rollback = await cli(['rollback', '--last', '--yes']);
		expect(rollback.exitCode).toBe(0);
		// The heading names what the set touches (~/.netrc), not the GOENV file it never wrote.
		expect(rollback.stdout).toMatch(/^Roll back 1 change set:$/m);
		expect(rollback.stdout).toMatch(/#\d+ .*access:fix-netrc.*\(~\/\.netrc\)$/m);
		await expect(stat(netrc)).rejects.toThrow(/ENOENT/);
	});

	it('NETRC reaches go alone: git then fails; --fix insteadof (git only) is offered, switches git to SSH, and rolls back byte for byte', async () => {
		const goOnly = path.join(sandbox.dir, 'go-netrc');
		await writeFile(goOnly, `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
		const env = {NETRC: goOnly};
		const gitconfig = path.join(home, '.gitconfig');
		const before = '[user]\n\tname = Ana\n[core]\n\teditor = vi';
		await writeFile(gitconfig, before);
		const result = await access([host.modulePath], {env});
		expect(hostOf(result.json)).toMatchObject({ok: false, problem: 'no-credentials', stage: 'git', method: 'https'});
		expect((await goDownload(env)).ok).toBe(false);

		const goauth = await access([host.modulePath, '--fix', 'goauth', '--yes'], {env});
		expect(goauth.json.fixes![0]).toMatchObject({offered: false});

		const fixed = await access([host.modulePath, '--fix', 'insteadof', '--yes'], {env});
		expect(fixed.json.changeSet).not.toBeNull();
		expect(hostOf(fixed.json)).toMatchObject({ok: false, method: 'ssh'});
		const config = await readFile(gitconfig, 'utf8');
		expect(config.startsWith(before)).toBe(true);
		const rewritten = await execa('git', ['ls-remote', '--get-url', `https://${host.host}/acme/widgets.git`], {
			env: sandbox.env as Record<string, string>,
			extendEnv: false,
		});
		expect(rewritten.stdout.trim()).toBe(`git@${host.host}:acme/widgets.git`);
		expect((await cli(['rollback', '--to', fixed.json.changeSet!, '--yes'])).exitCode).toBe(0);
		expect(await readFile(gitconfig, 'utf8')).toBe(before);
	});

	it('a wrong password in ~/.netrc behind a right NETRC: go-get passes, git is refused; the plain words say so', async () => {
		const goOnly = path.join(sandbox.dir, 'go-netrc');
		await writeFile(goOnly, `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
		await writeFile(path.join(home, '.netrc'), `machine ${host.host} login ${USER} password wrong\n`, {mode: 0o600});
		const env = {NETRC: goOnly};
		const result = await access([host.modulePath], {env});
		expect(result.exitCode).toBe(1);
		expect(hostOf(result.json)).toMatchObject({ok: false, problem: 'wrong-credentials', stage: 'git', method: 'https'});
		const text = await cli(['access', host.modulePath], {env});
		expect(text.stdout).toContain(`${host.host} refused the credentials git (https) sent`);
		expect((await goDownload(env)).ok).toBe(false);
	});

	it("finds the hosts itself: the repository's git remote under the team profile's GOPRIVATE (none in force)", async () => {
		const repo = path.join(sandbox.dir, 'repo');
		await mkdir(repo);
		const git = (args: string[]) => execa('git', args, {cwd: repo, env: sandbox.env as Record<string, string>, extendEnv: false});
		await git(['init', '-q']);
		await git(['remote', 'add', 'origin', `https://${host.host}/acme/widgets.git`]);
		await writeFile(path.join(repo, 'gotune.json'), JSON.stringify({env: {GOPRIVATE: `${host.host}/acme`}}));
		const result = await sandbox.cli(['access', '--json'], {cwd: repo, env: {GOPRIVATE: ''}});
		outputs.push(result.stdout, result.stderr);
		expect(JSON.parse(result.stdout).hosts).toEqual([
			expect.objectContaining({host: host.host, patterns: [`${host.host}/acme`], module: host.modulePath, problem: 'no-credentials'}),
		]);
		const none = await sandbox.cli(['access'], {env: {GOPRIVATE: ''}});
		expect(none).toMatchObject({exitCode: 0, stdout: expect.stringMatching(/^No private modules here/)});
	});

	it('repo absent: the host answers go-get, git finds no repository; a path the host does not know is absent too', async () => {
		await writeFile(path.join(home, '.netrc'), `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
		const result = await access([`${host.host}/acme/gone`, `${host.host}/elsewhere/thing`]);
		expect(result.exitCode).toBe(1);
		expect(hostOf(result.json)).toMatchObject({ok: false, problem: 'repo-absent', stage: 'git', module: `${host.host}/acme/gone`});
		const other = await access([`${host.host}/elsewhere/thing`]);
		expect(hostOf(other.json)).toMatchObject({ok: false, problem: 'repo-absent', stage: 'go-get'});
	});

	it('an unreachable host is said so, exit 1', async () => {
		const result = await access(['unreachable.example/acme/tools']);
		expect(result.exitCode).toBe(1);
		expect(result.json.hosts[0]).toMatchObject({host: 'unreachable.example', ok: false, problem: 'unreachable'});
	});

	describe("--fix credential-helper: a git credential store of gotune's, named in git config for the host", () => {
		// A host that answers go-get to anyone (as GitLab does): only the git that go runs needs credentials.
		let open: PrivateGitHost;
		beforeAll(async () => {
			open = await startPrivateGitHost({user: USER, password: SECRET, openGoGet: true});
		}, 60_000);
		afterAll(async () => open?.close());

		it("is not offered for go's own request (it reads no git helper unless GOAUTH='git DIR')", async () => {
			const result = await access([host.modulePath, '--fix', 'credential-helper', '--user', USER, '--password-stdin', '--yes'], {
				input: SECRET,
			});
			expect(result.json.fixes).toEqual([
				expect.objectContaining({kind: 'credential-helper', offered: false, why: expect.stringMatching(/go's own/)}),
			]);
			expect(result.json.changeSet).toBeNull();
			expect(await readdir(path.join(sandbox.env['GOTUNE_HOME']!, 'credentials')).catch(() => [])).toEqual([]);
			expect((await cli(['access', '--fix', 'credential-helper'])).exitCode).toBe(2);
			expect((await cli(['access', '--fix', 'insteadof', '--user', USER])).exitCode).toBe(2);
		});

		it('git without credentials fails; the fix makes go download the module; rollback removes store and config block byte for byte', async () => {
			const env = open.env;
			const gitconfig = path.join(home, '.gitconfig');
			const before = '[user]\n\tname = Ana\n[core]\n\teditor = vi';
			await writeFile(gitconfig, before);
			const none = await access([open.modulePath], {env});
			expect(hostOf(none.json)).toMatchObject({ok: false, problem: 'no-credentials', stage: 'git', method: 'https'});
			expect((await goDownload(env)).ok).toBe(false);

			const fixed = await access([open.modulePath, '--fix', 'credential-helper', '--user', USER, '--password-stdin', '--yes'], {
				env,
				input: `${SECRET}\n`,
			});
			expect(fixed.exitCode, fixed.stderr).toBe(0);
			expect(hostOf(fixed.json)).toMatchObject({ok: true, method: 'https', problem: null});
			expect(fixed.stderr).toContain(`https://${USER}:********@${open.host}`);
			const storeDir = path.join(sandbox.env['GOTUNE_HOME']!, 'credentials', open.host);
			const store = path.join(storeDir, 'store');
			expect((await stat(store)).mode & 0o777).toBe(0o600);
			expect((await stat(storeDir)).mode & 0o777).toBe(0o700);
			expect(await readFile(store, 'utf8')).toBe(`https://${USER}:${SECRET}@${open.host}\n`);
			expect((await readFile(gitconfig, 'utf8')).startsWith(before)).toBe(true);
			// Only the directory gotune put in place remains: no staging copy of the password beside it.
			expect(await readdir(path.dirname(storeDir))).toEqual([open.host]);
			// A line on top that git keeps but reorders when it rewrites the store after a login it approves (the
			// credential first, other lines after): the rewrite that would break a marked block in ~/.git-credentials.
			await writeFile(store, `# first line\nhttps://${USER}:${encodeURIComponent(SECRET)}@${open.host}\n`);
			const download = await goDownload(env);
			expect(download.ok, download.output).toBe(true);
			expect(await readFile(store, 'utf8')).toBe(`https://${USER}:${SECRET}@${open.host}\n# first line\n`);

			// The store is gotune's own file: rollback removes it whatever git rewrote in it since.
			await expectSecretNowhere([storeDir]);
			const rollback = await cli(['rollback', '--to', fixed.json.changeSet!, '--yes']);
			expect(rollback.exitCode, rollback.stderr).toBe(0);
			expect(await readFile(gitconfig, 'utf8')).toBe(before);
			await expect(stat(storeDir)).rejects.toThrow(/ENOENT/);
			expect((await goDownload(env)).ok).toBe(false);
		});
	});

	describe.runIf(existsSync(SSHD))('git over SSH against a throwaway sshd on loopback (skipped without openssh-server)', () => {
		// go-get answers anyone, so git's fetch (over SSH once insteadOf rewrites it) is the request that matters.
		let open: PrivateGitHost;
		beforeAll(async () => {
			open = await startPrivateGitHost({user: USER, password: SECRET, openGoGet: true});
		}, 60_000);
		afterAll(async () => open?.close());
		let ssh: SshGitHost | undefined;
		afterEach(async () => ssh?.close());

		it('--fix insteadof without an SSH key: warned first, then classified "SSH key missing" in plain words; go fails', async () => {
			ssh = await startSshGitHost({host: open.host, root: open.reposDir, identity: path.join(home, '.ssh', 'id_ed25519')});
			const env = {...open.env, GIT_SSH_COMMAND: ssh.sshCommand};
			const fixed = await access([open.modulePath, '--fix', 'insteadof', '--yes'], {env});
			expect(fixed.stderr).toMatch(/no SSH key in ~\/\.ssh/);
			expect(fixed.json.changeSet).not.toBeNull();
			expect(hostOf(fixed.json)).toMatchObject({ok: false, method: 'ssh', problem: 'ssh-key-missing', stage: 'git'});
			expect(String(hostOf(fixed.json)['detail'])).toMatch(/Permission denied \(publickey\)/);
			const text = await cli(['access', open.modulePath], {env});
			expect(text.stdout).toContain(`${open.host} refused SSH: no key it accepts is loaded`);
			expect((await goDownload(env)).ok).toBe(false);
		});

		it('with a key the host accepts (the remote named over ssh:// in your own git config): ok, and go downloads over SSH', async () => {
			const identity = path.join(home, '.ssh', 'id_ed25519');
			const key = await makeUserKey(identity);
			ssh = await startSshGitHost({host: open.host, root: open.reposDir, identity, authorizedKey: key});
			await writeFile(path.join(home, '.gitconfig'), `[url "ssh://${ssh.user}@${open.host}/"]\n\tinsteadOf = https://${open.host}/\n`);
			const env = {...open.env, GIT_SSH_COMMAND: ssh.sshCommand};
			const result = await access([open.modulePath], {env});
			expect(result.exitCode, JSON.stringify(result.json)).toBe(0);
			expect(hostOf(result.json)).toMatchObject({ok: true, method: 'ssh'});
			const download = await goDownload(env);
			expect(download.ok, download.output).toBe(true);
		});
	});

	describe.runIf(goauthAvailable)('GOAUTH (go >= 1.24; skipped on older go, which has no GOAUTH)', () => {
		it('GOAUTH=off sends nothing even with a right ~/.netrc; --fix goauth sets netrc, go downloads, rollback restores the GOENV file', async () => {
			await writeFile(path.join(home, '.netrc'), `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
			await sandbox.go.run(['env', '-w', 'GOAUTH=off']);
			const goenvBefore = await readFile(sandbox.env['GOENV']!);
			const off = await access([host.modulePath]);
			expect(hostOf(off.json)).toMatchObject({ok: false, problem: 'no-credentials', stage: 'go-get'});
			expect((await goDownload()).ok).toBe(false);
			const netrcFix = await access([host.modulePath, '--fix', 'netrc', '--user', USER, '--password-stdin', '--yes'], {input: SECRET});
			expect(netrcFix.json.fixes![0]).toMatchObject({offered: false, why: expect.stringMatching(/GOAUTH=off/)});

			const fixed = await access([host.modulePath, '--fix', 'goauth', '--yes']);
			expect(fixed.exitCode, fixed.stderr).toBe(0);
			expect(hostOf(fixed.json)).toMatchObject({ok: true});
			const download = await goDownload();
			expect(download.ok, download.output).toBe(true);
			expect((await cli(['rollback', '--to', fixed.json.changeSet!, '--yes'])).exitCode).toBe(0);
			expect(await readFile(sandbox.env['GOENV']!)).toEqual(goenvBefore);
		});

		it('GOAUTH="git DIR" asks git credential fill: without a helper nothing, with one go downloads', async () => {
			const dir = sandbox.dir;
			await sandbox.go.run(['env', '-w', `GOAUTH=git ${dir}`]);
			const none = await access([host.modulePath]);
			expect(hostOf(none.json)).toMatchObject({ok: false, problem: 'no-credentials', stage: 'go-get'});
			expect((await goDownload()).ok).toBe(false);
			const store = path.join(sandbox.dir, 'git-credentials');
			await writeFile(store, `https://${USER}:${SECRET}@${host.host}\n`, {mode: 0o600});
			await execa('git', ['config', '--global', 'credential.helper', `store --file=${store}`], {
				env: sandbox.env as Record<string, string>,
				extendEnv: false,
			});
			const withHelper = await access([host.modulePath]);
			expect(hostOf(withHelper.json)).toMatchObject({ok: true});
			const download = await goDownload();
			expect(download.ok, download.output).toBe(true);
		});

		it('GOAUTH=netrc (the default) with a right ~/.netrc: ok, and go downloads', async () => {
			await writeFile(path.join(home, '.netrc'), `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
			await sandbox.go.run(['env', '-w', 'GOAUTH=netrc']);
			const result = await access([host.modulePath]);
			expect(result.exitCode).toBe(0);
			expect((await goDownload()).ok).toBe(true);
		});
	});

	it.skipIf(goauthAvailable)('go < 1.24 has no GOAUTH: --fix goauth is not offered, saying why', async () => {
		const result = await access([host.modulePath, '--fix', 'goauth', '--yes']);
		expect(result.json.fixes![0]).toMatchObject({offered: false, why: expect.stringMatching(/came in go 1\.24/)});
	});
});
