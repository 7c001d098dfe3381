import type {ChangeSet, JournalEntry, TargetState} from '../../core/journal/contract.js';
import {maskSetting} from '../../core/mask.js';
import type {Theme} from '../theme.js';

export type LogLine = {text: string; changeSetId: string; selected: boolean; status: JournalEntry['status']};

/** Below this many cells for old and new value together, the line gives up the time, then the status word. */
const MIN_VALUE_ROOM = 16;

const STATUS_WORD: Record<JournalEntry['status'], string> = {applied: 'applied', 'rolled-back': 'undone', interrupted: 'interrupted'};

/**
 * One line per journal entry, newest first, fitted to WIDTH: `KEY old → new HH:MM status`, values masked and
 * shortened evenly. The lines shown are the window of HEIGHT rows that keeps the selected change set in view.
 */
export function rollbackLogLines(
	sets: ChangeSet[],
	{width, height, selected, theme}: {width: number; height: number; selected: number; theme: Theme},
): LogLine[] {
	const entries = sets.flatMap((set, index) => set.entries.map(entry => ({entry, selected: index === selected})));
	const keyWidth = Math.min(12, Math.max(0, ...entries.map(({entry}) => name(entry).length)));
	const lines = entries.map(({entry, selected: isSelected}) => {
		const pointer = isSelected ? `${theme.pointer} ` : '  ';
		const arrow = theme.ascii ? ' -> ' : ' → ';
		// Narrow boxes drop the time, then spell the status as a mark, before values shrink below a readable size.
		const tails = [`${entry.time.slice(11, 16)} ${STATUS_WORD[entry.status]}`, STATUS_WORD[entry.status], statusMark(entry.status, theme)];
		const tailFor = (tail: string) => width - (pointer.length + keyWidth + 1 + arrow.length + 1 + tail.length);
		const tail = tails.find(candidate => tailFor(candidate) >= MIN_VALUE_ROOM) ?? tails.at(-1)!;
		const room = Math.max(2, tailFor(tail));
		const before = show(entry, 'before');
		const after = entry.afterUnknown ? '?' : show(entry, 'after');
		// Split the room evenly, giving what one side does not need to the other.
		let beforeRoom = Math.floor(room / 2);
		let afterRoom = room - beforeRoom;
		if (before.length < beforeRoom) [afterRoom, beforeRoom] = [afterRoom + beforeRoom - before.length, before.length];
		else if (after.length < afterRoom) [beforeRoom, afterRoom] = [beforeRoom + afterRoom - after.length, after.length];
		// Paths keep their end (…/go.mod, …/go.sum): their start is the project both share.
		const fitKey = entry.target.kind === 'goenv' ? fit : fitEnd;
		const text = `${pointer}${fitKey(name(entry), keyWidth, theme).padEnd(keyWidth)} ${fit(before, beforeRoom, theme)}${arrow}${fit(after, afterRoom, theme)} ${tail}`;
		return {text: fit(text, width, theme), changeSetId: entry.changeSetId, selected: isSelected, status: entry.status};
	});
	if (lines.length <= height) return lines;
	const first = Math.max(
		0,
		lines.findIndex(line => line.selected),
	);
	const start = Math.min(Math.max(0, first - Math.floor(height / 3)), lines.length - height);
	return lines.slice(start, start + height);
}

function name(entry: JournalEntry): string {
	return entry.target.kind === 'goenv' ? entry.target.key : shortPath(entry.target.path);
}

const shortPath = (p: string) => p.split('/').slice(-2).join('/');

/** GOENV values as they are (masked); files by what happened to them, since their contents do not fit a line. */
function show(entry: JournalEntry, side: 'before' | 'after'): string {
	const state: TargetState = entry[side];
	if (entry.target.kind === 'goenv') return state.present ? maskSetting(entry.target.key, state.value) : 'unset';
	// Start-up files: gotune's block is there or not; directories: where the tree is (from the root: a move keeps
	// the last part, go-build or mod, and changes the start, /dev/shm or ~/.cache).
	if (entry.target.kind === 'startup-block') return state.present ? `gotune block "${entry.target.marker}"` : 'no block';
	if (entry.target.kind === 'directory') return state.present ? state.value : 'none';
	if (side === 'before') return state.present ? 'existing' : 'none';
	if (!state.present) return 'removed';
	return entry.before.present ? 'edited' : 'created';
}

export function fit(text: string, width: number, theme: Theme): string {
	if (text.length <= width) return text;
	if (width <= theme.ellipsis.length) return text.slice(0, width);
	return text.slice(0, width - theme.ellipsis.length) + theme.ellipsis;
}

/** Like fit, but keeps the end of TEXT: for paths, whose last part tells them apart. */
export function fitEnd(text: string, width: number, theme: Theme): string {
	if (text.length <= width) return text;
	if (width <= theme.ellipsis.length) return text.slice(text.length - width);
	return theme.ellipsis + text.slice(text.length - (width - theme.ellipsis.length));
}

function statusMark(status: JournalEntry['status'], theme: Theme): string {
	if (status === 'interrupted') return '!';
	if (status === 'rolled-back') return theme.ascii ? '<' : '↶';
	return theme.ascii ? '+' : '✓';
}
