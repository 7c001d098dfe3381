import type {ChangeSet, JournalEntry, TargetState} from '../../core/journal/contract.js';
import {maskSetting} from '../../core/mask.js';
import {wrap} from '../../text/wrap.js';
import type {SelectItem, SelectRow} from '../kit/select-list.js';
import type {Theme} from '../theme.js';

/** Below this many cells for old and new value together, an entry's line gives up the status mark. */
const MIN_VALUE_ROOM = 16;

const STATUS_WORD: Record<JournalEntry['status'], string> = {applied: 'applied', 'rolled-back': 'undone', interrupted: 'interrupted'};

/** Entries sit two cells in from their change set's header (which the list's cursor column already puts in). */
const INDENT = '  ';

/**
 * The journal newest first, as the rows of the kit's SelectList, one item per change set: its header
 * (`#4 wizard:proxy 14:03 applied`) is the label the cursor marks, its entries the rows under it (`KEY old → new`,
 * values masked). The SELECTED set's entries show old and new whole, wrapped over as many rows as they need; the
 * others are fitted to one row each. ROOM is the list's room after the cursor column (selectRoom); the window that
 * keeps the selected set in view is the list's.
 */
export function rollbackLogItems(sets: ChangeSet[], {room, selected, theme}: {room: number; selected: number; theme: Theme}): SelectItem[] {
	const keyWidth = Math.min(12, Math.max(0, ...sets.flatMap(set => set.entries.map(entry => name(entry).length))));
	const arrow = theme.ascii ? ' -> ' : ' → ';
	return sets.map((set, index) => {
		const style = {
			...(set.status === 'rolled-back' ? {dim: true} : {}),
			...(set.status === 'interrupted' ? {color: 'yellow'} : {}),
		};
		const rows: SelectRow[] = [];
		for (const entry of set.entries) {
			const before = show(entry, 'before');
			const after = entry.afterUnknown ? '?' : show(entry, 'after');
			const mark = entry.status === set.status ? '' : ` ${statusMark(entry.status, theme)}`;
			if (index === selected) {
				// Whole: the key, then old → new wrapped at the box's width under it (a URL or a path is never cut).
				const text = `${name(entry)}${mark}: ${before}${arrow}${after}`;
				for (const row of wrap(text, room - INDENT.length, '')) rows.push({text: `${INDENT}${row}`, ...style});
				continue;
			}
			const free = Math.max(2, room - (INDENT.length + keyWidth + 1 + arrow.length + mark.length));
			const keep = free >= MIN_VALUE_ROOM ? mark : '';
			const valueRoom = Math.max(2, free + mark.length - keep.length);
			// Split the room evenly, giving what one side does not need to the other.
			let beforeRoom = Math.floor(valueRoom / 2);
			let afterRoom = valueRoom - beforeRoom;
			if (before.length < beforeRoom) [afterRoom, beforeRoom] = [afterRoom + beforeRoom - before.length, before.length];
			else if (after.length < afterRoom) [beforeRoom, afterRoom] = [beforeRoom + afterRoom - after.length, after.length];
			// Paths keep their end (…/go.mod, …/go.sum): their start is the project both share.
			const fitKey = entry.target.kind === 'goenv' ? fit : fitEnd;
			const text = `${INDENT}${fitKey(name(entry), keyWidth, theme).padEnd(keyWidth)} ${fit(before, beforeRoom, theme)}${arrow}${fit(after, afterRoom, theme)}${keep}`;
			rows.push({text: fit(text, room, theme), ...style});
		}
		return {id: set.id, label: fit(headerText(set, room), room, theme), rows, ...style};
	});
}

/** `#4 wizard:proxy 14:03 applied`, giving up the origin, then the time, before it must be cut. */
function headerText(set: ChangeSet, room: number): string {
	const time = set.time.slice(11, 16);
	const status = STATUS_WORD[set.status];
	const candidates = [`#${set.id} ${set.origin} ${time} ${status}`, `#${set.id} ${time} ${status}`, `#${set.id} ${status}`];
	return candidates.find(text => text.length <= room) ?? candidates.at(-1)!;
}

/**
 * What undoing SETS will touch, one line per entry still applied: the question's fine print, shown before y/n.
 */
export function undoScope(sets: ChangeSet[], theme: Theme): string[] {
	const arrow = theme.ascii ? '->' : '→';
	return sets.flatMap(set =>
		set.entries
			.filter(entry => entry.status !== 'rolled-back')
			.map(entry => `#${set.id} ${targetName(entry)} ${arrow} ${restoredTo(entry)}`),
	);
}

function targetName(entry: JournalEntry): string {
	const target = entry.target;
	if (target.kind === 'goenv') return `${target.key} (GOENV file)`;
	if (target.kind === 'startup-block') return `gotune's block in ${target.path}`;
	return target.path;
}

function restoredTo(entry: JournalEntry): string {
	const before = entry.before;
	if (entry.target.kind === 'goenv') return before.present ? maskSetting(entry.target.key, before.value) : 'unset';
	if (entry.target.kind === 'startup-block') return before.present ? 'restored' : 'removed';
	if (entry.target.kind === 'directory') return before.present ? `back at ${before.value}` : 'removed';
	return before.present ? 'restored as it was' : 'removed';
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
