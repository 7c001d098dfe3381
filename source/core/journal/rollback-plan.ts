import type {JournalEntry, RollbackStep, TargetState} from './contract.js';
import {applyState, type EnvText, parseEnvText, recordedTexts, renderEnvText, sameState, valueOf} from './goenv-text.js';
import type {ChangeSetState} from './model.js';
import {blockState, undoBlock} from './startup-block.js';

/** Current contents of every file involved (GOENV files as binary strings, file targets as text); null = absent. */
export type FileContents = Map<string, string | null>;

export function fileState(contents: string | null | undefined): TargetState {
	return contents === null || contents === undefined ? {present: false} : {present: true, value: contents};
}

/**
 * Works out a rollback of SETS (newest first) in memory, one set after another so sets that touched the same key
 * unwind in order. An untouched GOENV file goes back byte for byte to the set's recorded `before`; otherwise each key
 * is restored on its own and a key someone else changed since is a conflict (restored anyway only with FORCE).
 */
export function planRollbackSteps(
	sets: ChangeSetState[],
	files: FileContents,
	force: boolean,
	blocks: FileContents = new Map(),
): {steps: RollbackStep[]; files: FileContents; blocks: FileContents} {
	const next: FileContents = new Map(files);
	const nextBlocks: FileContents = new Map(blocks);
	const steps: RollbackStep[] = [];
	for (const set of sets) {
		const live = set.entries.filter(entry => entry.status !== 'rolled-back');
		const goenvEntries = live.filter(entry => entry.target.kind === 'goenv');
		const recorded = set.begin.goenv ? {file: set.begin.goenv.file, ...recordedTexts(set.begin.goenv)} : undefined;
		if (goenvEntries.length > 0 && recorded) {
			const current = next.get(recorded.file) ?? null;
			const whole = goenvEntries.length === set.entries.filter(entry => entry.target.kind === 'goenv').length;
			if (whole && current === recorded.after) {
				for (const entry of goenvEntries) steps.push({entry, action: 'restore', current: valueIn(current, entry)});
				next.set(recorded.file, recorded.before);
			} else if (whole && current === recorded.before) {
				for (const entry of goenvEntries) steps.push({entry, action: 'already', current: valueIn(current, entry)});
			} else {
				let text = parseEnvText(current ?? '');
				for (const entry of goenvEntries) {
					const key = (entry.target as {key: string}).key;
					const step = decide(entry, valueOf(text, key));
					steps.push(step);
					if (step.action === 'restore' || (step.action === 'conflict' && force)) text = applyState(text, key, entry.before);
				}
				text = restoreFinalNewline(text, recorded.before);
				const rendered = renderEnvText(text);
				// A file gotune created goes away again once nothing is left in it.
				next.set(recorded.file, rendered === '' && (current === null || recorded.before === null) ? null : rendered);
			}
		}
		for (const entry of live.filter(e => e.target.kind === 'file')) {
			const file = (entry.target as {path: string}).path;
			const step = decide(entry, fileState(next.get(file)));
			steps.push(step);
			if (step.action === 'restore' || (step.action === 'conflict' && force))
				next.set(file, entry.before.present ? entry.before.value : null);
		}
		// Start-up files (contents as binary strings): only gotune's block changes, newest block first.
		for (const entry of live.filter(e => e.target.kind === 'startup-block').reverse()) {
			const {path: file, marker} = entry.target as {path: string; marker: string};
			const content = nextBlocks.get(file) ?? null;
			const detail = entry.detail?.kind === 'startup-block' ? entry.detail : undefined;
			const edit = undoBlock(
				content,
				marker,
				{before: entry.before, after: entry.after, createdFile: detail?.createdFile, addedNewline: detail?.addedNewline},
				force,
			);
			// A secret block's current text is shown and printed (rollback --json): redacted like its record.
			const redacted = entry.after.present && entry.after.redacted === true;
			steps.push({entry, action: edit.action, current: blockState(content, marker, redacted)});
			nextBlocks.set(file, edit.next);
		}
	}
	return {steps, files: next, blocks: nextBlocks};
}

function valueIn(contents: string | null, entry: JournalEntry): TargetState {
	return valueOf(parseEnvText(contents ?? ''), (entry.target as {key: string}).key);
}

function decide(entry: JournalEntry, current: TargetState): RollbackStep {
	if (!entry.afterUnknown && sameState(current, entry.after)) return {entry, action: 'restore', current};
	if (sameState(current, entry.before)) return {entry, action: 'already', current};
	return {entry, action: 'conflict', current};
}

/** Appending to a file without a final newline added one; drop it again when the file ends as it did before. */
function restoreFinalNewline(text: EnvText, before: string | null): EnvText {
	if (before === null || before === '' || before.endsWith('\n') || !text.endsWithNewline) return text;
	const lastBefore = parseEnvText(before).lines.at(-1);
	return text.lines.at(-1) === lastBefore ? {...text, endsWithNewline: false} : text;
}
