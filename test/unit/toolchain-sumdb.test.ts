import {mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {noteVerifier, openNote} from '../../source/core/install/sumdb/note.js';
import {tilePath} from '../../source/core/install/sumdb/tlog.js';
import {executable, extractToolchainZip} from '../../source/core/install/zip-extract.js';
import {SUM_GOLANG_ORG_KEY} from '../../source/core/proxy/gosumdb.js';
import {quietContext} from '../../source/core/task.js';
import {storedZip} from '../helpers/module-proxy.js';

describe('checksum database client pieces', () => {
	it('tile paths are tlog.Tile.Path (tile_test.go examples)', () => {
		expect(tilePath(0, 1234067, 256)).toBe('tile/8/0/x001/x234/067');
		expect(tilePath(3, 5, 256)).toBe('tile/8/3/005');
		expect(tilePath(0, 1234067, 3)).toBe('tile/8/0/x001/x234/067.p/3');
		expect(tilePath(1, 1000, 1)).toBe('tile/8/1/x001/000.p/1');
	});

	it('reads the built-in sum.golang.org key (its base64 holds "+") and refuses a note it did not sign', () => {
		const verifier = noteVerifier(SUM_GOLANG_ORG_KEY);
		expect(verifier.name).toBe('sum.golang.org');
		expect(verifier.hash).toBe(0x033de0ae);
		const forged = `go.sum database tree\n1\n${Buffer.alloc(32).toString('base64')}\n\n\u2014 sum.golang.org ${Buffer.concat([Buffer.from([0x03, 0x3d, 0xe0, 0xae]), Buffer.alloc(64, 1)]).toString('base64')}\n`;
		expect(() => openNote(forged, verifier, 'the tree head')).toThrow(/does not verify with its public key/);
		expect(() => openNote('go.sum database tree\n1\nAAAA\n', verifier, 'the tree head')).toThrow(/not a signed note/);
	});
});

describe('extractToolchainZip', () => {
	let dir: string;
	beforeEach(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-zip-'));
	});
	afterEach(async () => rm(dir, {recursive: true, force: true}));
	const PREFIX = 'golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/';
	const extract = async (names: string[]) => {
		const zip = path.join(dir, 'z.zip');
		await writeFile(zip, storedZip(names.map(n => [n, 'x'])));
		return extractToolchainZip(zip, PREFIX, path.join(dir, 'out'), quietContext());
	};

	it('execute bits exactly where toolchain.Exec sets them', () => {
		expect(
			['bin/go', 'bin/gofmt', 'pkg/tool/linux_amd64/compile', 'lib/wasm/go_js_wasm_exec', 'lib/wasm/go_wasip1_wasm_exec'].map(executable),
		).toEqual([true, true, true, true, true]);
		expect(
			['src/go/build/build.go', 'lib/wasm/wasm_exec.js', 'lib/time/zoneinfo.zip', 'misc/bin/x', 'go_a_b_exec'].map(executable),
		).toEqual([false, false, false, false, false]);
	});

	it.each([
		['outside the module prefix', ['other@v1/bin/go'], /not under golang\.org\/toolchain@/],
		['climbing out', [`${PREFIX}../../etc/passwd`], /"\.\." elements/],
		['listed twice with different case', [`${PREFIX}bin/go`, `${PREFIX}bin/GO`], /lists it twice/],
	])('refuses an entry %s', async (_, names, message) => {
		await expect(extract(names)).rejects.toThrow(message);
		expect(await readdir(dir)).toEqual(expect.not.arrayContaining(['etc']));
	});
});
