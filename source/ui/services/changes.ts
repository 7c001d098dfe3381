import {stat} from 'node:fs/promises';
import path from 'node:path';
import {goEnvFileLocation} from '../../core/paths.js';
import type {Runtime} from '../../core/runtime.js';

export type ChangesServices = {
	changes: {
		/**
		 * What the files behind the steps' findings look like now (size, mtime, inode of each): the GOENV file
		 * (`go env -w` in any terminal), the journal (this run, the rollback log, another gotune) and go.mod here.
		 * Two equal fingerprints: nothing the steps show can have changed.
		 */
		fingerprint: () => Promise<string>;
	};
};

/** Cheap enough to run after every key and once a second: three stat calls, no go run. */
export function createChangesServices(runtime: Runtime): ChangesServices {
	const goenv = goEnvFileLocation(runtime.env);
	const files = [
		...(goenv.kind === 'file' ? [goenv.path] : []),
		path.join(runtime.gotuneHome, 'journal', 'journal.jsonl'),
		path.join(runtime.cwd, 'go.mod'),
	];
	return {
		changes: {
			fingerprint: async () => {
				const stamps = await Promise.all(
					files.map(file =>
						stat(file, {bigint: true}).then(
							s => `${s.ino}:${s.size}:${s.mtimeNs}`,
							() => '-',
						),
					),
				);
				return stamps.join('|');
			},
		},
	};
}
