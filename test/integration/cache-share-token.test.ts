import {chmod, readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DEFAULT_CLIENT} from '../../source/core/cache/share/index.js';
import {tokenFilePath} from '../../source/core/cache/share/token-file.js';
import {summarizeActionGraph} from '../../source/core/verify/action-graph.js';
import {clientInstallEnv, startCacheServer, writeChainModule} from '../helpers/cacheprog.js';
import {useCacheprog} from '../helpers/cacheprog-suite.js';
import {machines} from '../helpers/machines.js';
import {exchangeToken, startOidcIssuer} from '../helpers/oidc-issuer.js';
import type {TestSandbox} from '../helpers/sandbox.js';
import {testGoMinor} from '../helpers/toolchains.js';

/**
 * The cache server's access token (GOTUNE_CACHE_TOKEN) is a secret: gotune writes it to a 0600 file that gotune-cacher
 * reads (--access-token-file), and it is in no other file (GOENV file, journal), no output and no command line. The
 * real gocached requires it: started with --jwt-issuer (a loopback OIDC issuer), it answers only requests that carry
 * the access token it traded for the issuer's JWT.
 */
const minor = testGoMinor();
const {cleanups, machine} = machines();

/** Every file under DIR whose bytes hold NEEDLE. */
async function filesHolding(dir: string, needle: string): Promise<string[]> {
	const found: string[] = [];
	for (const name of await readdir(dir, {recursive: true})) {
		const file = path.join(dir, name);
		const info = await stat(file).catch(() => undefined);
		if (info?.isFile() && (await readFile(file)).includes(needle)) found.push(file);
	}
	return found;
}

async function coldBuild(sandbox: TestSandbox, dir: string) {
	const graph = path.join(sandbox.dir, `graph-${Date.now()}.json`);
	const run = await sandbox.go.run(['build', `-debug-actiongraph=${graph}`, './...'], {cwd: dir, timeoutMs: 120_000});
	return {run, graph: run.exitCode === 0 ? summarizeActionGraph(await readFile(graph, 'utf8')) : undefined};
}

describe.skipIf(minor < 24)(`go1.${minor}: a cache server that needs an access token`, () => {
	useCacheprog(DEFAULT_CLIENT);

	it('the token goes to a 0600 file only (not GOENV, the journal, any output); B gets its hits from the gocached that needs it', async () => {
		const issuer = await startOidcIssuer();
		cleanups.push(issuer.stop);
		const cache = await startCacheServer(['--jwt-issuer', issuer.url, '--jwt-claim', 'sub=ci']);
		cleanups.push(cache.stop);
		const token = await exchangeToken(cache.url, issuer.jwt({aud: 'gocached', sub: 'ci'}));
		const [a, b] = [await machine(), await machine()];

		// Without the token the server refuses: the check says so and nothing is written.
		const refused = await a.cli(['cache', 'share', '--server', cache.url, '--yes'], {env: clientInstallEnv(), timeoutMs: 300_000});
		expect(refused.exitCode).toBe(1);
		expect(refused.stderr).toContain('it needs an access token');

		for (const sandbox of [a, b]) {
			const env = {...clientInstallEnv(), GOTUNE_CACHE_TOKEN: token};
			const result = await sandbox.cli(['cache', 'share', '--server', cache.url, '--trimpath', '--yes'], {env, timeoutMs: 300_000});
			expect(result.exitCode, result.stderr).toBe(0);
			const file = tokenFilePath(sandbox.env);
			expect(result.stdout).toContain(`written to ${file}`);
			const shown = await sandbox.cli(['cache', 'share'], {env});
			expect(shown.stdout).toContain(`--access-token-file ${file}`);
			for (const output of [result.stdout, result.stderr, shown.stdout, shown.stderr]) expect(output).not.toContain(token);
			expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
			expect((await readFile(file, 'utf8')).trim()).toBe(token);
		}

		const dirA = path.join(a.dir, 'src');
		const dirB = path.join(b.dir, 'src');
		await writeChainModule(dirA);
		await writeChainModule(dirB);
		const built = await coldBuild(a, dirA);
		expect(built.run.exitCode, built.run.stderr).toBe(0);
		const cold = await coldBuild(b, dirB);
		expect(cold.run.exitCode, cold.run.stderr).toBe(0);
		expect(cold.graph!.hits).toBe(24);

		// The token is in no file of either machine (GOENV file, journal, caches, client disk) but its token file.
		for (const sandbox of [a, b]) expect(await filesHolding(sandbox.dir, token)).toEqual([tokenFilePath(sandbox.env)]);

		// A token file others can read is refused by gotune-cacher with a message naming it and the fix.
		await chmod(tokenFilePath(b.env), 0o644);
		const open = await coldBuild(b, dirB);
		expect(open.run.exitCode).not.toBe(0);
		expect(open.run.stderr).toContain(`--access-token-file ${tokenFilePath(b.env)} can be read by others (mode 0644)`);
		expect(open.run.stderr).toContain(`chmod 600 ${tokenFilePath(b.env)}`);
		expect(open.run.stderr).not.toContain(token);
		await chmod(tokenFilePath(b.env), 0o600);

		// Rollback removes the token file with the rest.
		expect((await b.cli(['rollback', '--yes'])).exitCode).toBe(0);
		await expect(stat(tokenFilePath(b.env))).rejects.toThrow();
	}, 300_000);
});
