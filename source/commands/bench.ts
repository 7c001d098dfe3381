import {openJournal} from '../core/journal/index.js';
import {maskSetting} from '../core/mask.js';
import type {MeasurementEvent} from '../core/measure/events.js';
import {goFor, NoGoError} from '../core/steps/module.js';
import {isCancelled} from '../core/task.js';
import {baselineFor, NothingToCompare, type Baseline} from '../core/verify/baseline.js';
import {runBench, type BenchSide} from '../core/verify/bench.js';
import {benchJson} from '../core/verify/bench-json.js';
import {benchLines} from '../core/verify/bench-text.js';
import {chooseProject} from '../core/verify/project-dir.js';
import {saveLastBench} from '../core/verify/store.js';
import {formatMs} from '../text/timing.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {paint, styleFor, writeLine} from './output.js';
import {headlessTask} from './progress.js';

export async function run({runtime, positionals, flags, stdout, stderr}: CommandContext): Promise<number> {
	const runs = runsOf(flags['runs']);
	const json = Boolean(flags['json']);
	let go;
	try {
		go = await goFor(runtime);
	} catch (error) {
		if (error instanceof NoGoError) throw new OperationError(error.message);
		throw error;
	}
	const project = await chooseProject(go, runtime.cwd, positionals[0], runtime.env);
	if ('problem' in project) throw new UsageError(project.message);
	if (flags['shared']) {
		if (flags['against'] !== undefined) throw new UsageError('--shared and --against measure different things: give one of them');
		return (await import('./bench-shared.js')).runShared({runtime, flags, stdout, stderr}, go, project, runs);
	}
	const against = flags['against'];
	let baseline: Baseline | undefined;
	if (against !== undefined) baseline = await baselineOf(runtime, against);
	const sides: BenchSide[] | undefined = baseline
		? [
				{key: 'baseline', label: 'before', env: {}, goenvText: baseline.goenvText},
				{key: 'current', label: 'now', env: {}},
			]
		: undefined;

	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	if (!json) {
		writeLine(
			stdout,
			paint(style, 'bold', `gotune bench · ${project.root}${project.source === 'demo' ? " (gotune's demo module: no module here)" : ''}`),
		);
		if (project.workspace)
			writeLine(
				stdout,
				`in the workspace ${project.workspace.file} (${project.workspace.modules.length} module${project.workspace.modules.length === 1 ? '' : 's'}, copied with it; built as go builds it here)`,
			);
		if (baseline) {
			writeLine(
				stdout,
				`before/after change set${baseline.changeSets.length === 1 ? '' : 's'} #${baseline.changeSets.map(s => s.id).join(', #')}: ${baseline.keys.map(k => `${k.key} ${k.before.present ? maskSetting(k.key, k.before.value) : '(not set)'} → ${k.after.present ? maskSetting(k.key, k.after.value) : '(not set)'}`).join('; ') || 'no GOENV keys'}`,
			);
			for (const entry of baseline.notReflected)
				writeLine(
					stdout,
					paint(
						style,
						'yellow',
						`  ! ${entry.target.kind} change ${entry.id} cannot be passed in a build's environment: not part of the baseline`,
					),
				);
		}
	}
	const labels = new Map<string, string>();
	const progress = headlessTask<MeasurementEvent>(stderr, {describe: event => describe(event, labels)});
	let result;
	try {
		result = await runBench(
			{go, moduleRoot: project.root, runs, ...(project.workspace ? {workspace: project.workspace} : {}), ...(sides ? {sides} : {})},
			progress.context,
		);
	} catch (error) {
		progress.done();
		if (isCancelled(error)) {
			stderr.write('gotune bench: interrupted; the temporary copies and caches were removed.\n');
			return 130;
		}
		throw error;
	}
	progress.done();
	const output = benchJson(result, baseline ? {changeSets: baseline.changeSets.map(s => s.id)} : {});
	await saveLastBench(runtime.gotuneHome, output).catch(() => undefined);
	if (json) writeLine(stdout, JSON.stringify(output, null, 2));
	else {
		const current = result.sides.at(-1)!;
		writeLine(
			stdout,
			`${current.goVersion ?? 'go'}, ${runs} run${runs === 1 ? '' : 's'} of each kind; cold builds start from an empty cache beside ${current.gocache ?? 'GOCACHE'} (yours is not touched)`,
		);
		for (const line of benchLines(result, runs)) writeLine(stdout, `  ${line}`);
		const slower = result.comparison?.verdict === 'slower';
		if (slower && baseline)
			writeLine(
				stdout,
				paint(
					style,
					'yellow',
					`The current settings are measurably slower: gotune rollback --to ${baseline.changeSets[0]!.id} undoes the change set${baseline.changeSets.length === 1 ? '' : 's'} measured here.`,
				),
			);
	}
	const failed = result.sides.filter(s => s.error !== undefined);
	for (const side of failed) stderr.write(`gotune bench: ${side.label ? `${side.label}: ` : ''}not measured:\n${side.error}\n`);
	return failed.length > 0 ? 1 : 0;
}

function runsOf(flag: string | boolean | undefined): number {
	if (flag === undefined) return 3;
	const text = typeof flag === 'string' ? flag.trim() : '';
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100) {
		throw new UsageError(
			`--runs ${typeof flag === 'string' ? flag : ''}: the number of runs of each build kind must be a whole number from 1 to 100, for example --runs 3`,
		);
	}
	return Number(text);
}

async function baselineOf(runtime: CommandContext['runtime'], against: string | boolean): Promise<Baseline> {
	if (typeof against !== 'string' || against.trim() === '')
		throw new UsageError('--against needs a change set id, for example --against 3 (gotune history lists them)');
	const journal = openJournal(runtime);
	const sets = await journal.changeSets();
	const id = against.trim().split('.')[0]!;
	if (!sets.some(set => set.id === id)) {
		const known = sets
			.slice(0, 10)
			.map(set => set.id)
			.join(', ');
		throw new UsageError(
			`--against ${against}: no change set with that id. ${known ? `Change sets (newest first): ${known}; gotune history shows them all.` : 'The journal is empty: gotune has not changed any setting yet.'}`,
		);
	}
	try {
		return await baselineFor(journal, {kind: 'to', id});
	} catch (error) {
		if (error instanceof NothingToCompare) throw new UsageError(`--against ${against}: ${error.message}`);
		throw error;
	}
}

function describe(event: MeasurementEvent, labels: Map<string, string>): string | undefined {
	switch (event.type) {
		case 'build-started':
			labels.set(event.id, event.label);
			return `${event.label}: starting go build`;
		case 'build-progress':
			return `${labels.get(event.id) ?? ''}: ${event.done}/${event.total} packages`;
		case 'build-finished':
			return `${labels.get(event.id) ?? ''}: ${formatMs(event.wallMs)}`;
		case 'build-failed':
			return `${labels.get(event.id) ?? ''}: failed`;
		case 'modules':
			return undefined;
	}
}
