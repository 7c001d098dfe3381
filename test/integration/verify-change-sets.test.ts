import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {openJournal} from '../../source/core/journal/index.js';
import {applyInit, checkModule, planInit} from '../../source/core/steps/module.js';
import {createVerifyServices} from '../../source/ui/services/verify.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

// Issue 19 polish: "Before/after: this run applied change set #1" appeared when the run's only change set created
// go.mod. A build has no "before" for that (the baseline would have no module): only settings change sets count.
describe("Verify's before/after counts only settings change sets (real go mod init through the journal)", () => {
	let sandbox: TestSandbox | undefined;
	afterEach(async () => sandbox?.cleanup());

	it('a created go.mod is not offered for before/after; a GOENV change set of the same run is', async () => {
		sandbox = await makeSandbox();
		const dir = path.join(sandbox.dir, 'app');
		await mkdir(dir, {recursive: true});
		const runtime = {...sandbox.runtime, cwd: dir};
		const startedAt = new Date(Date.now() - 1000).toISOString();
		const journal = openJournal(runtime);
		const check = await checkModule(runtime, dir);
		expect((await applyInit(await planInit(check, 'example.com/app'), check, journal, 'wizard:module')).ok).toBe(true);
		const verify = createVerifyServices(runtime, async () => journal, startedAt).verify;
		expect((await journal.changeSets()).length).toBe(1);
		expect(await verify.changeSetsThisRun()).toEqual([]);
		const settings = await journal.apply([{key: 'GOFLAGS', value: '-mod=mod'}], 'wizard:proxy');
		expect(await verify.changeSetsThisRun()).toEqual([settings!.id]);
	}, 60_000);
});
