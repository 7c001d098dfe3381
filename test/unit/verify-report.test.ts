import {describe, expect, it} from 'vitest';
import {pasteSafe} from '../../source/core/verify/report.js';

describe('pasteSafe', () => {
	it('masks credentials and shows the home directory as ~, in every string, keys included', () => {
		const input = {a: 'https://u:pw@h.example/x?token=abc', list: ['/home/al/go', '/home/al', 'GOPATH=/home/al:/opt'], '/home/al/k': 1};
		expect(pasteSafe(input, '/home/al')).toEqual({
			a: 'https://***@h.example/x?token=***',
			list: ['~/go', '~', 'GOPATH=~:/opt'],
			'~/k': 1,
		});
	});

	it('leaves paths that only start with the same letters alone, and a root home', () => {
		expect(pasteSafe('/home/alice/go /home/al', '/home/al')).toBe('/home/alice/go ~');
		expect(pasteSafe('/usr/lib/go', '/')).toBe('/usr/lib/go');
		expect(pasteSafe({n: 3, b: true, z: null}, undefined)).toEqual({n: 3, b: true, z: null});
	});
});
