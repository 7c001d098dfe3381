import {chmod, mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DEFAULT_CLIENT} from '../../source/core/cache/share/index.js';
import {createCacheServices} from '../../source/ui/services/cache.js';
import {journalOpener} from '../../source/ui/services/open-journal.js';
import {CacheStep} from '../../source/ui/steps/cache/cache-view.js';
import {themeFor} from '../../source/ui/theme.js';
import {clientInstallEnv, ensureCacheprog, startCacheServer, warmClientBuild, type CacheServer} from '../helpers/cacheprog.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {testGo} from '../helpers/toolchains.js';
import {fakeServices} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

/**
 * Issue 23 in the wizard: the Cache step's "share with the team" sub-screen, with the real services, against a real
 * gocached on loopback; the client installed by the product's own go install (served from the prefetched module
 * cache, no network), then the change set undone byte for byte.
 */
let sandbox: TestSandbox | undefined;
let server: CacheServer | undefined;
let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	await server?.stop();
	await sandbox?.cleanup();
	app = undefined;
	server = undefined;
	sandbox = undefined;
});

const props = {
	theme: themeFor(false),
	isActive: true,
	width: 110,
	height: 40,
	onNext: () => undefined,
	setPending: () => undefined,
	captureKeys: () => undefined,
	record: () => undefined,
};

/** Every file under DIR with its mode and bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const name of await readdir(dir).catch(() => [])) {
		const full = path.join(dir, name);
		out[name] = `${(await stat(full)).mode.toString(8)}:${(await readFile(full)).toString('base64')}`;
	}
	return out;
}

describe('Cache step: share the build cache with the team (real gocached, real go install)', {timeout: 400_000}, () => {
	beforeAll(async () => {
		await ensureCacheprog();
		await warmClientBuild(testGo(), DEFAULT_CLIENT);
	}, 30 * 60_000);

	it('h, the server address, its check, the plan, y: one change set; rolled back, GOENV and GOBIN are byte-identical', async () => {
		sandbox = await makeSandbox();
		server = await startCacheServer();
		const runtime = {...sandbox.runtime, env: {...sandbox.env, ...clientInstallEnv()}};
		const goenv = sandbox.env['GOENV']!;
		const gobin = path.join(sandbox.env['GOPATH']!, 'bin');
		await mkdir(path.dirname(goenv), {recursive: true});
		await writeFile(goenv, 'GOPRIVATE=example.com/private\n# kept as is\n');
		await mkdir(gobin, {recursive: true});
		await writeFile(path.join(gobin, 'other-tool'), 'untouched');
		await chmod(path.join(gobin, 'other-tool'), 0o750);
		const before = {goenv: await readFile(goenv), gobin: await snapshot(gobin)};

		const services = {...fakeServices(), ...createCacheServices(runtime, journalOpener(runtime))};
		app = await renderInk(<CacheStep {...props} services={services} />, {columns: 110, rows: 40});
		await app.waitFor(/\bh share with the team\b/);
		await app.press('h');
		await app.waitFor(/Cache server:/);
		// A path is refused as typed, before anything runs.
		await app.press(...`${server.url}/x`.split(''), keys.enter);
		await app.waitFor(/has a path; the client wants the scheme and host only/);
		await app.press('\u007F', '\u007F', keys.enter);
		const plan = await app.waitFor(/\[y\/N\]/, 60_000);
		expect(plan).toMatch(new RegExp(`${server.url.replace(/[.]/g, '\\.')} +answers go-tool-cache's protocol \\(\\d+ ms\\)`));
		expect(plan).toContain(`go install ${DEFAULT_CLIENT} (gotune's cacheprog/`);
		expect(plan).toMatch(/GOCACHEPROG=.*gotune-cacher/);
		expect(plan).toMatch(/without -trimpath/);
		await app.press('t');
		const trimmed = await app.waitFor(/GOFLAGS=-trimpath/, 60_000);
		expect(trimmed).toMatch(/\[y\/N\]/);
		await app.press('y');
		const done = await app.waitFor(/Shared build cache set up|not set up/, 300_000);
		expect(done).toMatch(
			/Shared build cache set up: gotune-cacher \(go-tool-cache v0\.0\.0-20260722201841-0bb331e19f64, best-effort HTTP\)/,
		);
		const id = /Change set #(\d+)/.exec(done)![1]!;
		const written = await readFile(goenv, 'utf8');
		expect(written).toContain(`--cache-server ${server.url}`);
		expect(written).toMatch(/^GOFLAGS=-trimpath$/m);
		expect(Object.keys(await snapshot(gobin))).toContain('gotune-cacher');
		// Back to the caches: inspected again, GOCACHE now shows the shared cache.
		await app.press(keys.enter);
		await app.waitFor(
			new RegExp(`GOCACHEPROG gotune-cacher v0\\.0\\.0-20260722201841-0bb331e19f64 · server ${server.url.replace(/[.]/g, '\\.')}`),
			60_000,
		);

		// One change set in the journal (what the rollback log lists), undone as a whole.
		const journal = await journalOpener(runtime)();
		const sets = await journal.changeSets();
		expect(sets.filter(set => set.id === id).map(set => set.origin)).toEqual(['wizard:cache share']);
		await journal.rollback({kind: 'to', id});
		expect((await readFile(goenv)).equals(before.goenv)).toBe(true);
		expect(await snapshot(gobin)).toEqual(before.gobin);
	});
});
