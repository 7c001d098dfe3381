import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where .ci/install-go unpacks the toolchains go itself fetches through the module proxy (GOTOOLCHAIN=go1.27.3 with
 * this GOMODCACHE): each one is then run by its own bin/go path with GOTOOLCHAIN=local.
 */
export const FETCHED_TOOLCHAINS = path.join(REPO_ROOT, 'node_modules', '.cache', 'gotune-toolchains', 'mod', 'golang.org');

/** The toolchains the project tests against, in the order the matrix runs them: see README "Which Go the tests use". */
const KNOWN = ['/usr/local/go/bin/go', '/usr/lib/go-1.23/bin/go', '/usr/lib/go-1.19/bin/go'];

export type Toolchain = {go: string; version: string};

/** The go binary integration tests run against: GOTUNE_TEST_GO (a path), else the first installed toolchain. */
export function testGo(): string {
	const chosen = process.env['GOTUNE_TEST_GO'];
	if (chosen) return chosen;
	const found = installedToolchains()[0];
	if (!found) throw new Error('No Go toolchain for integration tests: run .ci/install-go, or set GOTUNE_TEST_GO=/path/to/bin/go');
	return found;
}

/** Every test toolchain present on this machine: the fetched ones (1.27.x), the machine's, Debian's; newest first. */
export function installedToolchains(): string[] {
	return toolchainMatrix().map(t => t.go);
}

let cached: Toolchain[] | undefined;

/** installedToolchains with each one's version as go itself reports it (`go env GOVERSION`), newest first. */
export function toolchainMatrix(): Toolchain[] {
	if (cached) return cached;
	const fetched = existsSync(FETCHED_TOOLCHAINS)
		? readdirSync(FETCHED_TOOLCHAINS)
				.filter(name => /^toolchain@v0\.0\.1-go[\d.]+\.linux-/.test(name))
				.map(name => path.join(FETCHED_TOOLCHAINS, name, 'bin', 'go'))
		: [];
	const found: Toolchain[] = [];
	for (const go of [...fetched, ...KNOWN]) {
		if (!existsSync(go)) continue;
		const version = goVersionOf(go);
		if (version && !found.some(t => t.version === version)) found.push({go, version});
	}
	cached = found.sort((a, b) => compareGo(b.version, a.version));
	return cached;
}

/**
 * `go env GOVERSION` of one binary, run as itself (GOTOOLCHAIN=local) in a throwaway HOME: go >= 1.23 writes
 * telemetry files under HOME whatever GOTELEMETRY says, and nothing of the real user's may be read or written.
 */
export function goVersionOf(go: string): string | undefined {
	const home = mkdtempSync(path.join(os.tmpdir(), 'gotune-goversion-'));
	try {
		const out = execFileSync(go, ['env', 'GOVERSION'], {
			env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, GOENV: path.join(home, 'env'), GOTOOLCHAIN: 'local', GOFLAGS: ''},
			encoding: 'utf8',
			timeout: 20_000,
		});
		return out.trim() || undefined;
	} catch {
		return undefined;
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

/** The release line of a go version: go1.26.8 → 1.26. */
export function releaseOf(version: string): string {
	return /^go(\d+\.\d+)/.exec(version)?.[1] ?? version;
}

/** Minor release number of the toolchain under test (19, 23, 26, 27): tests say which release does what by it. */
export function testGoMinor(): number {
	const go = testGo();
	const known = toolchainMatrix().find(t => t.go === go);
	const version = known?.version ?? goVersionOf(go) ?? '';
	return Number(/^go1\.(\d+)/.exec(version)?.[1] ?? 0);
}

function compareGo(a: string, b: string): number {
	const parts = (v: string) => (/^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(v) ?? []).slice(1).map(n => Number(n ?? 0));
	const [x, y] = [parts(a), parts(b)];
	for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
	return 0;
}
