import {Box, Text} from 'ink';
import {useEffect, useMemo} from 'react';
import {useStep} from '../kit/use-step.js';
import {wrap} from '../../text/wrap.js';
import {initialRollbackLogState, rollbackLogModel, type RollbackLogTasks} from './rollback-log-model.js';
import {rollbackLogLines, undoScope} from './rollback-log-lines.js';
import type {PanelViewProps} from './types.js';

/**
 * The journal, live and newest first. With focus: ↑/↓ pick a change set, `u` undoes it, `U` undoes everything
 * recorded since this wizard started; both ask first and then say what happened (restored, or kept as a conflict).
 * The behaviour is rollback-log-model.ts (pure); this is its picture.
 */
export function RollbackLogPanel({services, theme, isFocused, width, height, captureKeys}: PanelViewProps) {
	const journal = services.journal;
	const model = useMemo(() => rollbackLogModel(journal.fromThisRun), [journal]);
	const tasks = useMemo<RollbackLogTasks>(() => ({read: () => journal.list(), undo: ({what}) => journal.undo(what)}), [journal]);
	const {state, dispatch} = useStep(model, tasks, initialRollbackLogState, {isActive: isFocused, captureKeys});
	useEffect(() => journal.watch(() => dispatch({type: 'changed'})), [journal, dispatch]);

	const {sets, selected, prompt} = state;
	const message = state.undoing ? `Undoing${theme.ellipsis}` : state.message;
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
	const scope = prompt
		? undoScope(prompt.sets, theme)
				.flatMap(text => wrap(text, width, ''))
				.slice(0, rows)
		: [];
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
