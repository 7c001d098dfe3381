import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
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

/** Comments, a lowercase line, a blank line, a duplicate key and no final newline: everything go env -w would rewrite. */
const ORIGINAL = '# team laptop\nGOPROXY=https://first.example\nlowercase=kept\n\nGOPROXY=https://second.example\nGOFLAGS=-mod=mod';

async function profile(name: string, data: unknown): Promise<string> {
	const file = path.join(sandbox.dir, name);
	await writeFile(file, typeof data === 'string' ? data : JSON.stringify(data));
	return file;
}

function noStack(text: string) {
	expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('gotune apply / rollback / history', () => {
	it('apply twice, then rollback --all restores the file byte for byte; go sees each value', async () => {
		await writeFile(goenv, ORIGINAL);
		const one = await profile('one.json', {env: {GOPROXY: 'https://corp.example/mod,direct', GOPRIVATE: '*.corp.example'}});
		const two = await profile('two.json', {env: {GOPROXY: 'https://other.example', GONOSUMDB: 'x.example', GOFLAGS: '-mod=mod'}});
		expect((await sandbox.cli(['apply', one, '--yes'])).exitCode).toBe(0);
		const applied = await sandbox.cli(['apply', two, '--yes']);
		expect(applied.exitCode).toBe(0);
		expect(applied.stdout).toMatch(/GOFLAGS +-mod=mod \(unchanged\)/);
		expect(applied.stdout).toMatch(/GOPROXY +https:\/\/corp.example\/mod,direct → https:\/\/other.example/);
		expect((await sandbox.go.run(['env', 'GOPROXY'])).stdout.trim()).toBe('https://other.example');
		expect((await sandbox.go.run(['env', 'GOPRIVATE'])).stdout.trim()).toBe('*.corp.example');

		const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {
			entries: Array<{id: string; key: string; status: string; before: unknown; after: unknown}>;
		};
		expect(history.entries.map(e => [e.id, e.key, e.status])).toEqual([
			['2.1', 'GOPROXY', 'applied'],
			['2.2', 'GONOSUMDB', 'applied'],
			['1.1', 'GOPROXY', 'applied'],
			['1.2', 'GOPRIVATE', 'applied'],
		]);
		expect(history.entries[3]).toMatchObject({before: {present: false}, after: {present: true, value: '*.corp.example'}});

		const rollback = await sandbox.cli(['rollback', '--all', '--yes']);
		expect(rollback.exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
		expect((await sandbox.go.run(['env', 'GOPROXY'])).stdout.trim()).toBe('https://second.example');
		const after = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: Array<{status: string}>};
		expect(after.entries.every(e => e.status === 'rolled-back')).toBe(true);
	});

	it('rollback of a key that was absent leaves no KEY= line (go falls back to its default)', async () => {
		await writeFile(goenv, ORIGINAL);
		const file = await profile('p.json', {env: {GOSUMDB: 'off'}});
		expect((await sandbox.cli(['apply', file, '--yes'])).exitCode).toBe(0);
		expect((await sandbox.go.run(['env', 'GOSUMDB'])).stdout.trim()).toBe('off');
		await writeFile(goenv, `${await readFile(goenv, 'utf8')}GOBIN=/opt/bin\n`); // someone else's edit since
		expect((await sandbox.cli(['rollback', '--last', '--yes'])).exitCode).toBe(0);
		const text = await readFile(goenv, 'utf8');
		expect(text).not.toMatch(/GOSUMDB/);
		expect(text).toMatch(/^GOBIN=\/opt\/bin$/m);
		expect((await sandbox.go.run(['env', 'GOSUMDB'])).stdout.trim()).toBe('sum.golang.org');
	});

	it('a key edited by someone else since is a conflict, not overwritten; --force restores it', async () => {
		await writeFile(goenv, ORIGINAL);
		const file = await profile('p.json', {env: {GOPROXY: 'https://mine.example', GOPRIVATE: 'p.example'}});
		expect((await sandbox.cli(['apply', file, '--yes'])).exitCode).toBe(0);
		await writeFile(goenv, (await readFile(goenv, 'utf8')).replace('https://mine.example', 'https://theirs.example'));
		const result = await sandbox.cli(['rollback', '--yes']);
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toMatch(/GOPROXY: conflict: now https:\/\/theirs.example, but gotune wrote https:\/\/mine.example; left as is/);
		expect(await readFile(goenv, 'utf8')).toMatch(/^GOPROXY=https:\/\/theirs.example$/m);
		expect(await readFile(goenv, 'utf8')).not.toMatch(/GOPRIVATE/);
		expect((await sandbox.cli(['rollback', '--force', '--yes'])).exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
	});

	it('without a terminal and without --yes, apply and rollback exit 2 and write nothing', async () => {
		await writeFile(goenv, ORIGINAL);
		const file = await profile('p.json', {env: {GOPRIVATE: 'p.example'}});
		const result = await sandbox.cli(['apply', file]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/no terminal to confirm in: pass --yes/);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
		expect(JSON.parse((await sandbox.cli(['history', '--json'])).stdout).entries).toEqual([]);
		expect((await sandbox.cli(['apply', file, '--dry-run'])).exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
		expect((await sandbox.cli(['apply', file, '--yes'])).exitCode).toBe(0);
		expect((await sandbox.cli(['rollback'])).exitCode).toBe(2);
		expect(await readFile(goenv, 'utf8')).toMatch(/GOPRIVATE=p.example/);
	});

	it("refuses bad values before writing, with a message naming the input, Go's own words and what to do", async () => {
		await writeFile(goenv, ORIGINAL);
		const cases: Array<[Record<string, string>, RegExp]> = [
			[{GOROOT: '/nonexistent'}, /GOROOT: \/nonexistent has no bin\/go.*Give the directory of an installed Go/s],
			[{GOFLAGS: '-notaflag'}, /every go command would fail; go version says: go: parsing \$GOFLAGS: unknown flag -notaflag/],
			[{GOPROXY: ''}, /GOPROXY: an empty value is refused.*gotune rollback.*go env -u GOPROXY/s],
			[{GOPRIVATE: 'a\nGOFLAGS=-x'}, /GOPRIVATE: values cannot contain line breaks or NUL/],
			[{GOPRIVATE: 'a\u0000b'}, /GOPRIVATE: values cannot contain line breaks or NUL/],
			[{GO111MODULE: 'sometimes'}, /go env -w refuses this: .*GO111MODULE/],
			[{GOPATH: 'relative/dir'}, /go env -w refuses this: .*GOPATH/],
		];
		for (const [env, message] of cases) {
			const result = await sandbox.cli(['apply', await profile('bad.json', {env}), '--yes']);
			expect(result.exitCode, JSON.stringify(env)).toBe(2);
			expect(result.stderr).toMatch(message);
			expect(result.stderr).toMatch(/Nothing was written/);
			noStack(result.stderr);
		}
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
		expect(JSON.parse((await sandbox.cli(['history', '--json'])).stdout).entries).toEqual([]);
	});

	it('invalid profiles exit 2 naming the problem and what is allowed', async () => {
		const cases: Array<[unknown, RegExp]> = [
			['{"env": ', /not valid JSON: line 1, column 9: expected a value, found the end of the file/],
			[{env: {GOPROXY: 'x'}, proxies: []}, /unknown top-level key "proxies"; allowed: \$schema, name, description, env, reasons, go/],
			[{env: {GOENV: '/x'}}, /env.GOENV: GOENV can only be set in the OS environment.*allowed keys: GOPROXY/],
			[{env: {GOPROXYY: 'x'}}, /env.GOPROXYY is not a setting a profile can change \(did you mean GOPROXY\?\); allowed keys:/],
			[{env: {CGO_ENABLED: 0}}, /env.CGO_ENABLED must be a string/],
		];
		for (const [data, message] of cases) {
			const result = await sandbox.cli(['apply', await profile('bad.json', data), '--dry-run']);
			expect(result.exitCode).toBe(2);
			expect(result.stderr).toMatch(message);
			noStack(result.stderr);
		}
		const missing = await sandbox.cli(['apply', 'nope.json']);
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toMatch(/nope.json does not exist/);
		const usage = await sandbox.cli(['rollback', '--last', '--all']);
		expect(usage.exitCode).toBe(2);
		expect(usage.stderr).toMatch(/choose one of --last, --all or --to ID/);
		const unknownId = await sandbox.cli(['rollback', '--to', '42', '--yes']);
		expect(unknownId.exitCode).toBe(2);
		expect(unknownId.stderr).toMatch(/--to 42: no change set or entry with that id/);
	});

	it('warns when an OS variable shadows the new value, and reports go.minVersion', async () => {
		const file = await profile('p.json', {env: {GOPRIVATE: 'p.example'}, go: {minVersion: '1.99'}});
		const result = await sandbox.cli(['apply', file, '--dry-run'], {env: {GOPRIVATE: 'other.example'}});
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/the OS environment sets GOPRIVATE=other.example, which overrides the file/);
		expect(result.stdout).toMatch(/! the team profile needs Go >= 1\.99; the installed go is go1\.\d+\S*: gotune install-go 1\.99/);
		const json = JSON.parse((await sandbox.cli(['apply', file, '--dry-run', '--json'], {env: {GOPRIVATE: 'other.example'}})).stdout);
		expect(json).toMatchObject({
			applied: false,
			go: {minVersion: '1.99', ok: false},
			plan: [{key: 'GOPRIVATE', shadowedBy: 'other.example', unchanged: false}],
		});
	});

	it('never prints a credential: plans, JSON, history, doctor, rollback and errors all mask it', async () => {
		const canary = 'CANARY-t0ken-5f3a9';
		const file = await profile('p.json', {
			name: 'team',
			env: {GOPROXY: `https://builder:${canary}@proxy.corp.example/mod,direct`, GONOSUMDB: 'corp.example', GOINSECURE: 'x.example'},
		});
		const bad = await profile('bad.json', {env: {GOPATH: `relative/https://u:${canary}@h.example`}});
		const outputs = [
			await sandbox.cli(['apply', file, '--dry-run']),
			await sandbox.cli(['apply', file, '--dry-run', '--json']),
			await sandbox.cli(['apply', file]),
			await sandbox.cli(['apply', file, '--yes']),
			await sandbox.cli(['apply', bad, '--yes']),
			await sandbox.cli(['history']),
			await sandbox.cli(['history', '--json']),
			await sandbox.cli(['doctor']),
			await sandbox.cli(['doctor', '--json']),
			await sandbox.cli(['rollback', '--dry-run', '--json']),
			await sandbox.cli(['rollback', '--yes']),
		];
		expect(await readFile(goenv, 'utf8').catch(() => null)).toBeNull(); // rolled back: the file did not exist before
		expect(outputs[3]!.exitCode).toBe(0);
		expect(outputs[4]!.exitCode).toBe(2);
		// Go's own error text quotes the value: the mask must have had something to do.
		expect(outputs[4]!.stderr).toContain('https://***@h.example');
		expect(outputs[5]!.stdout).toContain('https://***@proxy.corp.example');
		for (const output of outputs) {
			expect(`${output.stdout}\n${output.stderr}`).not.toContain(canary);
		}
	});

	it('six concurrent gotune apply processes with different keys: nothing is lost', async () => {
		await writeFile(goenv, ORIGINAL);
		const keys = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOSUMDB', 'GOPROXY'];
		const files = await Promise.all(
			keys.map(key => profile(`${key}.json`, {env: {[key]: key === 'GOSUMDB' ? 'off' : `${key.toLowerCase()}.example`}})),
		);
		const results = await Promise.all(files.map(file => sandbox.cli(['apply', file, '--yes'])));
		expect(results.map(r => r.exitCode)).toEqual(keys.map(() => 0));
		const values = (await sandbox.go.envJson()).values!;
		for (const key of keys) expect(values[key]).toBe(key === 'GOSUMDB' ? 'off' : `${key.toLowerCase()}.example`);
		const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as {entries: Array<{changeSetId: string}>};
		expect(new Set(history.entries.map(e => e.changeSetId)).size).toBe(6);
		expect((await sandbox.cli(['rollback', '--all', '--yes'])).exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe(ORIGINAL);
	});

	it("a second gotune waits for the lock, then refuses naming the holder; a dead holder's lock is taken over", async () => {
		const lock = path.join(sandbox.env['GOTUNE_HOME']!, 'journal', 'lock');
		await mkdir(path.dirname(lock), {recursive: true});
		const file = await profile('p.json', {env: {GOPRIVATE: 'p.example'}});
		// A live holder: this test process.
		await writeFile(lock, JSON.stringify({pid: process.pid, token: 'held', time: '2026-01-01T00:00:00Z', command: 'apply other.json'}));
		const refused = await sandbox.cli(['apply', file, '--yes'], {env: {GOTUNE_LOCK_TIMEOUT_MS: '300'}});
		expect(refused.exitCode).toBe(1);
		expect(refused.stderr).toMatch(
			new RegExp(`another gotune \\(pid ${process.pid}, "gotune apply other.json".*is changing Go settings.*remove ${lock}`),
		);
		expect(await readFile(goenv, 'utf8').catch(() => null)).toBeNull();
		// A dead holder: a process that has exited.
		const dead = await execa(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
		await writeFile(lock, JSON.stringify({pid: Number(dead.stdout), token: 'stale', time: '2026-01-01T00:00:00Z', command: 'apply'}));
		expect((await sandbox.cli(['apply', file, '--yes'])).exitCode).toBe(0);
		expect(await readFile(goenv, 'utf8')).toBe('GOPRIVATE=p.example\n');
	});
});
