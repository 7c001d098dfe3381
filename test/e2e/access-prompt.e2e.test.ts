import {randomBytes} from 'node:crypto';
import {mkdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startPrivateGitHost, type PrivateGitHost} from '../helpers/git-server.js';
import {CLI, makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {hasTmux, startTmux} from './tmux.js';

const tmuxInstalled = await hasTmux();
const SECRET = `pw-${randomBytes(8).toString('hex')}`;

let host: PrivateGitHost;
let sandbox: TestSandbox;

beforeAll(async () => {
	host = await startPrivateGitHost({user: 'ana', password: SECRET});
	sandbox = await makeSandbox({extraEnv: {...host.env, GOPRIVATE: host.host, GIT_CONFIG_NOSYSTEM: '1'}});
	await mkdir(sandbox.env['HOME']!, {recursive: true});
}, 60_000);
afterAll(async () => {
	await sandbox?.cleanup();
	await host?.close();
});

describe.skipIf(!tmuxInstalled)('gotune access --fix netrc in a real terminal (tmux)', () => {
	it('asks for the password with nothing echoed; the screen and every byte sent to the terminal stay free of it', async () => {
		const env = Object.fromEntries(Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined));
		const rawLog = path.join(sandbox.dir, 'pane.log');
		const s = await startTmux([process.execPath, CLI, 'access', host.modulePath, '--fix', 'netrc', '--user', 'ana'], {env, rawLog});
		try {
			await s.waitFor('Password or token for ana (not shown):', 60_000);
			await s.type(SECRET);
			await s.send('Enter');
			await s.waitFor('Apply this change? [y/N]', 30_000);
			await s.type('y');
			await s.send('Enter');
			expect(await s.exitStatus(60_000)).toBe(0);
			const screen = await s.history();
			expect(screen).toContain('password ********');
			expect(screen).toMatch(/(✓|\[ok\]) private\.example/);
			expect(screen).not.toContain(SECRET);
			expect(await readFile(rawLog, 'utf8')).not.toContain(SECRET);
			const netrc = path.join(sandbox.env['HOME']!, '.netrc');
			expect(await readFile(netrc, 'utf8')).toContain(`password ${SECRET}`);
			expect((await stat(netrc)).mode & 0o777).toBe(0o600);
		} finally {
			await s.kill();
		}
	});
});
