import {Box, Text} from 'ink';
import {useEffect, useMemo} from 'react';
import {SelectList, selectRoom} from '../kit/select-list.js';
import {useStep} from '../kit/use-step.js';
import {wrap} from '../../text/wrap.js';
import {initialRollbackLogState, rollbackLogModel, type RollbackLogTasks} from './rollback-log-model.js';
import {rollbackLogItems, undoScope} from './rollback-log-lines.js';
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
	const footerRows = footer === undefined ? 0 : Math.min(height, wrap(footer, width, '').length);
	const rows = Math.max(0, height - footerRows);
	// While asking, the rows show exactly what the undo will touch and what each returns to, instead of the list.
	// What does not fit is counted, never dropped without a word.
	const scopeRows = prompt ? undoScope(prompt.sets, theme).flatMap(text => wrap(text, width, '')) : [];
	const scope =
		scopeRows.length <= rows
			? scopeRows
			: [...scopeRows.slice(0, Math.max(0, rows - 1)), `${theme.more.down} ${scopeRows.length - Math.max(0, rows - 1)} more`].slice(
					0,
					rows,
				);
	return (
		<Box flexDirection="column">
			{scope.map((text, index) => (
				<Text key={`scope-${index}`} wrap="truncate-end">
					{text}
				</Text>
			))}
			{prompt || rows === 0 ? null : (
				// The kit's list: its cursor (❯, > under --ascii) on the selected change set's header, its window keeping the set in view.
				<SelectList
					items={rollbackLogItems(sets, {room: selectRoom(width, theme), selected: isFocused ? shown : -1, theme})}
					selected={isFocused ? shown : -1}
					theme={theme}
					width={width}
					height={rows}
					isFocused={isFocused}
				/>
			)}
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
