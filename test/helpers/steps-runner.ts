/**
 * A child process for the journal crash tests: runs one journal operation and prints its result as JSON. The tests
 * bundle it with esbuild (test/helpers/steps-child.ts) and run it with GOTUNE_TEST_CRASH_AT set, so the process can
 * SIGKILL itself at an exact boundary (a real crash cannot be produced at an exact point otherwise). The journal code
 * it runs is the product's own.
 *
 *   node runner.mjs '{"runtime": {...}, "action": "apply", "steps": [...], "origin": "test"}'
 * Steps are ChangeSteps; a move-dir step's copier is the journal's own copyTree (functions do not cross processes).
 */
import {copyTree, openJournal, type ChangeStep} from '../../source/core/journal/index.js';
import type {Runtime} from '../../source/core/runtime.js';

type Request = {
	runtime: Runtime;
	action: 'apply' | 'finish' | 'rollback';
	steps?: Array<Omit<ChangeStep, 'copy'>>;
	origin?: string;
	id?: string;
};

const request = JSON.parse(process.argv[2] ?? '{}') as Request;
const journal = openJournal(request.runtime);
try {
	if (request.action === 'apply') {
		const steps = (request.steps ?? []).map(step => (step.kind === 'move-dir' ? {...step, copy: copyTree} : step)) as ChangeStep[];
		const set = await journal.applySteps(steps, request.origin ?? 'test');
		process.stdout.write(JSON.stringify({id: set?.id ?? null}));
	} else if (request.action === 'finish') {
		const set = await journal.finish(request.id!);
		process.stdout.write(JSON.stringify({id: set.id, status: set.status}));
	} else {
		const result = await journal.rollback({kind: 'all'});
		process.stdout.write(JSON.stringify({conflicts: result.conflicts.length, rolledBack: result.rolledBack.length}));
	}
} catch (error) {
	process.stderr.write(`${(error as Error).message}\n`);
	process.exitCode = 1;
}
