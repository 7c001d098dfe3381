import {readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DEFAULT_CLIENT} from '../../source/core/cache/share/index.js';
import {clientInstallEnv, startCacheServer, unusedPort} from '../helpers/cacheprog.js';
import {useCacheprog} from '../helpers/cacheprog-suite.js';
import {machines} from '../helpers/machines.js';
import {type TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

// A team profile's buildCache: gotune apply sets up the shared build cache with gotune cache share's own code, in the
// change set of the profile's keys; the real gotune-cacher installed through go install, the real gocached on loopback.
const minor = testGoMinor();
const {cleanups, machine} = machines();

async function profile(sandbox: TestSandbox, buildCache: unknown): Promise<string> {
	const file = path.join(sandbox.dir, 'gotune.json');
	await writeFile(file, JSON.stringify({name: 'team', env: {GOPRIVATE: 'example.com/private'}, buildCache}, null, 2));
	return file;
}

function apply(sandbox: TestSandbox, file: string, args: string[] = []) {
	return sandbox.cli(['apply', file, '--yes', ...args], {env: clientInstallEnv(), timeoutMs: 300_000});
}

const readOptional = (file: string) => readFile(file, 'utf8').catch(() => null);

describe('profile check: buildCache', () => {
	it('wrong types, a server the client cannot use and credentials in the URL are errors, the password masked', async () => {
		const a = await machine();
		const file = await profile(a, {server: 'http://alice:S3CRET@cache.internal:31364', client: 'x@latest', trimpath: 'yes', srever: 1});
		const result = await a.cli(['profile', 'check', file, '--json']);
		expect(result.exitCode).toBe(1);
		expect(result.stdout + result.stderr).not.toContain('S3CRET');
		const problems = (JSON.parse(result.stdout) as {problems: Array<{key: string; severity: string; message: string}>}).problems;
		const byKey = Object.fromEntries(problems.map(p => [p.key, p]));
		expect(byKey['buildCache.server']?.message).toMatch(/carries credentials in the URL/);
		expect(byKey['buildCache.client']?.message).toMatch(/"latest" is not a pinned version/);
		expect(byKey['buildCache.trimpath']?.message).toMatch(/must be true or false/);
		expect(byKey['buildCache.srever']?.message).toMatch(/did you mean server/);
		const withPathFile = await profile(a, {server: 'http://cache.internal:31364/go'});
		const withPath = JSON.parse((await a.cli(['profile', 'check', withPathFile, '--json'])).stdout) as {
			problems: Array<{key: string; message: string}>;
		};
		expect(withPath.problems.map(p => p.message).join('\n')).toMatch(/has a path; the client wants the scheme and host only/);
		// Without -trimpath machines share only the standard library: a warning saying what to add.
		const untrimmed = await profile(a, {server: 'http://cache.internal:31364'});
		const warned = await a.cli(['profile', 'check', untrimmed]);
		expect(warned.exitCode).toBe(1);
		expect(warned.stdout).toMatch(/warning: without -trimpath .*add "trimpath": true to buildCache/);
		expect(warned.stdout).toContain('0 errors, 1 warning');
	});
});

describe.skipIf(minor >= 24)(`go1.${minor}: a profile's buildCache needs go1.24`, () => {
	it('applies the keys, says which release the shared cache needs and how to get it, exit 1', async () => {
		const a = await machine();
		const file = await profile(a, {server: 'http://127.0.0.1:9', trimpath: true});
		const result = await apply(a, file);
		expect(result.exitCode, result.stderr).toBe(1);
		expect(result.stdout).toMatch(/buildCache not set up: .*needs GOCACHEPROG, which is go1\.24 and later/);
		expect(result.stdout).toMatch(/gotune install-go/);
		const goenv = await readOptional(a.env['GOENV']!);
		expect(goenv).toContain('GOPRIVATE=example.com/private');
		expect(goenv).not.toContain('GOCACHEPROG');
		// Applied again with the keys in place: still a problem (exit 1), not "nothing to change".
		const again = await apply(a, file);
		expect(again.exitCode).toBe(1);
		expect(again.stdout).toMatch(/buildCache not set up: .*needs GOCACHEPROG, which is go1\.24 and later/);
	});
});

describe.skipIf(minor < 24)(`go1.${minor}: gotune apply sets up a profile's buildCache`, () => {
	useCacheprog(DEFAULT_CLIENT);

	it('one change set: the profile keys, GOCACHEPROG, -trimpath and the client; rollback removes them all', async () => {
		const cache = await startCacheServer();
		cleanups.push(cache.stop);
		const a = await machine();
		const file = await profile(a, {server: cache.url, trimpath: true});
		const dry = await apply(a, file, ['--dry-run']);
		expect(dry.exitCode, dry.stderr).toBe(0);
		expect(dry.stdout).toContain(`go install ${DEFAULT_CLIENT}`);
		expect(dry.stdout).toMatch(/answers go-tool-cache's protocol/);
		expect(await readOptional(a.env['GOENV']!)).toBeNull();

		const result = await apply(a, file, ['--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as {changeSet: string; buildCache: {ok: boolean; client: string}};
		expect(json.buildCache).toMatchObject({ok: true, client: DEFAULT_CLIENT});
		const goenv = (await readOptional(a.env['GOENV']!))!;
		expect(goenv).toContain('GOPRIVATE=example.com/private');
		expect(goenv).toContain(`--cache-server ${cache.url}`);
		expect(goenv).toMatch(/^GOFLAGS=-trimpath$/m);
		const gobin = path.join(a.env['GOPATH']!, 'bin');
		expect(await readdir(gobin)).toEqual(['gotune-cacher']);
		const history = JSON.parse((await a.cli(['history', '--json'])).stdout) as {entries: Array<{changeSetId: string; key: string}>};
		expect(new Set(history.entries.map(e => e.changeSetId))).toEqual(new Set([json.changeSet]));
		expect(history.entries.map(e => e.key)).toEqual(expect.arrayContaining(['GOPRIVATE', 'GOCACHEPROG', 'GOFLAGS']));
		// Applying again: nothing to change (the client in place, GOCACHEPROG as planned).
		const again = await apply(a, file);
		expect(again.exitCode, again.stderr).toBe(0);
		expect(again.stdout).toMatch(/Nothing to change/);

		const undo = await a.cli(['rollback', '--to', json.changeSet, '--yes']);
		expect(undo.exitCode, undo.stderr).toBe(0);
		expect(await readOptional(a.env['GOENV']!)).toBeNull();
		await expect(stat(gobin)).rejects.toThrow(/ENOENT/);
	});

	it('a server that does not answer: the keys are applied, the cache is not, exit 1 with the reason', async () => {
		const a = await machine();
		const port = await unusedPort();
		const file = await profile(a, {server: `http://127.0.0.1:${port}`, trimpath: true});
		const result = await apply(a, file);
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain(`! buildCache not set up: http://127.0.0.1:${port} cannot be reached`);
		const goenv = await readOptional(a.env['GOENV']!);
		expect(goenv).toContain('GOPRIVATE=example.com/private');
		expect(goenv).not.toContain('GOCACHEPROG');
		// Applied again with the keys in place and the server still down: still a problem (exit 1), not "nothing to change".
		const again = await apply(a, file);
		expect(again.exitCode).toBe(1);
		expect(again.stdout).toContain(`! buildCache not set up: http://127.0.0.1:${port} cannot be reached`);
	});
});
