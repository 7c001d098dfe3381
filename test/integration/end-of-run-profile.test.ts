import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openJournal} from '../../source/core/journal/index.js';
import {offerRunProfile} from '../../source/ui/end-of-run.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeEach(async () => {
	sandbox = await makeSandbox();
});
afterEach(async () => {
	await sandbox.cleanup();
});

describe("the wizard's offer to save this run as a team profile (issue 19)", () => {
	it('saves the shareable settings and never GOCACHE or GOMODCACHE, which the Cache step moved on this machine only', async () => {
		const startedAt = new Date().toISOString();
		const repo = path.join(sandbox.dir, 'repo');
		await mkdir(path.join(repo, '.git'), {recursive: true});
		const journal = openJournal(sandbox.runtime);
		// What a run of the wizard writes: the Proxy step's GOPRIVATE, the Cache step's moves (real go validates each).
		await journal.apply([{key: 'GOPRIVATE', value: '*.corp.example'}], 'wizard:proxy');
		await journal.apply(
			[
				{key: 'GOCACHE', value: path.join(sandbox.dir, 'fast', 'go-build')},
				{key: 'GOMODCACHE', value: path.join(sandbox.dir, 'fast', 'mod')},
			],
			'wizard:cache',
		);
		const stdin = Object.assign(new PassThrough(), {isTTY: true});
		const stdout = new PassThrough();
		let said = '';
		stdout.on('data', chunk => (said += String(chunk)));
		const answered = offerRunProfile({...sandbox.runtime, cwd: repo}, startedAt, {stdin, stdout});
		stdin.write('y\n');
		expect(await answered).toBeUndefined();
		expect(said).toContain('GOCACHE, GOMODCACHE are machine-specific: a team profile never carries them');
		const saved = JSON.parse(await readFile(path.join(repo, 'gotune.json'), 'utf8')) as {env: Record<string, string>};
		expect(saved.env).toEqual({GOPRIVATE: '*.corp.example'});
	});

	it('wraps what it says at the terminal width, at spaces: a long path is not cut mid-word by the terminal', async () => {
		const startedAt = new Date().toISOString();
		const repo = path.join(sandbox.dir, 'a-repository-with-a-rather-long-name', 'and', 'a-subdirectory-or-two');
		await mkdir(path.join(repo, '.git'), {recursive: true});
		await openJournal(sandbox.runtime).apply([{key: 'GOPRIVATE', value: '*.corp.example'}], 'wizard:proxy');
		const stdin = Object.assign(new PassThrough(), {isTTY: true});
		const stdout = Object.assign(new PassThrough(), {columns: 100});
		let said = '';
		stdout.on('data', chunk => (said += String(chunk)));
		const answered = offerRunProfile({...sandbox.runtime, cwd: repo}, startedAt, {stdin, stdout});
		stdin.write('n\n');
		await answered;
		const lines = said.split('\n');
		for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(100);
		// The path of gotune.json whole on one row (it is shorter than the terminal, the question is not).
		const file = path.join(repo, 'gotune.json');
		expect(file.length).toBeLessThan(100);
		expect(`Save them as a team profile in ${file}? [y/N]`.length).toBeGreaterThan(100);
		expect(lines.some(line => line.includes(file))).toBe(true);
	});
});
