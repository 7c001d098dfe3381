// The live tier for install-go --from proxy: go1.27.3 from the machine's real module proxy, verified against the
// machine's real checksum database (GOSUMDB as go reads it here; no host is written in this file), into a sandbox
// prefix, and compared with the tree the real go unpacks for the same version (GOTOOLCHAIN=go1.27.3 go version made
// node_modules/.cache/gotune-toolchains/go1.27.3). One ~76 MB download.
import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {liveGate} from '../helpers/live.js';
import {makeSandbox, REPO_ROOT, type TestSandbox} from '../helpers/sandbox.js';
import {testGo} from '../helpers/toolchains.js';

const REFERENCE = path.join(REPO_ROOT, 'node_modules', '.cache', 'gotune-toolchains', 'go1.27.3');
const reference = await stat(path.join(REFERENCE, 'bin', 'go')).catch(() => undefined);
if (!reference) console.warn(`live install-go --from proxy skipped: no tree unpacked by go at ${REFERENCE}`);
const gate = reference ? await liveGate(testGo()) : ({ok: false, reason: 'no reference tree'} as const);
const network = gate.ok ? gate.network : undefined;

/** path → "x" or "-" (executable by its owner) and the SHA-256 of its content; symlinks by their target. */
async function treeOf(root: string): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	const walk = async (dir: string) => {
		for (const entry of await readdir(dir, {withFileTypes: true})) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) await walk(full);
			else {
				const info = await stat(full);
				const hash = createHash('sha256');
				for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
				out.set(path.relative(root, full), `${info.mode & 0o100 ? 'x' : '-'} ${hash.digest('hex')}`);
			}
		}
	};
	await walk(root);
	return out;
}

describe.skipIf(!gate.ok)('live: install-go --from proxy through the machine’s proxy and checksum database', () => {
	let sandbox: TestSandbox;
	beforeAll(async () => {
		sandbox = await makeSandbox({extraEnv: {...network!.settings, ...network!.passThrough}});
	});
	afterAll(async () => sandbox?.cleanup());

	it('installs go1.27.3 verified by the checksum database; the tree equals the one go unpacks, file for file and bit for bit', async () => {
		const prefix = path.join(sandbox.dir, 'opt', 'go');
		const result = await sandbox.cli(['install-go', '1.27.3', '--from', 'proxy', '--prefix', prefix, '--yes', '--json'], {
			timeoutMs: 280_000,
		});
		expect(result.exitCode, result.stderr).toBe(0);
		const json = JSON.parse(result.stdout) as {version: string; source: string; h1: string};
		expect(json).toMatchObject({version: 'go1.27.3', source: 'proxy', h1: expect.stringMatching(/^h1:[A-Za-z0-9+/]{43}=$/)});
		const [mine, gos] = await Promise.all([treeOf(prefix), treeOf(REFERENCE)]);
		const onlyMine = [...mine.keys()].filter(k => !gos.has(k));
		const onlyGos = [...gos.keys()].filter(k => !mine.has(k));
		const differ = [...mine.keys()].filter(k => gos.has(k) && gos.get(k) !== mine.get(k));
		expect({onlyMine, onlyGos, differ}).toEqual({onlyMine: [], onlyGos: [], differ: []});
		expect(mine.size).toBeGreaterThan(10_000);
		const rollback = await sandbox.cli(['rollback', '--last', '--yes']);
		expect(rollback.exitCode, rollback.stderr).toBe(0);
		expect(await stat(prefix).catch(() => undefined)).toBeUndefined();
	});
});
