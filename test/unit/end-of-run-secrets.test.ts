import {describe, expect, it} from 'vitest';
import {MACHINE_KEYS} from '../../source/core/profile/index.js';
import {withoutCredentials, withoutMachineKeys} from '../../source/ui/end-of-run.js';

describe('saving a team profile from the wizard', () => {
	it('leaves out every key holding a credential, in any URL form, and keeps the rest', () => {
		const profile = {
			name: 'team',
			env: {
				GOPROXY: 'https://ghp_abcdefghijklmnopqrstuv@proxy.corp.example/go,direct',
				GONOSUMDB: 'git.corp.example',
				GOPRIVATE: 'git.corp.example/*',
				GOFLAGS: '-mod=mod',
				GOSUMDB: 'sum.golang.org https://bob:p@ss@sumdb.example',
			},
		};
		const {shareable, withheld} = withoutCredentials(profile);
		expect(withheld).toEqual(['GOPROXY', 'GOSUMDB']);
		expect(shareable).toEqual({name: 'team', env: {GONOSUMDB: 'git.corp.example', GOPRIVATE: 'git.corp.example/*', GOFLAGS: '-mod=mod'}});
		expect(JSON.stringify(shareable)).not.toMatch(/ghp_|p@ss/);
		// The original is not changed (the journal's record of the run keeps what was applied).
		expect(Object.keys(profile.env)).toHaveLength(5);
	});
});

describe('saving a team profile from the wizard: machine-specific keys (issue 19)', () => {
	it('never carries GOCACHE, GOMODCACHE, GOPATH, GOROOT, GOBIN or GOENV, whatever the run changed', () => {
		const machine = ['GOCACHE', 'GOMODCACHE', 'GOPATH', 'GOROOT', 'GOBIN', 'GOENV'];
		// The list the offer uses is the linter's: the same six keys, so the two cannot drift apart.
		expect(Object.keys(MACHINE_KEYS).sort()).toEqual([...machine].sort());
		const profile = {
			env: {
				GOPROXY: 'https://proxy.golang.org,direct',
				GOCACHE: '/mnt/fast/go-build',
				GOMODCACHE: '/mnt/fast/mod',
				GOPATH: '/home/ann/go',
				GOROOT: '/usr/local/go',
				GOBIN: '/home/ann/bin',
				GOENV: '/home/ann/.config/go/env',
			},
		};
		const {shareable, withheld} = withoutMachineKeys(profile, Object.keys(MACHINE_KEYS));
		expect(shareable.env).toEqual({GOPROXY: 'https://proxy.golang.org,direct'});
		expect(withheld.sort()).toEqual([...machine].sort());
	});
});
