import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {DoctorReport} from '../../source/core/doctor.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {goVersionOf, testGoMinor} from '../helpers/toolchains.js';

let sandbox: TestSandbox;
beforeEach(async () => {
	sandbox = await makeSandbox();
});
afterEach(async () => sandbox.cleanup());

async function write(name: string, text: string): Promise<string> {
	const file = path.join(sandbox.dir, name);
	await mkdir(path.dirname(file), {recursive: true});
	await writeFile(file, text);
	return file;
}

describe('gotune profile check', () => {
	it('exit 0 on a clean profile, 1 with problems (FILE:LINE:COLUMN, --json), 2 for broken JSON or no file', async () => {
		await write('good.json', JSON.stringify({env: {GOPRIVATE: 'github.com/acme/*', GOFLAGS: '-mod=mod'}}, null, '\t'));
		const good = await sandbox.cli(['profile', 'check', 'good.json']);
		expect(good).toMatchObject({exitCode: 0, stdout: 'good.json: no problems found'});

		await write(
			'team.json',
			'{\n\t"env": {\n\t\t"GOPRIVATE": "github.com/acme/*",\n\t\t"GONOSUMDB": "example.com/tune",\n\t\t"GOPROXYY": "x"\n\t}\n}\n',
		);
		const text = await sandbox.cli(['profile', 'check', 'team.json']);
		expect(text.exitCode).toBe(1);
		expect(text.stdout).toMatch(
			/^team.json:4:3: error: GONOSUMDB=example.com\/tune does not cover GOPRIVATE pattern github.com\/acme\/\*/m,
		);
		expect(text.stdout).toMatch(/^team.json:5:3: error: env.GOPROXYY is not a setting a profile can change \(did you mean GOPROXY\?\)/m);
		const json = await sandbox.cli(['profile', 'check', 'team.json', '--json']);
		expect(json.exitCode).toBe(1);
		expect(JSON.parse(json.stdout)).toEqual({
			problems: [
				{key: 'env.GONOSUMDB', severity: 'error', message: expect.stringContaining('checksum database'), line: 4, column: 3},
				{key: 'env.GOPROXYY', severity: 'error', message: expect.stringContaining('did you mean GOPROXY?'), line: 5, column: 3},
			],
		});

		await write('broken.json', '{\n  "env": {\n    "GOPROXY": "direct",\n  }\n}\n');
		const broken = await sandbox.cli(['profile', 'check', 'broken.json', '--json']);
		expect(broken.exitCode).toBe(2);
		expect(JSON.parse(broken.stdout).problems).toEqual([
			{key: null, severity: 'error', message: "not valid JSON: a trailing comma before '}' is not allowed in JSON", line: 3, column: 24},
		]);
		const missing = await sandbox.cli(['profile', 'check', 'nope.json']);
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toMatch(/nope.json does not exist; give the path of a team profile/);
		expect(missing.stderr).not.toMatch(/\n\s+at /);
		const usage = await sandbox.cli(['profile', 'lint', 'good.json']);
		expect(usage.exitCode).toBe(2);
		expect(usage.stderr).toMatch(/unknown profile command "lint"; the one there is: gotune profile check FILE/);
	});

	it('a GOFLAGS the lint calls unknown is one the real go refuses', async () => {
		await write('flags.json', JSON.stringify({env: {GOFLAGS: '-mod=mod -modcacherww'}}));
		const result = await sandbox.cli(['profile', 'check', 'flags.json']);
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain('GOFLAGS holds -modcacherww, a flag go 1.26 does not know');
		const go = await sandbox.go.withEnv({GOFLAGS: '-mod=mod -modcacherww'}).run(['version']);
		expect(go.stderr).toContain('go: parsing $GOFLAGS: unknown flag -modcacherww');
		// And the flags it accepts, go accepts.
		expect((await sandbox.go.withEnv({GOFLAGS: '-mod=mod -modcacherw -trimpath'}).run(['version'])).exitCode).toBe(0);
	});
});

describe("gotune doctor and the team profile's Go requirements", () => {
	const minor = testGoMinor();
	const repo = () => path.join(sandbox.dir, 'repo');

	async function doctor(profile: unknown, args: string[] = []) {
		await mkdir(path.join(repo(), '.git'), {recursive: true});
		await mkdir(path.join(repo(), 'cmd', 'tool'), {recursive: true});
		await writeFile(path.join(repo(), 'gotune.json'), JSON.stringify(profile));
		// From a subdirectory: the profile at the repository root counts.
		const cwd = path.join(repo(), 'cmd', 'tool');
		const json = await sandbox.cli(['doctor', '--json', ...args], {cwd});
		const text = await sandbox.cli(['doctor', ...args], {cwd});
		return {json, text, report: JSON.parse(json.stdout) as DoctorReport};
	}

	it('a go.minVersion one newer than the go under test: a warning naming both, fixed by gotune install-go; an error with --strict', async () => {
		const installed = goVersionOf(sandbox.goBin)!;
		const wanted = `1.${minor + 1}`;
		const {report, text} = await doctor({env: {}, go: {minVersion: wanted}});
		const check = report.checks.find(c => c.id === 'team-profile.go-min-version');
		expect(check).toEqual({
			id: 'team-profile.go-min-version',
			status: 'warn',
			message: `the team profile needs Go >= ${wanted}; the installed go is ${installed} (../../gotune.json)`,
			fix: `gotune install-go ${wanted}`,
			group: 'toolchain',
		});
		expect(text.stdout).toContain(`the team profile needs Go >= ${wanted}; the installed go is ${installed}`);
		const strict = await doctor({env: {}, go: {minVersion: wanted}}, ['--strict']);
		expect(strict.report.checks.find(c => c.id === 'team-profile.go-min-version')?.status).toBe('error');
		expect(strict.json.exitCode).toBe(1);
	});

	it('a go.minVersion one older passes; go.toolchain names the exact release', async () => {
		const installed = goVersionOf(sandbox.goBin)!;
		const {report} = await doctor({env: {}, go: {minVersion: `1.${minor - 1}`, toolchain: installed}}, ['--strict']);
		expect(report.checks.find(c => c.id === 'team-profile.go-min-version')).toMatchObject({status: 'ok'});
		expect(report.checks.find(c => c.id === 'team-profile.go-toolchain')).toMatchObject({status: 'ok'});
		const other = await doctor({env: {}, go: {toolchain: `go1.${minor + 1}.0`}});
		expect(other.report.checks.find(c => c.id === 'team-profile.go-toolchain')).toMatchObject({
			status: 'warn',
			message: `the team profile builds with go1.${minor + 1}.0; the installed go is ${installed} (../../gotune.json)`,
			fix: `gotune install-go 1.${minor + 1}.0`,
		});
	});

	it('without a profile, or one outside the repository, doctor adds no team check', async () => {
		await writeFile(path.join(sandbox.dir, 'gotune.json'), JSON.stringify({env: {}, go: {minVersion: '1.99'}}));
		await mkdir(path.join(repo(), '.git'), {recursive: true});
		const result = await sandbox.cli(['doctor', '--json'], {cwd: repo()});
		expect((JSON.parse(result.stdout) as DoctorReport).checks.filter(c => c.id.startsWith('team-profile'))).toEqual([]);
	});
});

describe('gotune apply shows the profile lint and its reasons', () => {
	it('description, a reason under its key, the Go requirement and a contradiction, in text and JSON; nothing written on --dry-run', async () => {
		const file = await write(
			'team.json',
			JSON.stringify({
				description: 'Acme private modules',
				env: {GOPRIVATE: 'github.com/acme/*', GONOSUMDB: 'example.com/tune'},
				reasons: {GOPRIVATE: 'our repositories are private'},
				go: {minVersion: `1.${testGoMinor() - 1}`},
			}),
		);
		const text = await sandbox.cli(['apply', file, '--dry-run']);
		expect(text.exitCode).toBe(0);
		expect(text.stdout).toContain('\n  Acme private modules\n');
		expect(text.stdout).toMatch(/ {2}GOPRIVATE {2}\(not set\) → github.com\/acme\/\*\n {13}why: our repositories are private\n/);
		expect(text.stdout).toMatch(/ {2}go1\.\d+\S* meets the team profile's minimum Go 1\.\d+\n/);
		expect(text.stdout).toContain('! env.GONOSUMDB: GONOSUMDB=example.com/tune does not cover GOPRIVATE pattern github.com/acme/*');
		const json = JSON.parse((await sandbox.cli(['apply', file, '--dry-run', '--json'])).stdout);
		expect(json).toMatchObject({
			description: 'Acme private modules',
			go: {ok: true, toolchain: null},
			plan: [{key: 'GOPRIVATE', reason: 'our repositories are private'}, {key: 'GONOSUMDB'}],
			problems: [{key: 'env.GONOSUMDB', severity: 'error'}],
			applied: false,
		});
	});
});
