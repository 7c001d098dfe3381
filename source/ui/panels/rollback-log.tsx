import {Box, Text, useInput} from 'ink';
import {useCallback, useEffect, useState} from 'react';
import type {ChangeSet, RollbackResult} from '../../core/journal/contract.js';
import {maskSecrets} from '../../core/mask.js';
import {rollbackLogLines} from './rollback-log-lines.js';
import type {PanelViewProps} from './types.js';

type Prompt = {what: {changeSets: string[]} | 'run'; question: string};

/**
 * The journal, live and newest first. With focus: ↑/↓ pick a change set, `u` undoes it, `U` undoes everything
 * recorded since this wizard started; both ask first and then say what happened (restored, or kept as a conflict).
 */
export function RollbackLogPanel({services, theme, isFocused, width, height}: PanelViewProps) {
	const journal = services.journal;
	const [sets, setSets] = useState<ChangeSet[]>();
	const [selected, setSelected] = useState(0);
	const [prompt, setPrompt] = useState<Prompt>();
	const [message, setMessage] = useState<string>();
	const [busy, setBusy] = useState(false);

	const reload = useCallback(async () => {
		if (journal === undefined) return;
		try {
			setSets(await journal.list());
		} catch (error) {
			setMessage(`Cannot read the journal: ${maskSecrets((error as Error).message)}`);
		}
	}, [journal]);

	useEffect(() => {
		void reload();
		return journal?.watch(() => void reload());
	}, [journal, reload]);

	const undo = useCallback(async (what: Prompt['what']) => {
		if (journal === undefined) return;
		setBusy(true);
		setPrompt(undefined);
		setMessage('Undoing…');
		try {
			setMessage(resultText(await journal.undo(what)));
		} catch (error) {
			setMessage(`Not undone: ${maskSecrets((error as Error).message)}`);
		} finally {
			setBusy(false);
			await reload();
		}
	}, [journal, reload]);

	useInput((input, key) => {
		if (sets === undefined || busy || journal === undefined) return;
		if (prompt) {
			if (input === 'y' || input === 'Y') void undo(prompt.what);
			else if (input === 'n' || input === 'N' || key.escape) {
				setPrompt(undefined);
				setMessage('Nothing undone.');
			}
			return;
		}
		if (key.upArrow) setSelected(index => Math.max(0, index - 1));
		else if (key.downArrow) setSelected(index => Math.min(sets.length - 1, index + 1));
		else if (input === 'u') {
			const set = sets[selected];
			if (set === undefined) return;
			if (set.status === 'rolled-back') setMessage(`#${set.id} is already undone.`);
			else setPrompt({what: {changeSets: [set.id]}, question: `Undo #${set.id} (${count(set.entries.length, 'key')})? y/n`});
		} else if (input === 'U') {
			const run = journal.fromThisRun(sets);
			if (run.length === 0) setMessage('Nothing from this run to undo.');
			else setPrompt({what: 'run', question: `Undo this run (${count(run.length, 'set')})? y/n`});
		}
	}, {isActive: isFocused});

	// No journal service (view fixtures) reads as an empty journal: nothing was recorded through it.
	if (journal === undefined) return <Text dimColor>No changes recorded yet.</Text>;
	if (sets === undefined) return <Text dimColor>{message ?? 'Reading the journal…'}</Text>;
	if (sets.length === 0) return <Text dimColor>No changes recorded yet.</Text>;

	const shown = Math.min(selected, sets.length - 1);
	const interrupted = sets.find(set => set.status === 'interrupted');
	const hint = interrupted ? `! #${interrupted.id} was interrupted: select it, u undoes it` : isFocused ? 'u undo · U undo this run' : undefined;
	const footer = prompt?.question ?? message ?? hint;
	// A question or result may wrap; it takes rows from the list first (answering matters more than the list).
	const footerRows = footer === undefined ? 0 : Math.min(height, Math.ceil(footer.length / Math.max(1, width)));
	const rows = Math.max(0, height - footerRows);
	const lines = rollbackLogLines(sets, {width, height: rows, selected: isFocused ? shown : -1, theme});
	return (
		<Box flexDirection="column">
			{lines.map(line => (
				<Text
					key={`${line.changeSetId}:${line.text}`}
					wrap="truncate-end"
					bold={line.selected}
					dimColor={line.status === 'rolled-back'}
					color={line.status === 'interrupted' ? 'yellow' : line.selected ? 'cyan' : undefined}
				>
					{line.text}
				</Text>
			))}
			{footer === undefined ? null : (
				<Box height={footerRows} width={width}>
					<Text wrap="wrap" color={prompt || (footer === hint && interrupted) ? 'yellow' : undefined}>{footer}</Text>
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
	const base = `Undid ${ids || 'nothing'}: ${count(restored, 'key')} restored`;
	return maskSecrets(kept.length === 0 ? `${base}.` : `${base}; kept ${kept.join(', ')} (changed since; gotune rollback --force)`);
}
