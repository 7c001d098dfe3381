import {describe, expect, it} from 'vitest';
import {parseGoImports} from '../../source/core/access/go-get.js';
import {classifyGitError, methodOf} from '../../source/core/access/git-probe.js';
import {accessTargets, argProblem} from '../../source/core/access/targets.js';
import {applyBlock, blockState, redactSecrets, startupBlockText, undoBlock} from '../../source/core/journal/startup-block.js';

describe('a secret block (~/.netrc entry) in the journal', () => {
	const text = startupBlockText('netrc-private.example', ['machine private.example login ana password s3cret']);
	const recorded = {present: true, value: redactSecrets(text), redacted: true} as const;

	it('is recorded with the password replaced, and still matches the block in the file for rollback', () => {
		expect(recorded.value).toContain('password ********');
		expect(recorded.value).not.toContain('s3cret');
		const added = applyBlock('machine other login x password y\n', 'netrc-private.example', {present: false}, {present: true, value: text});
		const entry = {before: {present: false} as const, after: recorded, createdFile: false, addedNewline: false};
		expect(undoBlock(added.next, 'netrc-private.example', entry, false)).toEqual({
			action: 'restore',
			next: 'machine other login x password y\n',
		});
		expect(blockState(added.next, 'netrc-private.example', true)).toEqual(recorded);
	});

	it('an entry edited since (another user) is a conflict; a changed password alone is still our block', () => {
		const entry = {before: {present: false} as const, after: recorded, createdFile: false, addedNewline: false};
		const edited = text.replace('login ana', 'login bob');
		expect(undoBlock(edited, 'netrc-private.example', entry, false).action).toBe('conflict');
		expect(undoBlock(text.replace('s3cret', 'other'), 'netrc-private.example', entry, false).action).toBe('restore');
	});
});

describe('access: words and parsing', () => {
	it("classifies git's own messages", () => {
		expect(classifyGitError("fatal: could not read Username for 'https://h': terminal prompts disabled", 'https', false)).toBe(
			'no-credentials',
		);
		expect(classifyGitError("fatal: could not read Username for 'https://h': terminal prompts disabled", 'https', true)).toBe(
			'wrong-credentials',
		);
		expect(classifyGitError("fatal: Authentication failed for 'https://h/r.git/'", 'https', true)).toBe('wrong-credentials');
		expect(classifyGitError('git@h: Permission denied (publickey).\nfatal: Could not read from remote repository.', 'ssh', false)).toBe(
			'ssh-key-missing',
		);
		expect(classifyGitError('ssh: Could not resolve hostname h: Name or service not known', 'ssh', false)).toBe('unreachable');
		expect(classifyGitError("fatal: unable to access 'https://h/': Failed to connect to h port 443", 'https', false)).toBe('unreachable');
		expect(classifyGitError("remote: Repository not found.\nfatal: repository 'https://h/r/' not found", 'https', true)).toBe(
			'repo-absent',
		);
		expect(methodOf('git@h:acme/r.git')).toBe('ssh');
		expect(methodOf('https://h/acme/r.git')).toBe('https');
	});

	it('reads go-import tags as go does (either quote, any attribute order)', () => {
		const html = `<meta content='a.example/x git https://a.example/x.git' name='go-import'><meta name="go-source" content="a b c d">`;
		expect(parseGoImports(html)).toEqual([{prefix: 'a.example/x', vcs: 'git', repo: 'https://a.example/x.git'}]);
	});

	it('groups known modules by host under the patterns that match them', () => {
		const targets = accessTargets(['private.example', 'github.com/acme/*', 'other.example/*'], {
			named: [],
			remotes: ['github.com/acme/widgets'],
			goMod: ['private.example/a/b', 'golang.org/x/text'],
		});
		expect(targets).toEqual([
			{host: 'github.com', patterns: ['github.com/acme/*'], modules: ['github.com/acme/widgets']},
			{host: 'private.example', patterns: ['private.example'], modules: ['private.example/a/b']},
			{host: 'other.example', patterns: ['other.example/*'], modules: []},
		]);
		expect(argProblem('private.example/*')).toBeUndefined();
		expect(argProblem('a,b')).toMatch(/one module path or pattern/);
	});
});
