import {Box, Text} from 'ink';
import {useCallback, useEffect, useReducer, useRef} from 'react';
import type {ChangeSet, RollbackResult} from '../../core/journal/contract.js';
import {maskSecrets} from '../../core/mask.js';
import {useKeys} from '../kit/use-keys.js';
import {wrap} from '../../text/wrap.js';
import {rollbackLogLines, undoScope} from './rollback-log-lines.js';
import type {PanelViewProps} from './types.js';

/** A y/n question, with what the undo will touch (shown in place of the list while it is asked). */
type Prompt = {what: {changeSets: string[]} | 'run'; question: string; scope: string[]};

/**
 * The journal, live and newest first. With focus: ↑/↓ pick a change set, `u` undoes it, `U` undoes everything
 * recorded since this wizard started; both ask first and then say what happened (restored, or kept as a conflict).
 */
export function RollbackLogPanel({services, theme, isFocused, width, height, captureKeys}: PanelViewProps) {
	const journal = services.journal;
	// Keys can arrive faster than React re-renders (↓ then u in one read of stdin): the key handler reads and writes
	// this ref, never a stale copy from the last render; `rerender` only asks for a new frame.
	const ui = useRef<{sets?: ChangeSet[]; selected: number; prompt?: Prompt; message?: string; busy: boolean}>({selected: 0, busy: false});
	const [, rerender] = useReducer((n: number) => n + 1, 0);
	const update = useCallback((patch: Partial<typeof ui.current>) => {
		Object.assign(ui.current, patch);
		rerender();
	}, []);

	const reload = useCallback(async () => {
		try {
			update({sets: await journal.list()});
		} catch (error) {
			update({message: `Cannot read the journal: ${maskSecrets((error as Error).message)}`});
		}
	}, [journal, update]);

	useEffect(() => {
		void reload();
		return journal.watch(() => void reload());
	}, [journal, reload]);

	const undo = useCallback(
		async (what: Prompt['what']) => {
			update({busy: true, prompt: undefined, message: `Undoing${theme.ellipsis}`});
			try {
				update({message: resultText(await journal.undo(what))});
			} catch (error) {
				update({message: `Not undone: ${maskSecrets((error as Error).message)}`});
			} finally {
				update({busy: false});
				await reload();
			}
		},
		[journal, reload, update, theme],
	);

	// One key at a time ("yy", "\x1b[B\x1b[Bu" in one read); each reads the ref the previous one updated.
	useKeys(
		(input, key) => {
			const {sets, selected, prompt, busy} = ui.current;
			if (sets === undefined || busy) return;
			if (prompt) {
				if (input === 'y' || input === 'Y') void undo(prompt.what);
				else if (input === 'n' || input === 'N' || key.escape) update({prompt: undefined, message: 'Nothing undone.'});
				return;
			}
			if (key.upArrow) update({selected: Math.max(0, selected - 1)});
			else if (key.downArrow) update({selected: Math.min(sets.length - 1, selected + 1)});
			else if (input === 'u') {
				const set = sets[Math.min(selected, sets.length - 1)];
				if (set === undefined) return;
				if (set.status === 'rolled-back') update({message: `#${set.id} is already undone.`});
				else
					update({
						prompt: {
							what: {changeSets: [set.id]},
							question: `Undo #${set.id} (${count(set.entries.length, 'change')})? y/n`,
							scope: undoScope([set], theme),
						},
					});
			} else if (input === 'U') {
				const run = journal.fromThisRun(sets);
				if (run.length === 0) update({message: 'Nothing from this run to undo.'});
				else update({prompt: {what: 'run', question: `Undo this run (${count(run.length, 'set')})? y/n`, scope: undoScope(run, theme)}});
			}
		},
		{isActive: isFocused},
	);

	const {sets, selected, prompt, message} = ui.current;
	// While a y/n question is up, q, Esc and Tab answer or cancel it here instead of quitting or moving focus.
	const asking = prompt !== undefined;
	// Only ever release what this panel took: the step may hold its own capture (a text field).
	const holding = useRef(false);
	useEffect(() => {
		if (asking === holding.current) return;
		holding.current = asking;
		captureKeys?.(asking);
	}, [asking, captureKeys]);
	useEffect(
		() => () => {
			if (holding.current) captureKeys?.(false);
		},
		[captureKeys],
	);
	if (sets === undefined) return <Text dimColor>{message ?? `Reading the journal${theme.ellipsis}`}</Text>;
	if (sets.length === 0) return <Text dimColor>No changes recorded yet.</Text>;

	const shown = Math.min(selected, sets.length - 1);
	const interrupted = sets.find(set => set.status === 'interrupted');
	const hint = interrupted
		? `! #${interrupted.id} was interrupted: select it, u undoes it`
		: isFocused
			? `u undo${theme.separator}U undo this run`
			: undefined;
	const footer = prompt?.question ?? message ?? hint;
	// A question or result may wrap; it takes rows from the list first (answering matters more than the list).
	const footerRows = footer === undefined ? 0 : Math.min(height, Math.ceil(footer.length / Math.max(1, width)));
	const rows = Math.max(0, height - footerRows);
	// While asking, the rows show exactly what the undo will touch and what each returns to, instead of the list.
	const scope = prompt ? prompt.scope.flatMap(text => wrap(text, width, '')).slice(0, rows) : [];
	const lines = prompt ? [] : rollbackLogLines(sets, {width, height: rows, selected: isFocused ? shown : -1, theme});
	return (
		<Box flexDirection="column">
			{scope.map((text, index) => (
				<Text key={`scope-${index}`} wrap="truncate-end">
					{text}
				</Text>
			))}
			{lines.map((line, index) => (
				<Text
					key={`${line.changeSetId}:${index}`}
					wrap="truncate-end"
					bold={line.selected && line.header}
					dimColor={line.status === 'rolled-back'}
					color={line.status === 'interrupted' ? 'yellow' : line.selected && line.header ? 'cyan' : undefined}
				>
					{line.text}
				</Text>
			))}
			{footer === undefined ? null : (
				<Box height={footerRows} width={width}>
					<Text wrap="wrap" color={prompt || (footer === hint && interrupted) ? 'yellow' : undefined}>
						{footer}
					</Text>
				</Box>
			)}
		</Box>
	);
}

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function resultText(result: RollbackResult): string {
	const ids = result.changeSets.map(set => `#${set.id}`).join(' ');
	const restored = result.steps.filter(step => step.action !== 'conflict').length;
	const kept = result.conflicts.map(step => (step.entry.target.kind === 'goenv' ? step.entry.target.key : step.entry.target.path));
	const base = `Undid ${ids || 'nothing'}: ${count(restored, 'change')} restored`;
	return maskSecrets(kept.length === 0 ? `${base}.` : `${base}; kept ${kept.join(', ')} (changed since; gotune rollback --force)`);
}
