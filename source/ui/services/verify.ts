import type {MeasurementEvent} from '../../core/measure/events.js';
import type {Runtime} from '../../core/runtime.js';
import type {Task} from '../../core/task.js';
import type {SharedFigures} from '../../core/cache/share/verify-figures.js';
import type {BenchResult} from '../../core/verify/bench.js';
import {journalOpener, type JournalOpener} from './open-journal.js';

export type VerifyInput = {
	/** The module to measure (the Module step's choice); undefined: the demo module. */
	dir?: string;
	runs: number;
	/** Measure the settings from before this run's change sets side by side (A B A B), when there are any. */
	beforeAfter: boolean;
};

/** SHARED: the shared build cache (GOCACHEPROG) and what it served, when one is configured. */
export type VerifyOutcome = {result: BenchResult; project: string; runs: number; changeSets: string[]; shared?: SharedFigures};

export type VerifyServices = {
	verify: {
		/** Cold, warm and incremental builds (core/verify/bench.ts), events for the panels; kept for the report. */
		measure: Task<VerifyInput, MeasurementEvent, VerifyOutcome>;
		/** Change sets of settings this wizard run applied (still applied), oldest first; a created go.mod is not one. */
		changeSetsThisRun: () => Promise<string[]>;
		/** Rolls back these change sets through the journal; returns how many entries were undone. */
		rollback: (ids: string[]) => Promise<number>;
		/** Writes the paste-safe Markdown report (mode 0600) into GOTUNE_HOME/reports, never the user's repository; returns its path. */
		saveReport: () => Promise<string>;
	};
};

/** The verify core is imported on first use (after the first frame). */
export function createVerifyServices(
	runtime: Runtime,
	journal: JournalOpener = journalOpener(runtime),
	startedAt = new Date().toISOString(),
): VerifyServices {
	// Only change sets of settings a build can be measured without (GOENV keys): creating go.mod is not one, the
	// "before" would have no module (core/verify/baseline.ts reflectedEntries).
	const sinceStart = async () => {
		const [sets, {reflectedEntries}] = await Promise.all([(await journal()).changeSets(), import('../../core/verify/baseline.js')]);
		return sets
			.filter(set => set.time >= startedAt && set.status === 'applied' && reflectedEntries(set).length > 0)
			.map(set => set.id)
			.sort((a, b) => Number(a) - Number(b));
	};
	return {
		verify: {
			measure: async (input, context) => {
				const [{goFor}, {chooseProject}, {runBench}, {baselineFor}, {benchJson}, {saveLastBench}] = await Promise.all([
					import('../../core/steps/module.js'),
					import('../../core/verify/project-dir.js'),
					import('../../core/verify/bench.js'),
					import('../../core/verify/baseline.js'),
					import('../../core/verify/bench-json.js'),
					import('../../core/verify/store.js'),
				]);
				const go = await goFor(runtime);
				const project = await chooseProject(go, runtime.cwd, input.dir, runtime.env);
				if ('problem' in project) throw new Error(project.message);
				const changeSets = input.beforeAfter ? await sinceStart() : [];
				const baseline = changeSets.length > 0 ? await baselineFor(await journal(), {kind: 'change-sets', ids: changeSets}) : undefined;
				const sides = baseline
					? [
							{key: 'baseline', label: 'before', env: {}, goenvText: baseline.goenvText},
							{key: 'current', label: 'now', env: {}},
						]
					: undefined;
				const result = await runBench(
					{
						go,
						moduleRoot: project.root,
						...(project.workspace ? {workspace: project.workspace} : {}),
						runs: input.runs,
						idPrefix: `verify-${Date.now()}`,
						...(sides ? {sides} : {}),
					},
					context,
				);
				await saveLastBench(runtime.gotuneHome, benchJson(result, baseline ? {changeSets} : {})).catch(() => undefined);
				const {sharedFigures} = await import('../../core/cache/share/verify-figures.js');
				const shared = await sharedFigures(go, result).catch(() => undefined);
				return {result, project: project.root, runs: input.runs, changeSets, ...(shared ? {shared} : {})};
			},
			changeSetsThisRun: sinceStart,
			rollback: async ids => (await (await journal()).rollback({kind: 'change-sets', ids})).rolledBack.length,
			saveReport: async () => {
				const [{gatherReport}, {reportLines}, {GOTUNE_VERSION}, fs, path] = await Promise.all([
					import('../../core/verify/report.js'),
					import('../../core/verify/report-text.js'),
					import('../../version.js'),
					import('node:fs/promises'),
					import('node:path'),
				]);
				// In gotune's own state directory, never in the user's repository, where it could be committed (issue 19).
				const dir = path.join(runtime.gotuneHome, 'reports');
				await fs.mkdir(dir, {recursive: true, mode: 0o700});
				const file = path.join(dir, `gotune-report-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.md`);
				const text = reportLines(await gatherReport(runtime, GOTUNE_VERSION), true).join('\n');
				await fs.writeFile(file, `${text}\n`, {mode: 0o600});
				await fs.chmod(file, 0o600);
				return file;
			},
		},
	};
}
