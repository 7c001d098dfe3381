import {randomBytes} from 'node:crypto';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, expect, it} from 'vitest';
import {openJournal} from '../../source/core/journal/index.js';
import {createTeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {startPrivateGitHost, teamRepoFor, type PrivateGitHost} from '../helpers/git-server.js';
import type {TestSandbox} from '../helpers/sandbox.js';
import {renderOnboarding} from '../view/onboarding.js';
import {keys, type Rendered} from '../view/render.js';

/**
 * A failing private host's fix applied in the onboarding (issue 21), against a real private git host on loopback
 * (helpers/git-server.ts) and the real go: f, the user name and the password in a masked field, y; the row turns ok
 * and `go mod download` of the private module passes; the password is in no frame and no file gotune keeps; the
 * change set rolls ~/.netrc back byte for byte.
 */
const USER = 'ana';
// Unique per run, so finding it anywhere can only mean gotune put it there.
const SECRET = `pw-${randomBytes(8).toString('hex')}`;
// A ~/.netrc that already holds another host's entry (no trailing newline): rollback must give back these bytes.
const NETRC_BEFORE = 'machine other.example login bo password other-secret';

let host: PrivateGitHost;
let sandbox: TestSandbox;
let repo: string;
let app: Rendered | undefined;

beforeAll(async () => {
	host = await startPrivateGitHost({user: USER, password: SECRET});
}, 60_000);
afterAll(async () => host?.close());

beforeEach(async () => {
	({sandbox, repo} = await teamRepoFor(host, {env: {GOPRIVATE: host.host}}));
});
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox.cleanup();
});

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function filesUnder(dir: string): Promise<string[]> {
	const entries = await readdir(dir, {withFileTypes: true, recursive: true}).catch(() => []);
	return entries.filter(e => e.isFile()).map(e => path.join(e.parentPath, e.name));
}

it('f on a host without credentials: user and masked password typed at once, y: the row is ok, go mod download passes, rollback restores ~/.netrc', async () => {
	const netrc = path.join(sandbox.env['HOME']!, '.netrc');
	await writeFile(netrc, NETRC_BEFORE, {mode: 0o600});
	const runtime = {...sandbox.runtime, cwd: repo};
	app = await renderOnboarding(createTeamProfileServices(runtime) as Services, {rows: 40});
	await app.waitFor(new RegExp(`✗ ${escaped(host.host)}`), 60_000);
	expect(app.lastFrame()).toContain('f: fix access');

	await app.press('f');
	await app.waitFor(/User name/, 60_000);
	expect(app.lastFrame()).toMatch(/--fix netrc/);
	expect(app.lastFrame()).toMatch(/Reaches: ~\/\.netrc is read by go's own https requests/);
	// The user name, Enter and the password in one read, as a fast typist or a paste delivers them; the field draws
	// one * per character (a frame with the password on it, which the check of every frame below would catch).
	await app.press(`${USER}\r${SECRET}`);
	await app.waitFor(new RegExp(`Password or token \\(not shown\\): \\*{${SECRET.length}}`));
	await app.press('\r');
	await app.waitFor(/Apply this change\? y\/N/, 60_000);
	expect(app.lastFrame()).toContain(`machine ${host.host} login ${USER} password ********`);
	await app.press('y');
	const done = (await app.waitFor(/go mod download \S+ (passed|failed)/, 180_000)).replace(/\s+/g, ' ');
	expect(done).toMatch(new RegExp(`✓ go mod download ${escaped(host.modulePath)}@latest passed`));
	expect(done).toMatch(new RegExp(`✓ ${escaped(host.host)}: go can fetch`));
	const setId = /Applied change set #(\d+)/.exec(done)?.[1];
	expect(setId).toBeDefined();
	await app.press('\r');
	await app.waitFor(/Team profile/);
	expect(app.lastFrame()).toMatch(new RegExp(`✓ ${escaped(host.host)}: go can fetch`));
	expect(app.lastFrame()).not.toContain('f: fix access');

	// The password: in ~/.netrc (where it belongs), in no frame and no file gotune keeps, not in the report.
	expect(await readFile(netrc, 'utf8')).toContain(`password ${SECRET}`);
	for (const frame of app.frames) expect(frame).not.toContain(SECRET);
	const kept = await filesUnder(sandbox.env['GOTUNE_HOME']!);
	expect(kept.length).toBeGreaterThan(0);
	for (const file of kept) expect(await readFile(file, 'utf8'), file).not.toContain(SECRET);
	const report = await sandbox.cli(['report', '--json']);
	expect(report.stdout.length).toBeGreaterThan(0);
	expect(`${report.stdout}${report.stderr}`).not.toContain(SECRET);

	// One change set, shown in the rollback log with its origin; rolling it back gives back the bytes.
	const journal = openJournal(sandbox.runtime);
	const sets = await journal.changeSets();
	expect(sets.map(s => s.id)).toEqual([setId]);
	expect(sets[0]!.origin).toBe('access:fix-netrc');
	await journal.rollback({kind: 'last'});
	expect(await readFile(netrc, 'latin1')).toBe(NETRC_BEFORE);
}, 300_000);

it('Esc while typing the password: nothing is written, the row still fails', async () => {
	const runtime = {...sandbox.runtime, cwd: repo};
	app = await renderOnboarding(createTeamProfileServices(runtime) as Services, {rows: 40, ascii: true});
	await app.waitFor(new RegExp(`\\[x\\] ${escaped(host.host)}`), 60_000);
	await app.press('f');
	await app.waitFor(/User name/, 60_000);
	await app.press(`${USER}\r`, SECRET.slice(0, 5));
	await app.waitFor(/Password or token \(not shown\): \*{5}/);
	await app.press(keys.escape);
	await app.waitFor(/Team profile/);
	expect(app.lastFrame()).toMatch(new RegExp(`\\[x\\] ${escaped(host.host)}`));
	for (const frame of app.frames) expect(frame).not.toContain(SECRET.slice(0, 5));
	expect(await openJournal(sandbox.runtime).changeSets()).toEqual([]);
	await expect(readFile(path.join(sandbox.env['HOME']!, '.netrc'))).rejects.toThrow();
}, 120_000);
