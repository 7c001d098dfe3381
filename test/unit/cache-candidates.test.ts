import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {listCandidates} from '../../source/core/cache/targets.js';

describe('cache target candidates', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-candidates-'));
	});
	afterAll(async () => rm(dir, {recursive: true, force: true}));

	it('offer real mounted filesystems (here /dev/shm, a tmpfs) besides the default location', async () => {
		const candidates = await listCandidates({
			kind: 'gocache',
			currentPath: path.join(dir, 'now'),
			defaultPath: path.join(dir, 'default'),
			allocatedBytes: 0,
		});
		expect(candidates.map(c => c.path)).toContain(path.join(dir, 'default'));
		expect(candidates.map(c => c.path)).toContain('/dev/shm/go-build');
	});

	it('stay inside a sandbox: --sandbox never proposes a directory outside it', async () => {
		const candidates = await listCandidates({
			kind: 'gocache',
			currentPath: path.join(dir, 'now'),
			defaultPath: path.join(dir, 'default'),
			allocatedBytes: 0,
			within: dir,
		});
		expect(candidates.map(c => c.path)).toEqual([path.join(dir, 'default')]);
	});
});
