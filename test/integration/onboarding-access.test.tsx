import {randomBytes} from 'node:crypto';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, expect, it} from 'vitest';
import {createTeamProfileServices, type TeamProfileServices} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {startPrivateGitHost, teamRepoFor, type PrivateGitHost} from '../helpers/git-server.js';
import type {TestSandbox} from '../helpers/sandbox.js';
import {inflightTracker} from '../view/inflight.js';
import {renderOnboarding} from '../view/onboarding.js';
import type {Rendered} from '../view/render.js';

/**
 * The one-screen onboarding against a real private git host on loopback (helpers/git-server.ts): the repository's
 * remote is on the host the team profile's GOPRIVATE names, and the access row says what go would hit, for real.
 */
const USER = 'ana';
const SECRET = `pw-${randomBytes(8).toString('hex')}`;

let host: PrivateGitHost;
let sandbox: TestSandbox;
let repo: string;
let app: Rendered | undefined;

beforeAll(async () => {
	host = await startPrivateGitHost({user: USER, password: SECRET});
}, 60_000);
afterAll(async () => host?.close());

beforeEach(async () => {
	({sandbox, repo} = await teamRepoFor(host, {env: {GOPRIVATE: host.host}, reasons: {GOPRIVATE: 'our modules are private'}}));
});
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	await sandbox.cleanup();
});

async function show(): Promise<string> {
	const {track, settle} = inflightTracker();
	const real = createTeamProfileServices({...sandbox.runtime, cwd: repo}).teamProfile;
	const services: TeamProfileServices = {
		teamProfile: {...real, find: () => track(real.find()), plan: p => track(real.plan(p)), access: (p, c) => track(real.access(p, c))},
	};
	app = await renderOnboarding(services as Services, {height: 20});
	await settle();
	await app.waitFor(new RegExp(`[✓✗] ${host.host.replace(/\./g, '\\.')}`), 60_000);
	return app.lastFrame()!;
}

it('no credentials: the host row says so in plain words, with the gotune access --fix that reaches it', async () => {
	// Lines wrap at the box's width: compare the words.
	const frame = (await show()).replace(/\s+/g, ' ');
	expect(frame).toContain(`✗ ${host.host} asks for credentials and go's request for the ${host.modulePath} go-get page had none to send`);
	expect(frame).toContain(`fix: gotune access ${host.modulePath} --fix netrc --user NAME`);
	expect(frame).not.toContain(SECRET);
}, 90_000);

it('a right ~/.netrc: the host row is ok', async () => {
	await writeFile(path.join(sandbox.env['HOME']!, '.netrc'), `machine ${host.host} login ${USER} password ${SECRET}\n`, {mode: 0o600});
	const frame = await show();
	expect(frame).toMatch(
		new RegExp(`✓ ${host.host.replace(/\./g, '\\.')}: go can fetch ${host.modulePath.replace(/\./g, '\\.')} \\(git over https\\)`),
	);
	expect(frame).not.toContain(SECRET);
}, 90_000);
