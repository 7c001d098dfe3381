import {describeUndo, openJournal, type RollbackPlan, type RollbackSelection, type RollbackStep} from '../core/journal/index.js';
import {UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm, jsonEntry, jsonState, placesTouched, setHeading, showState, targetName} from './journal-output.js';
import {paint, styleFor, writeLine, type Style} from './output.js';

export async function run(context: CommandContext): Promise<number> {
	const {runtime, flags, stdout, usage: USAGE} = context;
	const selection = selectionOf(flags, USAGE);
	const force = Boolean(flags['force']);
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	return asCommandErrors(USAGE, async () => {
		const journal = openJournal(runtime);
		const plan = await journal.planRollback(selection, {force});
		if (plan.changeSets.length === 0) {
			if (json) writeLine(stdout, JSON.stringify({changeSets: [], steps: [], conflicts: [], rolledBack: []}, null, 2));
			else writeLine(stdout, 'Nothing to roll back: every change gotune recorded is already undone (gotune history lists them).');
			return 0;
		}
		if (!json) {
			writeLine(stdout, paint(style, 'bold', `Roll back ${plan.changeSets.length} change set${plan.changeSets.length === 1 ? '' : 's'}:`));
			for (const line of planText(plan, style, force, runtime.env['HOME'], journal.goenvFile)) writeLine(stdout, line);
		}
		if (flags['dry-run']) {
			if (json) writeLine(stdout, JSON.stringify(jsonPlan(plan, false), null, 2));
			else writeLine(stdout, '\nDry run: nothing written.');
			return 0;
		}
		const answer = await confirm(context, 'Roll back?', USAGE);
		if (answer === 'interrupted') return 130;
		if (answer === 'no') {
			if (!json) writeLine(stdout, 'Not rolled back; nothing was written.');
			return 1;
		}
		const result = await journal.rollback(selection, {force});
		const restored = result.steps.filter(s => s.action === 'restore' || (force && s.action === 'conflict')).length;
		const already = result.steps.filter(s => s.action === 'already').length;
		if (json) {
			writeLine(stdout, JSON.stringify({...jsonPlan(result, true), rolledBack: result.rolledBack.map(e => e.id)}, null, 2));
		} else {
			writeLine(
				stdout,
				`\n${paint(style, 'green', 'Rolled back')}: ${restored} change${restored === 1 ? '' : 's'} undone, ${already} already as before.`,
			);
			if (result.conflicts.length > 0 && !force) {
				writeLine(
					stdout,
					paint(
						style,
						'yellow',
						`${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'} left as is (changed by someone else since gotune wrote ${result.conflicts.length === 1 ? 'it' : 'them'}); gotune rollback --force restores the previous value anyway.`,
					),
				);
			}
		}
		return result.conflicts.length > 0 && !force ? 1 : 0;
	});
}

function selectionOf(flags: CommandContext['flags'], USAGE: string): RollbackSelection {
	const chosen = (['last', 'all', 'to'] as const).filter(name => flags[name] !== undefined && flags[name] !== false);
	if (chosen.length > 1)
		throw new UsageError(`choose one of --last, --all or --to ID (got ${chosen.map(c => `--${c}`).join(' and ')})`, USAGE);
	if (flags['to'] !== undefined) {
		const id = String(flags['to']);
		if (!/^\d+(\.\d+)?$/.test(id))
			throw new UsageError(
				`--to ${id}: an id is a change set number such as 7 (or an entry such as 7.2); gotune history lists them`,
				USAGE,
			);
		return {kind: 'to', id};
	}
	return flags['all'] ? {kind: 'all'} : {kind: 'last'};
}

function planText(plan: RollbackPlan, style: Style, force: boolean, home: string | undefined, goenvFile: string | undefined): string[] {
	const lines: string[] = [];
	for (const set of plan.changeSets) {
		const steps = plan.steps.filter(s => s.entry.changeSetId === set.id);
		// Each set names what it touches: a set may edit ~/.netrc or the git config, not only the GOENV file.
		const places = placesTouched(
			steps.map(s => s.entry.target),
			goenvFile,
			home,
		);
		lines.push(`  ${setHeading(set)}${places.length > 0 ? `  (${places.join(', ')})` : ''}`);
		for (const step of steps) lines.push(`    ${stepText(step, style, force, home)}`);
	}
	return lines;
}

function stepText(step: RollbackStep, style: Style, force: boolean, home: string | undefined): string {
	const described = describeUndo(step, force, home);
	if (described !== undefined) return step.action === 'conflict' ? paint(style, 'yellow', described) : described;
	const {entry, action, current} = step;
	const name = targetName(entry.target);
	const previous = showState(entry.before, entry.target);
	if (action === 'restore') return `${name}: ${showState(current, entry.target)} → ${previous}`;
	if (action === 'already') return `${name}: already ${previous}`;
	const wrote = entry.afterUnknown ? 'an interrupted change' : `gotune wrote ${showState(entry.after, entry.target)}`;
	const what = `${name}: conflict: now ${showState(current, entry.target)}, but ${wrote}`;
	return paint(style, 'yellow', force ? `${what}; --force restores ${previous}` : `${what}; left as is (--force restores ${previous})`);
}

function jsonPlan(plan: RollbackPlan, done: boolean) {
	return {
		done,
		changeSets: plan.changeSets.map(set => set.id),
		steps: plan.steps.map(step => ({
			...jsonEntry(step.entry),
			action: step.action,
			current: jsonState(step.current, targetName(step.entry.target)),
		})),
		conflicts: plan.conflicts.map(step => step.entry.id),
	};
}
