import {describe, expect, it} from 'vitest';
import {withoutCredentials} from '../../source/ui/end-of-run.js';

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
