import {mkdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {goVersionOf} from '../helpers/toolchains.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

/** Standard-library-free, library-only: its builds take well under a second on both toolchains. */
const MODULE = {
	'go.mod': 'module example.com/cli\n\ngo 1.19\n',
	'a/a.go': 'package a\n\n// One is a leaf.\nfunc One() int { return 1 }\n',
	'b/b.go': 'package b\n\nimport "example.com/cli/a"\n\n// Two uses a.\nfunc Two() int { return a.One() + 1 }\n',
	'b/extra.go':
		'//go:build extra\n\npackage b\n\nimport "example.com/cli/c"\n\n// Three exists only with -tags=extra.\nfunc Three() int { return c.Three() }\n',
	'c/c.go': '//go:build extra\n\npackage c\n\n// Three is only built with -tags=extra.\nfunc Three() int { return 3 }\n',
};

async function writeTree(dir: string, files: Record<string, string>) {
	for (const [name, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
		await writeFile(path.join(dir, name), text);
	}
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('gotune bench', () => {
	let sandbox: TestSandbox;
	let dir: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		dir = path.join(sandbox.dir, 'cli');
		await writeTree(dir, MODULE);
	});
	afterAll(async () => sandbox.cleanup());

	it('bad input exits 2 naming the input: runs, a directory outside any module, a missing one, an unknown change set', async () => {
		const empty = path.join(sandbox.dir, 'not-a-module');
		await mkdir(empty);
		const cases: Array<[string[], RegExp]> = [
			[['bench', dir, '--runs', '0'], /--runs 0: .*whole number from 1/],
			[['bench', dir, '--runs', 'three'], /--runs three/],
			[['bench', dir, '--runs', '2.5'], /--runs 2.5/],
			// A value starting with "-" is the value (not "ambiguous"): the message says what is allowed.
			[['bench', dir, '--runs', '-1'], /--runs -1: .*whole number from 1 to 100/],
			[['bench', dir, '--runs', '--json'], /option --runs needs a value, and the next word is another option/],
			[['bench', empty], /not-a-module is not in a Go module/],
			[['bench', path.join(sandbox.dir, 'missing')], /missing: no such directory/],
			[['bench', dir, '--against', '42'], /--against 42: no change set with that id.*journal is empty/],
		];
		for (const [args, message] of cases) {
			const result = await sandbox.cli(args);
			expect(result.exitCode, args.join(' ')).toBe(2);
			expect(result.stderr).toMatch(message);
			noStack(result.stderr);
		}
	});

	it("--json: the issue's shape, every number measured, and the last result kept for the report (0600)", async () => {
		const result = await sandbox.cli(['bench', dir, '--runs', '2', '--json'], {timeoutMs: 120_000});
		expect(result.stderr).not.toMatch(/failed/);
		expect(result.exitCode).toBe(0);
		const json = JSON.parse(result.stdout);
		expect(Object.keys(json)).toEqual(['go', 'project', 'runs', 'modules', 'slowest', 'comparison']);
		expect(json.go).toBe(goVersionOf(sandbox.goBin));
		expect(json.project).toBe(dir);
		expect(json.runs.map((r: {kind: string}) => r.kind)).toEqual(['cold', 'warm', 'incremental']);
		const [cold, warm, incremental] = json.runs;
		expect(cold).toMatchObject({actions: 2, hits: 0, misses: 2, wallMs: [expect.any(Number), expect.any(Number)]});
		expect(cold.medianMs).toBe((cold.wallMs[0] + cold.wallMs[1]) / 2);
		expect(warm).toMatchObject({actions: 2, hits: 2, misses: 0});
		expect(incremental).toMatchObject({edited: 'a/a.go', misses: 2});
		expect(json.modules).toMatchObject({reused: 0, downloaded: 0, verified: true});
		expect(json.slowest.map((s: {package: string}) => s.package).sort()).toEqual(['example.com/cli/a', 'example.com/cli/b']);
		expect(json.comparison).toBeNull();
		const saved = await stat(path.join(sandbox.env['GOTUNE_HOME']!, 'last-bench.json'));
		expect(saved.mode & 0o777).toBe(0o600);
	});

	it('--against a change set: the baseline runs with the value from before it (in the environment), nothing rolled back', async () => {
		const profile = path.join(sandbox.dir, 'tags.json');
		await writeFile(profile, JSON.stringify({env: {GOFLAGS: '-tags=extra'}}));
		const applied = await sandbox.cli(['apply', profile, '--yes']);
		expect(applied.exitCode).toBe(0);
		const id = /change set #(\d+)/.exec(applied.stdout)?.[1] ?? '1';
		const result = await sandbox.cli(['bench', dir, '--runs', '1', '--against', id, '--json'], {timeoutMs: 120_000});
		expect(result.exitCode).toBe(0);
		const json = JSON.parse(result.stdout);
		// Before: GOFLAGS unset, b without extra.go (a, b). Now: -tags=extra adds c.
		expect(json.comparison.baseline.runs[0].actions).toBe(2);
		expect(json.comparison.current.runs[0].actions).toBe(3);
		expect(json.runs[0].actions).toBe(3);
		expect(json.comparison.changeSets).toEqual([id]);
		// One run a side: no spread, so no difference is measurable.
		expect(json.comparison.verdict).toBe('no measurable difference');
		expect(json.comparison.ratio).toBeGreaterThan(0);
		// Still applied: the GOENV file keeps the new value.
		expect((await sandbox.go.run(['env', 'GOFLAGS'])).stdout.trim()).toBe('-tags=extra');
		const text = await sandbox.cli(['bench', dir, '--runs', '1', '--against', id], {timeoutMs: 120_000});
		expect(text.stdout).toMatch(/GOFLAGS \(not set\) → -tags=extra/);
		expect(text.stdout).toMatch(
			/before\/after: no measurable difference \(one run of each has no spread to tell one by; 3 runs or more can\)/,
		);
		await sandbox.cli(['rollback', '--all', '--yes']);
	});

	it("a build that fails exits 1 with go's own words; JSON has null, never a number", async () => {
		const broken = path.join(sandbox.dir, 'broken');
		await writeTree(broken, {...MODULE, 'a/bad.go': 'package a\n\nfunc Bad() int { return "text" }\n'});
		const result = await sandbox.cli(['bench', broken, '--runs', '1', '--json'], {timeoutMs: 120_000});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toMatch(/cannot use "text"/);
		noStack(result.stderr);
		const json = JSON.parse(result.stdout);
		expect(json.runs.map((r: {medianMs: number | null}) => r.medianMs)).toEqual([null, null, null]);
		expect(json.runs[0].error).toMatch(/cannot use "text"/);
	});

	it("a module that does not compile: the text shows go's first error lines once, never a doubled prefix", async () => {
		const broken = path.join(sandbox.dir, 'broken-text');
		await writeTree(broken, {...MODULE, 'a/bad.go': 'package a\n\nfunc Bad() int { return "text" }\n'});
		const result = await sandbox.cli(['bench', broken, '--runs', '1'], {timeoutMs: 120_000});
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toMatch(/ {2}cold {9}not measured: # example\.com\/cli\/a\n {15}.*bad\.go:3:\d+: cannot use "text"/);
		expect(result.stdout).toContain('  warm         not measured (the same reason)\n  incremental  not measured (the same reason)');
		expect(result.stdout).not.toMatch(/not measured: not measured/);
		// The report's table cell has room for one line: go's message, not the "# package" heading.
		expect((await sandbox.cli(['report'])).stdout).toMatch(/cold +not measured: .*bad\.go:3:\d+: cannot use "text"/);
	});

	it("a build of zero packages (cgo only, CGO_ENABLED=0) is no measurement: nothing to build, with go's reason; exit 1", async () => {
		const cgo = path.join(sandbox.dir, 'cgo-only');
		await writeTree(cgo, {
			'go.mod': 'module example.com/cgoonly\n\ngo 1.19\n',
			'c.go': 'package cgoonly\n\n// int one() { return 1; }\nimport "C"\n\nfunc One() int { return int(C.one()) }\n',
		});
		const result = await sandbox.cli(['bench', cgo, '--runs', '1', '--json'], {env: {CGO_ENABLED: '0'}, timeoutMs: 120_000});
		expect(result.exitCode).toBe(1);
		const json = JSON.parse(result.stdout);
		expect(json.runs.map((r: {medianMs: number | null; actions: number | null}) => [r.medianMs, r.actions])).toEqual([
			[null, null],
			[null, null],
			[null, null],
		]);
		expect(json.error).toContain('nothing to build: go build ./... matches no package here');
		expect(json.error).toContain(`package example.com/cgoonly: build constraints exclude all Go files in ${cgo}`);
		expect(json.error).toContain('CGO_ENABLED is 0');
		expect(result.stderr).toContain('gotune bench: not measured:\nnothing to build');
		noStack(result.stderr);
	});

	it('a go.work workspace is measured as go builds it: from a module inside it, and at its root (a module beside it included)', async () => {
		const ws = path.join(sandbox.dir, 'ws');
		// Library-only, standard-library-free modules; b imports a and x (beside the workspace) with no require: only
		// the workspace makes that build.
		await writeTree(sandbox.dir, {
			'ws/go.work': 'go 1.19\n\nuse (\n\t./a\n\t./b\n\t../beside/x\n)\n',
			'ws/a/go.mod': 'module example.com/wa\n\ngo 1.19\n',
			'ws/a/a.go': 'package wa\n\n// One is a leaf.\nfunc One() int { return 1 }\n',
			'ws/b/go.mod': 'module example.com/wb\n\ngo 1.19\n',
			'ws/b/b.go': 'package wb\n\nimport (\n\t"example.com/wa"\n\t"example.com/wx"\n)\n\nfunc Two() int { return wa.One() + wx.One() }\n',
			'beside/x/go.mod': 'module example.com/wx\n\ngo 1.19\n',
			'beside/x/x.go': 'package wx\n\n// One is another leaf.\nfunc One() int { return 1 }\n',
		});
		const env = {GOPROXY: 'off'};
		const inModule = await sandbox.cli(['bench', '--runs', '1', '--json'], {cwd: path.join(ws, 'b'), env, timeoutMs: 120_000});
		expect(inModule.exitCode, inModule.stderr).toBe(0);
		const fromB = JSON.parse(inModule.stdout);
		expect(fromB.project).toBe(path.join(ws, 'b'));
		expect(fromB.runs.map((r: {actions: number}) => r.actions)).toEqual([3, 3, 3]);

		const atRoot = await sandbox.cli(['bench', ws, '--runs', '1'], {env, timeoutMs: 120_000});
		expect(atRoot.exitCode, atRoot.stderr).toBe(0);
		expect(atRoot.stdout).toContain(`in the workspace ${path.join(ws, 'go.work')} (3 modules, copied with it; built as go builds it here)`);
		expect(atRoot.stdout).toMatch(/cold {9}\S+ .* build cache 0\/3 hits/);
		expect(atRoot.stdout).toMatch(/warm {9}\S+ .* build cache 3\/3 hits/);
	});
});
