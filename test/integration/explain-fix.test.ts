import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FixOutcome} from '../../source/commands/explain-fix.js';
import type {Explanation} from '../../source/core/explain/types.js';
import {createTroubleshootServices} from '../../source/ui/services/troubleshoot.js';
import {goProject} from '../helpers/explain-run.js';
import {startModuleProxy, type ProxyModule} from '../helpers/module-proxy.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {startSumdbProxy, type SumdbServer} from '../helpers/sumdb-server.js';

// `gotune explain --fix` for real: the settings behind the failure are in the sandbox's GOENV file, the real go
// (GOTUNE_TEST_GO) fails, explain writes the fix through the journal and runs the command again as proof; rollback
// gives the GOENV file back byte for byte. Servers are on 127.0.0.1 only.
const LIB: ProxyModule = {
	path: 'corp.example/lib',
	version: 'v1.0.0',
	files: {'go.mod': 'module corp.example/lib\n', 'lib.go': 'package lib\n'},
};
type Output = Explanation & {command?: {args: string[]; exitCode: number}; fix?: FixOutcome};

let sandbox: TestSandbox;
let proxy: Awaited<ReturnType<typeof startModuleProxy>>;
let sumdb: SumdbServer;
let goenvFile: string;

beforeAll(async () => {
	// The checksum database knows nothing of corp.example/lib: its lookup answers 404, as sum.golang.org does for a private path.
	[sandbox, proxy, sumdb] = await Promise.all([makeSandbox(), startModuleProxy([LIB]), startSumdbProxy([], {padRecords: 1})]);
	goenvFile = sandbox.env['GOENV']!;
}, 60_000);

afterAll(async () => {
	await Promise.all([proxy?.close(), sumdb?.close()]);
	await sandbox?.cleanup();
});

async function project(files: Record<string, string>): Promise<string> {
	return (await goProject(sandbox, proxy.url, files)).dir;
}

/** explain --fix --yes --json -- go ARGS in DIR, then rollback --last; the GOENV file's bytes at each stage. */
async function fixAndRollBack(dir: string, args: string[], goenv: string) {
	await writeFile(goenvFile, goenv);
	const fixed = await sandbox.cli(['explain', '--fix', '--yes', '--json', '--', 'go', ...args], {cwd: dir, timeoutMs: 120_000});
	const after = await readFile(goenvFile, 'latin1');
	const rollback = await sandbox.cli(['rollback', '--last', '--yes']);
	expect(rollback.exitCode, rollback.stderr).toBe(0);
	const restored = await readFile(goenvFile, 'latin1');
	return {fixed, out: JSON.parse(fixed.stdout) as Output, after, restored};
}

describe('gotune explain --fix on real go failures', () => {
	it('GOFLAGS lock-out in the GOENV file: removed through the journal, go build works again, rollback restores the bytes', async () => {
		const dir = await project({'go.mod': 'module example.com/m\n\ngo 1.19\n', 'main.go': 'package main\n\nfunc main() {}\n'});
		// A comment, a key explain must not touch and no final newline: rollback has to give back exactly this.
		const goenv = '# set by hand\nGOFLAGS=-nosuchflag\nGOINSECURE=none.example';
		const {fixed, out, after, restored} = await fixAndRollBack(dir, ['build', './...'], goenv);
		expect(out.command?.exitCode).not.toBe(0);
		expect(out.problems.map(p => p.class)).toEqual(['goflags-lockout']);
		expect(out.problems[0]!.fix).toMatchObject({kind: 'setting', changes: [{key: 'GOFLAGS', command: 'go env -u GOFLAGS', via: 'goenv'}]});
		expect(out.fix).toMatchObject({changes: [{key: 'GOFLAGS', value: null}], manual: [], declined: false});
		expect(out.fix?.changeSet).toMatch(/\S/);
		expect(out.fix?.proof).toEqual({args: ['go', 'build', './...'], exitCode: 0, ok: true});
		expect(fixed.exitCode, fixed.stderr).toBe(0);
		expect(after).not.toMatch(/GOFLAGS/);
		expect(after).toMatch(/GOINSECURE=none\.example/);
		expect(restored).toBe(goenv);
	}, 180_000);

	it('private path refused by the checksum database (404): GONOSUMDB through the journal, go mod download works again', async () => {
		const dir = await project({'go.mod': 'module example.com/m\n\ngo 1.19\n'});
		const goenv = `GOPROXY=${proxy.url}\nGOSUMDB=${sumdb.gosumdb}\n`;
		const {fixed, out, after, restored} = await fixAndRollBack(dir, ['mod', 'download', 'corp.example/lib@v1.0.0'], goenv);
		expect(fixed.stderr).toMatch(/lookup\/corp\.example\/lib@v1\.0\.0: 404 Not Found/);
		expect(out.problems.map(p => p.class)).toEqual(['checksum-db-private']);
		expect(out.fix).toMatchObject({changes: [{key: 'GONOSUMDB', value: 'corp.example'}], declined: false});
		expect(out.fix?.proof).toMatchObject({exitCode: 0, ok: true});
		expect(fixed.exitCode, fixed.stderr).toBe(0);
		expect(after).toBe(`${goenv}GONOSUMDB=corp.example\n`);
		expect(restored).toBe(goenv);
	}, 180_000);

	it('a fix that is a command (go get) is printed, not run; nothing written; the failure stays exit 0 (explained)', async () => {
		const dir = await project({
			'go.mod': 'module example.com/m\n\ngo 1.19\n',
			'main.go': 'package main\n\nimport _ "corp.example/lib"\n\nfunc main() {}\n',
		});
		await writeFile(goenvFile, `GOPROXY=${proxy.url}\nGOSUMDB=off\n`);
		const before = await sandbox.cli(['history', '--json']);
		const cli = await sandbox.cli(['explain', '--fix', '--yes', '--', 'go', 'build', './...'], {cwd: dir});
		expect(cli.stdout).toMatch(/Nothing gotune can change for you here/);
		expect(cli.stdout).toMatch(/Left to you \(gotune does not run these\):\n {2}go get corp\.example\/lib/);
		expect(await readFile(path.join(dir, 'go.mod'), 'utf8')).not.toMatch(/require/);
		expect((await sandbox.cli(['history', '--json'])).stdout).toBe(before.stdout);
		expect(cli.exitCode).toBe(0);
	}, 120_000);

	it('--fix without a terminal and without --yes: exit 2 before go runs; --yes alone is bad input', async () => {
		const noTerminal = await sandbox.cli(['explain', '--fix', '--', 'go', 'version']);
		expect(noTerminal.exitCode).toBe(2);
		expect(noTerminal.stderr).toMatch(/no terminal to ask on: add --yes/);
		expect(noTerminal.stdout).toBe('');
		const yesAlone = await sandbox.cli(['explain', '--yes'], {input: 'x\n'});
		expect(yesAlone.exitCode).toBe(2);
		expect(yesAlone.stderr).toMatch(/--yes answers the question --fix asks/);
	}, 60_000);

	it('doctor and report name the last explained problem and whether its fix is in effect (stored masked)', async () => {
		const dir = await project({'go.mod': 'module example.com/m\n\ngo 1.19\n'});
		// Credentials in a GOPROXY entry go never reaches (the first answers): shown masked, never stored.
		await writeFile(goenvFile, `GOPROXY=${proxy.url},https://ci:S3CRET@proxy.invalid\nGOSUMDB=${sumdb.gosumdb}\n`);
		const args = ['go', 'mod', 'download', 'corp.example/lib@v1.0.0'];
		const lastCheck = async () => {
			const doctor = JSON.parse((await sandbox.cli(['doctor', '--json'])).stdout) as {
				checks: Array<{id: string; status: string; message: string; fix?: string}>;
			};
			return doctor.checks.find(c => c.id === 'explain.last');
		};
		await sandbox.cli(['explain', '--', ...args], {cwd: dir});
		expect(await lastCheck()).toMatchObject({
			status: 'warn',
			message: expect.stringMatching(
				/^Last explained problem \(.* UTC, go mod download corp\.example\/lib@v1\.0\.0\): The checksum database does not know corp\.example\/lib .* its fix was not applied: go env -w GONOSUMDB=corp\.example$/,
			),
			fix: `gotune explain --fix -- ${args.join(' ')}`,
		});
		const fixed = await sandbox.cli(['explain', '--fix', '--yes', '--json', '--', ...args], {cwd: dir});
		const id = (JSON.parse(fixed.stdout) as Output).fix!.changeSet!;
		expect(await lastCheck()).toMatchObject({
			status: 'ok',
			message: expect.stringContaining(`its fix is applied (change set #${id}; the command succeeded after it)`),
		});
		const report = JSON.parse((await sandbox.cli(['report', '--json'])).stdout) as {
			lastExplanation: {fixState: string; problems: unknown[]};
		};
		expect(report.lastExplanation).toMatchObject({fixState: 'applied', problems: [{class: 'checksum-db-private'}]});
		expect((await sandbox.cli(['report'])).stdout).toMatch(/\nLast explained problem\nLast explained problem \(/);
		await sandbox.cli(['rollback', '--last', '--yes']);
		expect(await lastCheck()).toMatchObject({
			status: 'warn',
			message: expect.stringContaining(`its fix (change set #${id}) was rolled back since`),
		});
		const state = await readFile(path.join(sandbox.env['GOTUNE_HOME']!, 'preferences.json'), 'utf8');
		expect(state).toContain('checksum-db-private');
		expect(state).not.toContain('S3CRET');
	}, 180_000);

	it("the wizard's Troubleshoot service: runs the go command, stages the fix, applies it through the journal, proves it", async () => {
		const dir = await project({'go.mod': 'module example.com/m\n\ngo 1.19\n'});
		const goenv = `GOPROXY=${proxy.url}\nGOSUMDB=${sumdb.gosumdb}\n`;
		await writeFile(goenvFile, goenv);
		const {troubleshoot} = createTroubleshootServices({...sandbox.runtime, cwd: dir});
		const streamed: string[] = [];
		const answer = await troubleshoot.explainCommand(['go', 'mod', 'download', 'corp.example/lib@v1.0.0'], line => streamed.push(line));
		expect(streamed.join('\n')).toMatch(/404 Not Found/);
		expect(answer.ran).toEqual({args: ['go', 'mod', 'download', 'corp.example/lib@v1.0.0'], exitCode: 1});
		expect(answer.explanation.problems.map(p => p.class)).toEqual(['checksum-db-private']);
		expect(answer.changes).toEqual(['go env -w GONOSUMDB=corp.example']);
		const result = await troubleshoot.applyFix(() => undefined);
		expect(result.proof).toEqual({args: ['go', 'mod', 'download', 'corp.example/lib@v1.0.0'], exitCode: 0, ok: true});
		expect(await readFile(goenvFile, 'utf8')).toBe(`${goenv}GONOSUMDB=corp.example\n`);
		const history = await sandbox.cli(['history', '--json']);
		expect(history.stdout).toContain('wizard:troubleshoot');
		expect((await sandbox.cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		expect(await readFile(goenvFile, 'utf8')).toBe(goenv);
	}, 180_000);
});
