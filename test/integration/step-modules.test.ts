import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openJournal} from '../../source/core/journal/index.js';
import {moduleStep} from '../../source/core/steps/module.js';
import {toolchainStep} from '../../source/core/steps/toolchain.js';
import {quietContext} from '../../source/core/task.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

describe('steps follow one contract (core/steps/types.ts): check → plan → apply through the journal', () => {
	let sandbox: TestSandbox;
	beforeAll(async () => {
		sandbox = await makeSandbox();
	});
	afterAll(async () => sandbox.cleanup());

	it('Module: check finds no module, plan has go accept the path, apply creates go.mod as one undoable change set', async () => {
		const dir = path.join(sandbox.dir, 'work', 'hello');
		await mkdir(dir, {recursive: true});
		const runtime = {...sandbox.runtime, cwd: dir};
		const check = await moduleStep.check(runtime);
		expect(check.detection.goMod).toBeUndefined();
		const plan = await moduleStep.plan(runtime, check, {modulePath: 'example.com/hello'}, quietContext());
		expect(plan.init.blocked).toBeUndefined();
		const journal = openJournal(runtime);
		const outcome = await moduleStep.apply(runtime, plan, journal, 'test:contract', quietContext());
		expect(outcome.ok).toBe(true);
		expect(await readFile(path.join(dir, 'go.mod'), 'utf8')).toMatch(/^module example\.com\/hello\n/);
		const [set] = await journal.changeSets();
		expect(set).toMatchObject({origin: 'test:contract', status: 'applied'});
	});

	it('Toolchain: check reports the go under test as the winner', async () => {
		const findings = await toolchainStep.check(sandbox.runtime);
		expect(findings.discovery.winner?.path).toBe(sandbox.goBin);
	});
});
