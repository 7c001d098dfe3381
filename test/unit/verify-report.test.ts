import {describe, expect, it} from 'vitest';
import {writeProblem} from '../../source/core/verify/report-file.js';
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

describe('writeProblem', () => {
	// EIO, ENOSPC and EROFS cannot be produced on demand without root (a failing disk, a full or read-only mount):
	// the words for them are checked here; ENOENT, EISDIR and links run for real in report-cli.test.ts.
	it('says what went wrong, with which path, and what to do, never a bare errno', () => {
		const eio = writeProblem('EIO', '/mnt/nfs/r.md', '/mnt/nfs');
		expect(eio.badInput).toBe(false);
		expect(eio.message).toBe(
			'cannot write the report to /mnt/nfs/r.md: the system refused (EIO: input/output error, the disk or network file system failed); ' +
				'try another directory, or leave out --output to print the report',
		);
		expect(writeProblem('ENOSPC', '/d/r.md', '/d').message).toMatch(/no space left .* holding \/d; free some space/);
		expect(writeProblem('EACCES', '/d/r.md', '/d').message).toMatch(
			/no permission to create or replace files in \/d; choose a directory you own/,
		);
		expect(writeProblem('ENOENT', '/d/r.md', '/d')).toMatchObject({badInput: true});
	});
});
