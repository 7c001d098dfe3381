import {chmod, mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

/**
 * Fault injection the real go cannot produce on demand: a `go` that hangs and one that crashes (SIGSEGV, exit 139),
 * as tiny shell scripts placed first on PATH inside the sandbox. Everything else (the real toolchains found in the
 * usual places, gotune itself) is real.
 */
describe('doctor with a broken go first on PATH (issue 7)', () => {
	let sandbox: TestSandbox;
	const fake = (kind: string) => path.join(sandbox.dir, 'fake', kind);
	beforeAll(async () => {
		sandbox = await makeSandbox();
		for (const [kind, script] of [
			['hang', 'exec sleep 300'],
			['crash', 'kill -SEGV $$'],
		] as const) {
			await mkdir(fake(kind), {recursive: true});
			await writeFile(path.join(fake(kind), 'go'), `#!/bin/sh\n${script}\n`);
			await chmod(path.join(fake(kind), 'go'), 0o755);
		}
	});
	afterAll(async () => sandbox.cleanup());

	const doctor = (kind: string) =>
		// A doctor that waits on the hanging go (75 s before the fix) runs into this bound and fails the test.
		sandbox.cli(['doctor', '--json'], {env: {PATH: `${fake(kind)}:${sandbox.env['PATH']}`}, timeoutMs: 30_000});

	it('a go that hangs is an error naming what gotune waited for, said within seconds, never a ✓', async () => {
		const result = await doctor('hang');
		expect(result.signal).toBeUndefined();
		expect(result.exitCode).toBe(1);
		const report = JSON.parse(result.stdout) as {
			go: {version: string | null};
			checks: Array<{id: string; status: string; message: string}>;
		};
		expect(report.go.version).toBeNull();
		const found = report.checks.find(check => check.id === 'go.found')!;
		expect(found.status).toBe('error');
		expect(found.message).toContain(path.join(fake('hang'), 'go'));
		expect(found.message).toMatch(/did not answer `go version` within \d+ s/);
		expect(report.checks.filter(check => check.status === 'ok' && check.message.includes('unknown version'))).toEqual([]);
	});

	it('a go that crashes (exit 139) is an error, never a ✓', async () => {
		const result = await doctor('crash');
		expect(result.exitCode).toBe(1);
		const report = JSON.parse(result.stdout) as {checks: Array<{id: string; status: string; message: string}>};
		const found = report.checks.find(check => check.id === 'go.found')!;
		expect(found.status).toBe('error');
		expect(found.message).toContain('crashed running `go version` (exit 139)');
		expect(report.checks.some(check => check.status === 'ok' && check.message.includes('unknown version'))).toBe(false);
	});
});
