import type {Key} from 'ink';

export type TextState = {value: string; cursor: number};

/**
 * One key's edit of a text field, or undefined when the key is not an edit (Enter, Esc, Tab, arrows up/down go to
 * the step). Pure, so a reducer applies each split key to the value the previous one left: 30 Backspaces in one
 * read delete 30 characters, and DEL is never inserted (issue 7).
 */
export function editText(state: TextState, input: string, key: Key): TextState | undefined {
	const {value} = state;
	const cursor = Math.max(0, Math.min(state.cursor, value.length));
	if (key.backspace || key.delete) {
		if (cursor === 0) return {value, cursor};
		return {value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1};
	}
	if (key.leftArrow) return {value, cursor: Math.max(0, cursor - 1)};
	if (key.rightArrow) return {value, cursor: Math.min(value.length, cursor + 1)};
	if (key.home || (key.ctrl && input === 'a')) return {value, cursor: 0};
	if (key.end || (key.ctrl && input === 'e')) return {value, cursor: value.length};
	if (key.ctrl && input === 'u') return {value: value.slice(cursor), cursor: 0};
	if (key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.ctrl || key.meta)
		return undefined;
	// Printable text only: a stray control character never reaches the value (and from there go).
	const text = [...input].filter(char => (char.codePointAt(0) ?? 0) >= 0x20 && char !== '\u007F').join('');
	if (text === '') return undefined;
	return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
}
