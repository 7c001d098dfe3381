import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CRASH_POINTS} from '../../source/core/journal/crash.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

let sandbox: TestSandbox;
let goenv: string;

beforeEach(async () => {
	sandbox = await makeSandbox();
	goenv = sandbox.env['GOENV']!;
});
afterEach(async () => {
	await sandbox.cleanup();
});

const ORIGINAL = '# laptop\nGOPROXY=https://first.example\nlowercase=kept\n\nGOPROXY=https://second.example\nGOFLAGS=-mod=mod';
const SIX = {
	GOPROXY: 'https://corp.example/mod,direct',
	GOPRIVATE: '*.corp.example',
	GONOPROXY: 'none.example',
	GONOSUMDB: 'nosum.example',
	GOINSECURE: 'insecure.example',
	GOSUMDB: 'off',
};

type History = {entries: Array<{changeSetId: string; key: string; status: string}>};

/**
 * GOTUNE_TEST_CRASH_AT makes gotune SIGKILL itself at that point of the apply (source/core/journal/crash.ts): a real
 * crash at an exact point cannot be produced otherwise. Everything after it is the real product against real go.
 */
describe.each(CRASH_POINTS)('SIGKILL at %s of a 6-key apply', point => {
	it('is reported by history and doctor, and rollback --all restores the file byte for byte', async () => {
		await writeFile(goenv, ORIGINAL);
		const earlier = path.join(sandbox.dir, 'earlier.json');
		await writeFile(earlier, JSON.stringify({env: {GOBIN: '/opt/go/bin'}}));
		expect((await sandbox.cli(['apply', earlier, '--yes'])).exitCode).toBe(0);
		const afterEarlier = await readFile(goenv, 'utf8');

		const six = path.join(sandbox.dir, 'six.json');
		await writeFile(six, JSON.stringify({env: SIX}));
		const crashed = await sandbox.cli(['apply', six, '--yes'], {env: {GOTUNE_TEST_CRASH_AT: point}});
		expect(crashed.signal).toBe('SIGKILL');

		const text = await readFile(goenv, 'utf8');
		const written = point === 'after-file-write' || point === 'before-mark';
		// Atomic: the file holds all six new values or none of them, never a part.
		expect(text === afterEarlier || (written && Object.entries(SIX).every(([k, v]) => text.includes(`\n${k}=${v}\n`)))).toBe(true);
		if (!written) expect(text).toBe(afterEarlier);

		const temps = (await readdir(path.dirname(goenv))).filter(name => name.includes('.gotune-'));
		expect(temps).toHaveLength(point === 'after-temp-write' ? 1 : 0);

		const recorded = point !== 'before-journal';
		const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as History;
		expect(history.entries.filter(e => e.status === 'interrupted').map(e => e.key)).toEqual(recorded ? Object.keys(SIX) : []);
		expect((await sandbox.cli(['history'])).stdout).toMatch(
			recorded ? /change set #2 was interrupted before it finished: gotune rollback --to 2/ : /#1 /,
		);
		const doctor = JSON.parse((await sandbox.cli(['doctor', '--json'])).stdout) as {
			checks: Array<{id: string; status: string; message: string; fix?: string}>;
		};
		const check = doctor.checks.find(c => c.id === 'journal.interrupted');
		expect(check?.status).toBe(recorded ? 'warn' : 'ok');
		if (recorded) expect(check?.fix).toMatch(/gotune rollback --to 2/);

		const rollback = await sandbox.cli(['rollback', '--all', '--yes']);
		expect(rollback.exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
		// No temp file of the killed process is left beside the settings file.
		expect((await readdir(path.dirname(goenv))).filter(name => name.includes('.gotune-'))).toEqual([]);
		const after = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as History;
		expect(after.entries.every(e => e.status === 'rolled-back')).toBe(true);
	});

	it('running the same apply again finishes the interrupted change set', async () => {
		await writeFile(goenv, ORIGINAL);
		const six = path.join(sandbox.dir, 'six.json');
		await writeFile(six, JSON.stringify({env: SIX}));
		expect((await sandbox.cli(['apply', six, '--yes'], {env: {GOTUNE_TEST_CRASH_AT: point}})).signal).toBe('SIGKILL');
		const again = await sandbox.cli(['apply', six, '--yes']);
		expect(again.exitCode).toBe(0);
		const values = (await sandbox.go.envJson()).values!;
		for (const [key, value] of Object.entries(SIX)) expect(values[key]).toBe(value);
		const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as History;
		expect(history.entries.filter(e => e.status !== 'applied')).toEqual([]);
		expect((await sandbox.cli(['rollback', '--all', '--yes'])).exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
	});
});
