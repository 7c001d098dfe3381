// Ctrl-C while the wizard installs Go (issue 13), in a real terminal (tmux): the Toolchain step's `i` action (pick a
// release, see the plan, confirm, download) against a loopback Go download mirror that stalls in the middle of the
// archive, so the download is under way when Ctrl-C comes. gotune must exit 130, give the terminal back, and leave
// nothing behind: no tree at the prefix, no staging directory or partial archive, the start-up files, the GOENV file
// and the journal as they were.
//
// The archive is not a real Go archive: only its first STALL_AFTER bytes ever leave the mirror, and nothing reads
// them before the interrupt. So unlike the full installs of install-go-cli.test.ts, which need the Go 1.23 archive
// built from Debian's toolchain and run in the go1.23 project only, this test is cheap and runs with every toolchain
// under test (what changes is the go on PATH that the Toolchain step finds, as there).
import {createHash} from 'node:crypto';
import {readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {currentPlatform} from '../../source/core/install/resolve.js';
import {formatBytes} from '../../source/text/units.js';
import {startGoMirror} from '../helpers/go-mirror.js';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';
import {hasTmux, shellQuote, startTmux, type TmuxSession} from './tmux.js';
import {exists, expectTerminalUsable, journalEntries, press, settingsSnapshot, stepText, TOOLCHAIN_FINDINGS} from './wizard-helpers.js';

const tmuxInstalled = await hasTmux();
const LONG = 60_000;

/**
 * Two releases newer than the go under test, and the mirror lists the one between: the go under test is then
 * unsupported in the release table the Toolchain step refreshes from GOTUNE_GO_MIRROR, whichever of 1.19, 1.23,
 * 1.26 or 1.27 it is, so the step offers `i` (install Go) throughout.
 */
const MINOR = testGoMinor();
const VERSION = `go1.${MINOR + 2}.1`;
const BETWEEN = `go1.${MINOR + 1}.8`;
const SIZE = 16 * 1024 * 1024;
/** The mirror sends this much of the archive, then nothing more until it is closed. */
const STALL_AFTER = 2_000_000;

let sandbox: TestSandbox | undefined;
let session: TmuxSession | undefined;
let mirror: Awaited<ReturnType<typeof startGoMirror>> | undefined;

afterEach(async () => {
	await session?.kill();
	await mirror?.close();
	await sandbox?.cleanup();
	session = undefined;
	mirror = undefined;
	sandbox = undefined;
});

/** TEXT matched as it is, in a RegExp. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every path under DIR, directories included, relative to it. */
async function allPaths(dir: string): Promise<string[]> {
	const entries = await readdir(dir, {recursive: true});
	return entries.map(String).sort();
}

describe.skipIf(!tmuxInstalled)('Ctrl-C while the wizard installs Go (tmux)', () => {
	it('during the download: exit 130, the terminal usable, nothing installed, no partial archive, settings and journal as they were', async () => {
		const {os, arch} = currentPlatform();
		const filename = `${VERSION}.${os}-${arch}.tar.gz`;
		const body = Buffer.alloc(SIZE, 'not a go archive\n');
		mirror = await startGoMirror(
			[{filename, body, sha256: createHash('sha256').update(body).digest('hex'), size: SIZE, version: VERSION, os, arch}],
			{extraReleases: [{version: BETWEEN, stable: true}], stallAfter: STALL_AFTER},
		);
		// bash, with a ~/.profile that does not source ~/.bashrc: the plan puts its PATH block in ~/.profile, one of the
		// start-up files compared below.
		sandbox = await makeSandbox({extraEnv: {SHELL: '/bin/bash'}});
		const env: Record<string, string> = {
			...Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined)),
			GOTUNE_GO_MIRROR: mirror.url,
		};
		const home = env['HOME']!;
		await writeFile(path.join(home, '.profile'), '# sandbox profile\nexport PATH="$HOME/bin:$PATH"\n');
		await writeFile(path.join(home, '.bashrc'), 'alias ll="ls -l"\n');
		await writeFile(env['GOENV']!, 'GOPRIVATE=kept.example\n');
		const before = await settingsSnapshot(env);
		// Where the wizard installs for a user without --prefix: with --sandbox, never /usr/local/go (even as root).
		const prefix = path.join(home, '.local', 'go');

		// --sandbox: every path gotune writes stays in the sandbox (journal-undo.e2e.test.ts starts it the same way).
		const start = `cd ${shellQuote(sandbox.dir)} && exec ${[process.execPath, CLI, '--sandbox', sandbox.dir].map(shellQuote).join(' ')}`;
		const s = (session = await startTmux(['sh', '-c', start], {cols: 120, rows: 40, env}));
		await s.waitFor(TOOLCHAIN_FINDINGS, LONG);
		await s.waitFor('i install Go', LONG);
		await press(s, 'i', 'pick a release', LONG);
		await s.waitFor(new RegExp(`[❯>] ${literal(VERSION)} +newest go1\\.${MINOR + 2}`));
		// The plan: the prefix inside the sandbox (checked before anything is confirmed), the PATH block for ~/.profile.
		const plan = await press(s, 'Enter', `Install ${VERSION} at ${prefix}? [y/N]`, LONG);
		expect(plan).toContain(`${filename}  ${formatBytes(SIZE)}  from ${mirror.url}`);
		// The plan's rows wrap whole in the box: read as the step's text.
		expect(stepText(plan)).toContain(`PATH block added to ${path.join(home, '.profile')}: export PATH=`);

		// Confirmed: the download starts and stops after STALL_AFTER bytes, the mirror holding the connection open.
		await press(s, 'y', `Installing ${VERSION} at ${prefix}`, LONG);
		await s.waitFor(new RegExp(`Downloading ${literal(filename)} .*${literal(`${formatBytes(STALL_AFTER)}/${formatBytes(SIZE)}`)}`), LONG);
		expect(mirror.requests).toContain(`/dl/${filename}`);
		await s.send('C-c');
		expect(await s.exitStatus(LONG)).toBe(130);
		await expectTerminalUsable(s);

		// Nothing installed: no tree at the prefix, and nothing beside it (the download's staging directory and its
		// partial archive are removed before the process exits); no archive anywhere in the sandbox.
		expect(await exists(prefix)).toBe(false);
		expect(await readdir(path.dirname(prefix)).catch(() => [])).toEqual([]);
		expect((await allPaths(sandbox.dir)).filter(name => /gotune-staging|\.tar\.gz$/.test(name))).toEqual([]);
		// The start-up files and the GOENV file byte for byte as before, and no change set in the journal.
		expect(await settingsSnapshot(env)).toEqual(before);
		expect(await journalEntries(sandbox, env)).toEqual([]);
	});
});
