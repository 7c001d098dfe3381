import {chmod, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {closePreferences, PREFERENCES_FILE, readPreference, writePreference} from '../../source/core/preferences.js';

describe('preferences (conf in GOTUNE_HOME)', () => {
	let home: string;
	beforeEach(async () => {
		home = await mkdtemp(path.join(os.tmpdir(), 'gotune-prefs-'));
	});
	afterEach(async () => {
		closePreferences();
		await chmod(home, 0o700).catch(() => undefined);
		await rm(home, {recursive: true, force: true});
	});

	it('keeps values in GOTUNE_HOME/preferences.json, mode 0600, and reads them back', async () => {
		expect(await readPreference(home, 'lastPanel')).toBeUndefined();
		expect(await writePreference(home, 'lastPanel', 'rollback-log')).toBe(true);
		expect(
			await writePreference(home, 'lastProbe', {time: '2026-11-30T10:00:00Z', result: {goproxy: 'https://proxy.golang.org,direct'}}),
		).toBe(true);
		const file = path.join(home, PREFERENCES_FILE);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
			lastPanel: 'rollback-log',
			lastProbe: {time: '2026-11-30T10:00:00Z', result: {goproxy: 'https://proxy.golang.org,direct'}},
		});
		closePreferences();
		expect(await readPreference(home, 'lastPanel')).toBe('rollback-log');
		expect(await writePreference(home, 'lastPanel', undefined)).toBe(true);
		expect(await readPreference(home, 'lastPanel')).toBeUndefined();
	});

	it('sees what another gotune wrote since (re-read from disk)', async () => {
		await writePreference(home, 'lastPanel', 'hit-rates');
		await writeFile(path.join(home, PREFERENCES_FILE), JSON.stringify({lastPanel: 'build-timing'}));
		expect(await readPreference(home, 'lastPanel')).toBe('build-timing');
	});

	it('a damaged file is cleared, not fatal', async () => {
		await writeFile(path.join(home, PREFERENCES_FILE), '{"lastPanel": "x", oops');
		expect(await readPreference(home, 'lastPanel')).toBeUndefined();
		expect(await writePreference(home, 'lastPanel', 'rollback-log')).toBe(true);
		expect(await readPreference(home, 'lastPanel')).toBe('rollback-log');
	});

	it('an unusable GOTUNE_HOME never fails the caller', async () => {
		const file = path.join(home, 'not-a-dir');
		await writeFile(file, '');
		expect(await readPreference(file, 'lastPanel')).toBeUndefined();
		expect(await writePreference(file, 'lastPanel', 'x')).toBe(false);
	});
});
