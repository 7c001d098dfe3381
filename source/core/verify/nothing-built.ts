import {readdir} from 'node:fs/promises';
import path from 'node:path';
import type {GoAdapter, GoRunOptions} from '../go-adapter.js';

/** How many package directories are asked about: enough to name the reason, bounded for huge trees. */
const MAX_DIRS = 20;

/**
 * Why `go build ./...` in ROOT (a copy of SHOWNAS) would build nothing (go only warns `"./..." matched no packages` and exits 0): go's
 * own reason for each directory with .go files, from `go list -e` (for example "build constraints exclude all Go
 * files in DIR" for a cgo-only package with CGO_ENABLED=0). CGO_ENABLED is go env's value for the same build.
 */
export async function nothingToBuild(
	go: GoAdapter,
	{root, shownAs, cgoEnabled}: {root: string; shownAs: string; cgoEnabled: string},
	options: GoRunOptions,
): Promise<string> {
	const dirs = await goDirs(root);
	const head = 'nothing to build: go build ./... matches no package here (go: warning: "./..." matched no packages)';
	if (dirs.length === 0) return `${head}; there is no .go file in ${shownAs}`;
	const run = await go.run(['list', '-e', '-buildvcs=false', '-f', '{{if .Error}}{{.Error}}{{end}}', ...dirs], {...options, cwd: root});
	// go names the temporary copy it ran in: the user's directory instead.
	const lines = `${run.stdout}\n${run.stderr}`.split('\n').map(line => line.trim().replaceAll(root, shownAs));
	const reasons = [...new Set(lines)].filter(Boolean).slice(0, 3);
	const cgo =
		cgoEnabled === '0' && reasons.some(reason => reason.includes('build constraints exclude all Go files'))
			? [
					'CGO_ENABLED is 0 (go env CGO_ENABLED): files that import "C" are left out; set CGO_ENABLED=1, with a C compiler installed, to build them',
				]
			: [];
	return [head, ...reasons, ...cgo].join('\n');
}

/** Directories under ROOT holding .go files, as go's ./... walks them: no testdata, vendor, .x or _x, nor nested modules. */
async function goDirs(root: string): Promise<string[]> {
	const found: string[] = [];
	const queue = [''];
	while (queue.length > 0 && found.length < MAX_DIRS) {
		const rel = queue.shift()!;
		const entries = await readdir(path.join(root, rel), {withFileTypes: true}).catch(() => []);
		if (rel !== '' && entries.some(entry => entry.name === 'go.mod')) continue;
		if (entries.some(entry => entry.isFile() && entry.name.endsWith('.go'))) found.push(rel === '' ? '.' : `./${rel}`);
		for (const entry of entries) {
			if (!entry.isDirectory() || /^[._]/.test(entry.name) || entry.name === 'testdata' || entry.name === 'vendor') continue;
			queue.push(rel === '' ? entry.name : `${rel}/${entry.name}`);
		}
	}
	return found;
}
