import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readProfile} from '../../source/core/profile/index.js';

describe('profiles with odd input (issue 7)', () => {
	let dir: string;
	beforeEach(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-profile-'));
	});
	afterEach(async () => rm(dir, {recursive: true, force: true}));

	it('accepts a UTF-8 byte order mark', async () => {
		const file = path.join(dir, 'bom.json');
		await writeFile(file, '\uFEFF{"env": {"GOPROXY": "https://proxy.golang.org,direct"}}');
		expect((await readProfile(file)).env).toEqual({GOPROXY: 'https://proxy.golang.org,direct'});
	});

	it.each([['toString'], ['__proto__'], ['constructor'], ['hasOwnProperty']])(
		'env.%s is an unknown key with a plain message',
		async key => {
			const file = path.join(dir, 'proto.json');
			await writeFile(file, `{"env": {"${key}": "x"}}`);
			const error = await readProfile(file).then(
				() => undefined,
				(e: Error) => e,
			);
			expect(error?.message).toContain(`env.${key} is not a setting a profile can change`);
			expect(error?.message).not.toMatch(/function|\[native code\]/);
		},
	);
});
