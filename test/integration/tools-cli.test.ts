// gotune tools against the real go under test: what it finds (every go). The real `go install` of staticcheck through
// the machine's module proxy, rollback and Ctrl-C are tools-install.test.ts (once, with the machine's go); gopls has
// its own test, once, in the live tier (test/live/tools-gopls.live.test.ts, build cache filled by .ci/install-tools).
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {DoctorReport} from '../../source/core/doctor.js';
import type {ToolsReport} from '../../source/core/tools/inspect.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

describe('gotune tools: what it finds', () => {
	let sandbox: TestSandbox;
	beforeAll(async () => {
		sandbox = await makeSandbox();
	});
	afterAll(async () => sandbox?.cleanup());

	it('none installed: each known tool missing, GOPATH/bin named and not on PATH, exit 1', async () => {
		const result = await sandbox.cli(['tools', '--json']);
		expect(result.exitCode).toBe(1);
		const report = JSON.parse(result.stdout) as ToolsReport;
		expect(report.go).toBe(sandbox.goBin);
		expect(report.toolsDir).toEqual({dir: path.join(sandbox.env['GOPATH']!, 'bin'), from: 'GOPATH/bin', onPath: false});
		expect(report.tools.map(t => [t.name, t.path ?? null])).toEqual([
			['gopls', null],
			['dlv', null],
			['staticcheck', null],
		]);
		const text = await sandbox.cli(['tools']);
		// TERM=dumb in the sandbox: ASCII marks.
		expect(text.stdout).toContain('[!] dlv (debugger) is not installed');
		expect(text.stdout).toContain('gotune tools --install dlv');
	});

	it('an unknown name is bad input (exit 2) that lists the known tools; nothing is written', async () => {
		const result = await sandbox.cli(['tools', '--install', 'gofumpt', '--yes']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('unknown tool "gofumpt"; gotune knows: gopls, dlv, staticcheck, golangci-lint');
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expect((await sandbox.cli(['tools', 'gopls'])).exitCode).toBe(2);
		expect(await readdir(path.join(sandbox.env['GOTUNE_HOME']!, 'journal')).catch(() => [])).not.toContain('journal.jsonl');
	});

	it('doctor starts with one summary line per group; Tools names what is missing; --ascii marks', async () => {
		const text = await sandbox.cli(['doctor'], {env: {TERM: 'xterm-256color'}});
		const lines = text.stdout.split('\n');
		const summary = lines.slice(lines.indexOf('') + 1, lines.indexOf('Toolchain') - 1);
		// go1.19 is unsupported: its Toolchain line is a warning there.
		expect(summary[0]).toMatch(/^\[[✓!]\] Toolchain: go1\.\d+/);
		expect(summary).toContain('[!] Tools: gopls missing, dlv missing, staticcheck missing');
		const ascii = await sandbox.cli(['doctor', '--ascii'], {env: {TERM: 'xterm-256color'}});
		expect(ascii.stdout).toMatch(/^\[(ok|!)\] Toolchain: go1\.\d+/m);
		expect(ascii.stdout).toContain('[!] Tools: gopls missing, dlv missing, staticcheck missing');
		const report = JSON.parse((await sandbox.cli(['doctor', '--json'])).stdout) as DoctorReport;
		expect(report.checks.filter(c => c.group === 'tools').map(c => [c.id, c.status])).toEqual([
			['tools.gopls', 'warn'],
			['tools.dlv', 'warn'],
			['tools.staticcheck', 'warn'],
		]);
	});

	it.runIf(testGoMinor() < 21)('a go before 1.21 is refused with the go line the tool needs (it cannot switch toolchains)', async () => {
		const result = await sandbox.cli(['tools', '--install', 'staticcheck', '--yes']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/staticcheck v0\.8\.2 needs go 1\.26\.0 or newer to build, and go1\.19\.\d+ cannot switch toolchains/);
	});
});
