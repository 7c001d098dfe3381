import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {gitSemverTags, suggestModulePath} from '../../source/core/module/suggest-path.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

describe('module path suggestion from a real git repository', () => {
	let sandbox: TestSandbox;
	let repo: string;
	beforeEach(async () => {
		sandbox = await makeSandbox();
		repo = path.join(sandbox.dir, 'My Project');
		await mkdir(repo);
	});
	afterEach(async () => sandbox.cleanup());

	const git = (...args: string[]) =>
		execa('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
			env: sandbox.env as Record<string, string>,
			extendEnv: false,
		});

	it.each([
		['git@github.com:Owner/Repo.git', 'github.com/Owner/Repo'],
		['https://gitlab.example.com/group/sub/proj.git', 'gitlab.example.com/group/sub/proj'],
		['https://gitlab.example.com/group/proj', 'gitlab.example.com/group/proj'],
		['ssh://git@git.example.com:2222/team/svc.git', 'git.example.com/team/svc'],
	])('origin %s → %s', async (remote, expected) => {
		await git('init', '-q');
		await git('remote', 'add', 'origin', remote);
		expect(await suggestModulePath(repo, sandbox.env)).toMatchObject({path: expected, source: 'git-remote'});
	});

	it('uses another remote when there is no origin, and masks credentials in the detail', async () => {
		await git('init', '-q');
		await git('remote', 'add', 'upstream', 'https://bot:s3cret@git.example.com/a/b.git');
		const suggestion = await suggestModulePath(repo, sandbox.env);
		expect(suggestion).toMatchObject({path: 'git.example.com/a/b', source: 'git-remote'});
		expect(suggestion.detail).not.toContain('s3cret');
	});

	it('no repository or no remote: the directory name, made acceptable to go', async () => {
		expect(await suggestModulePath(repo, sandbox.env)).toMatchObject({path: 'My-Project', source: 'directory'});
		await git('init', '-q');
		expect(await suggestModulePath(repo, sandbox.env)).toMatchObject({path: 'My-Project', source: 'directory'});
	});

	it('reads semver tags for the /vN check', async () => {
		await git('init', '-q');
		await git('commit', '-q', '--allow-empty', '-m', 'first');
		await git('tag', 'v2.1.0');
		await git('tag', 'release-1');
		expect(await gitSemverTags(repo, sandbox.env)).toEqual(['v2.1.0']);
	});
});
