import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {StepCrashPoint} from '../../source/core/journal/crash.js';
import {startupBlockText} from '../../source/core/journal/index.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {stepsChild} from '../helpers/steps-child.js';
import {makeModuleTree as makeTree, snapshotTree as snapshot} from '../helpers/trees.js';

/**
 * Crash safety of journal.applySteps for start-up-file and directory targets: a child process running the product's
 * journal SIGKILLs itself (GOTUNE_TEST_CRASH_AT, source/core/journal/crash.ts) at each boundary; then the real CLI's
 * history and doctor must report the set as interrupted, and `gotune rollback` (or journal.finish) must leave
 * everything exactly as before (or as after), with no half-deleted tree and no working directory left behind.
 */
const child = stepsChild();
beforeAll(() => child.build(), 60_000);
afterAll(() => child.remove());

let sandbox: TestSandbox;
let shm: string;
beforeEach(async () => {
	sandbox = await makeSandbox();
	shm = await mkdtemp('/dev/shm/gotune-crash-');
});
afterEach(async () => {
	for (const dir of [shm, sandbox.dir]) await execa('chmod', ['-R', 'u+w', dir], {reject: false});
	await rm(shm, {recursive: true, force: true});
	await sandbox.cleanup();
});

type Scenario = {
	name: string;
	points: Array<StepCrashPoint | 'after-temp-write'>;
	/** FINAL: the state an uninterrupted apply reaches, from the state before. */
	setup: () => Promise<{steps: unknown[]; watched: string[]; dirs: string[]; final: (before: State) => State}>;
};

const RC = 'export KEEP=1\n';
const GOENV = 'GOFLAGS=-mod=mod\n';

const scenarios: Scenario[] = [
	{
		name: 'a cross-filesystem move, a GOENV key and a start-up block',
		points: [
			'steps-after-journal',
			'mid-copy',
			'after-copy',
			'after-move',
			'after-temp-write',
			'after-goenv-step',
			'after-block-write',
			'mid-source-delete',
			'after-source-delete',
			'steps-before-mark',
		],
		setup: async () => {
			const from = path.join(sandbox.dir, 'modcache');
			const to = path.join(shm, 'modcache');
			await makeTree(from);
			return {
				steps: [
					{kind: 'move-dir', from, to},
					{kind: 'goenv', key: 'GOMODCACHE', value: to},
					{kind: 'startup-block', path: path.join(sandbox.env['HOME']!, '.bashrc'), marker: 'go-cache', lines: [`export GOMODCACHE=${to}`]},
				],
				watched: [from, to],
				dirs: [sandbox.dir, shm],
				final: before => ({
					trees: [null, before.trees[0]!],
					rc: RC + startupBlockText('go-cache', [`export GOMODCACHE=${to}`]),
					goenv: `${GOENV}GOMODCACHE=${to}\n`,
				}),
			};
		},
	},
	{
		name: 'a tree set aside, a staged tree put in place and a start-up block',
		points: ['steps-after-journal', 'after-aside', 'after-put', 'after-block-write', 'steps-before-mark'],
		setup: async () => {
			const parent = path.join(sandbox.dir, 'usr-local');
			const goroot = path.join(parent, 'go');
			const staged = path.join(parent, '.go-staged');
			await makeTree(goroot);
			await mkdir(path.join(staged, 'bin'), {recursive: true});
			await writeFile(path.join(staged, 'VERSION'), 'go1.99\n');
			const stagedTree = await snapshot(staged);
			return {
				steps: [
					{kind: 'set-aside', path: goroot},
					{kind: 'put-dir', staged, to: goroot},
					{
						kind: 'startup-block',
						path: path.join(sandbox.env['HOME']!, '.bashrc'),
						marker: 'go-path',
						lines: [`export PATH=${goroot}/bin:$PATH`],
					},
				],
				// The staged tree is the caller's: put-dir consumes it, and rollback removes the tree put in place.
				watched: [goroot, `${goroot}.gotune-aside-1`],
				dirs: [parent],
				final: before => ({
					trees: [stagedTree, before.trees[0]!],
					rc: RC + startupBlockText('go-path', [`export PATH=${goroot}/bin:$PATH`]),
					goenv: GOENV,
				}),
			};
		},
	},
	{
		name: 'a same-filesystem move and a start-up block',
		points: ['after-move', 'after-block-write'],
		setup: async () => {
			const from = path.join(sandbox.dir, 'cache-a');
			const to = path.join(sandbox.dir, 'fast', 'cache-a');
			await makeTree(from);
			return {
				steps: [
					{kind: 'move-dir', from, to},
					{kind: 'startup-block', path: path.join(sandbox.env['HOME']!, '.bashrc'), marker: 'go', lines: ['x']},
				],
				watched: [from, to],
				dirs: [sandbox.dir, path.join(sandbox.dir, 'fast')],
				final: before => ({trees: [null, before.trees[0]!], rc: RC + startupBlockText('go', ['x']), goenv: GOENV}),
			};
		},
	},
];

type State = {trees: Array<string[] | null>; rc: string | null; goenv: string | null};

async function state(watched: string[]): Promise<State> {
	const read = (file: string) => readFile(file, 'latin1').catch(() => null);
	return {
		trees: await Promise.all(watched.map(snapshot)),
		rc: await read(path.join(sandbox.env['HOME']!, '.bashrc')),
		goenv: await read(sandbox.env['GOENV']!),
	};
}

/** gotune's working names beside the trees (a set-aside tree is kept on purpose until rollback). */
async function leftovers(dirs: string[]): Promise<string[]> {
	const names: string[] = [];
	for (const dir of [...dirs, sandbox.env['HOME']!, path.dirname(sandbox.env['GOENV']!)]) {
		for (const name of await readdir(dir).catch(() => [] as string[]))
			if (name.includes('.gotune-') && !name.includes('.gotune-aside-')) names.push(path.join(dir, name));
	}
	return names;
}

type History = {entries: Array<{status: string}>};

async function expectInterrupted(count: number) {
	const history = JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as History;
	expect(history.entries.map(e => e.status)).toEqual(Array(count).fill('interrupted'));
	expect((await sandbox.cli(['history'])).stdout).toMatch(/change set #1 was interrupted before it finished: gotune rollback --to 1/);
	const doctor = JSON.parse((await sandbox.cli(['doctor', '--json'])).stdout) as {
		checks: Array<{id: string; status: string; fix?: string}>;
	};
	const check = doctor.checks.find(c => c.id === 'journal.interrupted');
	expect(check?.status).toBe('warn');
	expect(check?.fix).toMatch(/gotune rollback --to 1/);
}

async function statuses(): Promise<string[]> {
	return (JSON.parse((await sandbox.cli(['history', '--json'])).stdout) as History).entries.map(e => e.status);
}

for (const scenario of scenarios) {
	describe(scenario.name, () => {
		const prepare = async () => {
			await writeFile(path.join(sandbox.env['HOME']!, '.bashrc'), RC);
			await writeFile(sandbox.env['GOENV']!, GOENV);
			const setup = await scenario.setup();
			return {...setup, before: await state(setup.watched)};
		};
		describe.each(scenario.points)('SIGKILL at %s', point => {
			it('history and doctor report it; rollback restores everything as it was', async () => {
				const {steps, watched, dirs, before} = await prepare();
				const crashed = await child.run({runtime: sandbox.runtime, action: 'apply', steps}, {GOTUNE_TEST_CRASH_AT: point});
				expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
				await expectInterrupted(steps.length);
				const rollback = await sandbox.cli(['rollback', '--all', '--yes']);
				expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(0);
				expect(await state(watched)).toEqual(before);
				expect(await leftovers(dirs)).toEqual([]);
				expect(await statuses()).toEqual(Array(steps.length).fill('rolled-back'));
			});

			it('finish completes it exactly as an uninterrupted apply would', async () => {
				const {steps, watched, dirs, before, final} = await prepare();
				const crashed = await child.run({runtime: sandbox.runtime, action: 'apply', steps}, {GOTUNE_TEST_CRASH_AT: point});
				expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
				const finished = await child.run({runtime: sandbox.runtime, action: 'finish', id: '1'});
				expect(finished.exitCode, finished.stderr).toBe(0);
				expect(await state(watched)).toEqual(final(before));
				expect(await leftovers(dirs)).toEqual([]);
				expect(await statuses()).toEqual(Array(steps.length).fill('applied'));
				expect((await sandbox.cli(['rollback', '--all', '--yes'])).exitCode).toBe(0);
				expect(await state(watched)).toEqual(before);
			});
		});
	});
}

describe('a rollback cut short', () => {
	it.each(['mid-copy-back', 'mid-tree-remove'] as const)(
		'SIGKILL at %s of undoing a copied move: the next rollback finishes it',
		async point => {
			await writeFile(path.join(sandbox.env['HOME']!, '.bashrc'), RC);
			const setup = await scenarios[0]!.setup();
			const before = await state(setup.watched);
			expect((await child.run({runtime: sandbox.runtime, action: 'apply', steps: setup.steps})).exitCode).toBe(0);
			const crashed = await sandbox.cli(['rollback', '--all', '--yes'], {env: {GOTUNE_TEST_CRASH_AT: point}});
			expect(crashed.signal).toBe('SIGKILL');
			// The data is whole in one place at every moment: the copy at TO until the copy back is verified.
			const rollback = await sandbox.cli(['rollback', '--all', '--yes']);
			expect(rollback.exitCode, rollback.stdout + rollback.stderr).toBe(0);
			expect(await state(setup.watched)).toEqual(before);
			expect(await leftovers(setup.dirs)).toEqual([]);
		},
	);

	it('SIGKILL while removing a tree put in place: the next rollback finishes it and puts the old tree back', async () => {
		await writeFile(path.join(sandbox.env['HOME']!, '.bashrc'), RC);
		const setup = await scenarios[1]!.setup();
		const before = await state(setup.watched);
		expect((await child.run({runtime: sandbox.runtime, action: 'apply', steps: setup.steps})).exitCode).toBe(0);
		expect((await sandbox.cli(['rollback', '--all', '--yes'], {env: {GOTUNE_TEST_CRASH_AT: 'mid-tree-remove'}})).signal).toBe('SIGKILL');
		expect((await sandbox.cli(['rollback', '--all', '--yes'])).exitCode).toBe(0);
		expect(await state(setup.watched)).toEqual(before);
		expect(await leftovers(setup.dirs)).toEqual([]);
	});
});

describe('gotune finish (the CLI)', () => {
	it('history does not call a move whose copy never started done; finish says what it will do', async () => {
		await writeFile(path.join(sandbox.env['HOME']!, '.bashrc'), RC);
		await writeFile(sandbox.env['GOENV']!, GOENV);
		const setup = await scenarios[0]!.setup();
		const crashed = await child.run(
			{runtime: sandbox.runtime, action: 'apply', steps: setup.steps},
			{GOTUNE_TEST_CRASH_AT: 'steps-after-journal'},
		);
		expect(crashed.signal).toBe('SIGKILL');
		const history = (await sandbox.cli(['history'])).stdout;
		expect(history).not.toMatch(/copied, original deleted/);
		expect(history).toMatch(
			/directory .*modcache → .*modcache \(a copy, then the original deleted: interrupted, not known to be done; gotune finish 1 completes it\)/,
		);
		const finished = await sandbox.cli(['finish', '1', '--yes']);
		expect(finished.stdout).toMatch(/directory .*modcache → .*modcache \(copied, original deleted\)/);
		expect((await sandbox.cli(['history'])).stdout).toMatch(/modcache \(copied, original deleted\)/);
	});

	it('completes a set cut short mid-move, and says what it finishes', async () => {
		await writeFile(path.join(sandbox.env['HOME']!, '.bashrc'), RC);
		await writeFile(sandbox.env['GOENV']!, GOENV);
		const setup = await scenarios[0]!.setup();
		const before = await state(setup.watched);
		expect(
			(await child.run({runtime: sandbox.runtime, action: 'apply', steps: setup.steps}, {GOTUNE_TEST_CRASH_AT: 'after-move'})).signal,
		).toBe('SIGKILL');
		const doctor = JSON.parse((await sandbox.cli(['doctor', '--json'])).stdout) as {checks: Array<{id: string; fix?: string}>};
		expect(doctor.checks.find(c => c.id === 'journal.interrupted')?.fix).toMatch(/gotune finish 1/);
		expect((await sandbox.cli(['finish', '7', '--yes'])).exitCode).toBe(2);
		const finished = await sandbox.cli(['finish', '1', '--yes']);
		expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
		expect(finished.stdout).toMatch(/directory .*modcache → .*modcache \(copied, original deleted\)/);
		expect(finished.stdout).toMatch(/Finished change set #1/);
		expect(await state(setup.watched)).toEqual(setup.final(before));
		expect(await leftovers(setup.dirs)).toEqual([]);
	});
});
