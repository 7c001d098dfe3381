import {mkdtemp, readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {confirmWithGo, finalVerdict} from '../../source/core/module/confirm-path.js';
import {validateModulePath} from '../../source/core/module/validate-path.js';
import {MODULE_PATH_CORPUS} from '../helpers/module-path-corpus.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';

describe('module path verdicts agree with the real go mod init', () => {
	let sandbox: TestSandbox;
	beforeAll(async () => {
		sandbox = await makeSandbox();
	});
	afterAll(async () => sandbox.cleanup());

	it('has a corpus of at least 40 paths', () => {
		expect(new Set(MODULE_PATH_CORPUS).size).toBeGreaterThanOrEqual(40);
	});

	// One real `go mod init` per input, in its own fresh directory (not through gotune's scratch helper).
	it.each(MODULE_PATH_CORPUS.map(p => [JSON.stringify(p), p]))('%s', async (_label, modulePath) => {
		const dir = await mkdtemp(path.join(sandbox.dir, 'init-'));
		try {
			const run = await sandbox.go.run(['mod', 'init', '--', modulePath], {cwd: dir});
			const verdict = validateModulePath(modulePath);
			expect({accepted: verdict.accepted}).toEqual({accepted: run.exitCode === 0});
			if (verdict.accepted) {
				expect(await readFile(path.join(dir, 'go.mod'), 'utf8')).toMatch(/^module /);
			} else {
				// Same words as Go, not just the same decision.
				expect(run.stderr.trim()).toBe(verdict.goMessage);
				expect(verdict.explanation.length).toBeGreaterThan(10);
			}
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('confirmWithGo asks go itself and leaves no scratch directory behind', async () => {
		expect(await confirmWithGo(sandbox.go, 'example.com/ok')).toEqual({kind: 'accepted'});
		const refused = await confirmWithGo(sandbox.go, '-x');
		expect(refused).toEqual({kind: 'refused', goMessage: 'go: malformed module path "-x": leading dash'});
		const final = await finalVerdict(sandbox.go, 'example.com/foo/v1');
		expect(final.disagreement).toBe(false);
		expect(final.verdict).toMatchObject({accepted: false, suggestion: 'example.com/foo'});
	});

	it('reports a go that cannot run as go-failed, not as a path refusal', async () => {
		const broken = sandbox.go.withEnv({GOFLAGS: '-notaflag'});
		const result = await confirmWithGo(broken, 'example.com/ok');
		expect(result.kind).toBe('go-failed');
	});
});
