import {describe, expect, it} from 'vitest';
import {modulePathFromRemote} from '../../source/core/module/suggest-path.js';

describe('modulePathFromRemote', () => {
	it.each([
		['git@github.com:Owner/Repo.git', 'github.com/Owner/Repo'],
		['git@github.com:owner/repo', 'github.com/owner/repo'],
		['github.com:owner/repo.git', 'github.com/owner/repo'],
		['https://github.com/owner/repo', 'github.com/owner/repo'],
		['https://github.com/owner/repo.git', 'github.com/owner/repo'],
		['https://github.com/owner/repo/', 'github.com/owner/repo'],
		['http://git.example.com/group/sub/proj.git', 'git.example.com/group/sub/proj'],
		['https://user:s3cret@git.example.com/owner/repo.git', 'git.example.com/owner/repo'],
		['ssh://git@host.example:2222/owner/repo.git', 'host.example/owner/repo'],
		['ssh://git@host.example/owner/repo.git', 'host.example/owner/repo'],
		['ssh://host.example/~owner/repo.git', 'host.example/owner/repo'],
		['git://GitHub.com/Owner/Repo.git', 'github.com/Owner/Repo'],
		['  git@gitlab.com:a/b.git\n', 'gitlab.com/a/b'],
	])('%s → %s', (remote, expected) => {
		expect(modulePathFromRemote(remote)).toBe(expected);
	});

	it.each(['/srv/git/repo.git', '../other', 'file:///srv/git/repo.git', 'https://host.example/', ''])('%s → no suggestion', remote => {
		expect(modulePathFromRemote(remote)).toBeUndefined();
	});
});
