import {parseGoEnvText} from '../goenv-file.js';
import type {TargetState} from './contract.js';

/**
 * The GOENV file as lines, for edits that keep everything else byte for byte: gotune edits a key's last line in place
 * or appends, never re-sorts (go env -w would sort and drop duplicates, go-facts §1.2).
 *
 * The text is a binary string (the file read as latin1: one character per byte), so bytes that are not UTF-8 in lines
 * gotune does not touch are written back unchanged. Values cross this module as text: valueOf decodes UTF-8 (a value
 * that is not UTF-8 stays as bytes, flagged latin1), setValue/applyState encode.
 */
export type EnvText = {lines: string[]; endsWithNewline: boolean};

export function parseEnvText(text: string): EnvText {
	const {lines, endsWithNewline} = parseGoEnvText(text);
	return {lines: lines.map(line => line.text), endsWithNewline};
}

export function renderEnvText({lines, endsWithNewline}: EnvText): string {
	return lines.length === 0 ? '' : lines.join('\n') + (endsWithNewline ? '\n' : '');
}

export const toBinary = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/** A value read from the file as bytes: text when they are UTF-8, else the bytes themselves (flagged). */
export function decodeValue(bytes: string): TargetState {
	const text = Buffer.from(bytes, 'latin1').toString('utf8');
	return toBinary(text) === bytes ? {present: true, value: text} : {present: true, value: bytes, latin1: true};
}

/** The bytes a state's value stands for. */
export function encodeValue(state: {value: string; latin1?: true}): string {
	return state.latin1 ? state.value : toBinary(state.value);
}

/** Same rule as Go's readEnvFile for a valid key (starts with A–Z): the value after the first '='; the last line wins. */
function isLineOf(line: string, key: string): boolean {
	return line.startsWith(`${key}=`);
}

export function valueOf(text: EnvText, key: string): TargetState {
	for (let i = text.lines.length - 1; i >= 0; i--) {
		const line = text.lines[i]!;
		if (isLineOf(line, key)) return decodeValue(line.slice(key.length + 1));
	}
	return {present: false};
}

/** Sets KEY (VALUE as text, or bytes with latin1) on its last line (the one Go reads), or appends a line; earlier duplicates stay as they were. */
export function setValue(text: EnvText, key: string, value: string, latin1?: true): EnvText {
	const line = `${key}=${latin1 ? value : toBinary(value)}`;
	const lines = [...text.lines];
	for (let i = lines.length - 1; i >= 0; i--) {
		if (isLineOf(lines[i]!, key)) {
			lines[i] = line;
			return {lines, endsWithNewline: text.endsWithNewline};
		}
	}
	lines.push(line);
	return {lines, endsWithNewline: true};
}

/** Removes every line of KEY: an absent key is never written as `KEY=` (that hides $GOROOT/go.env, go-facts §1.8). */
export function removeKey(text: EnvText, key: string): EnvText {
	return {lines: text.lines.filter(line => !isLineOf(line, key)), endsWithNewline: text.endsWithNewline};
}

export function applyState(text: EnvText, key: string, state: TargetState): EnvText {
	return state.present ? setValue(text, key, state.value, state.latin1) : removeKey(text, key);
}

/** Same presence and the same bytes. */
export function sameState(a: TargetState, b: TargetState): boolean {
	return a.present === b.present && (!a.present || encodeValue(a) === encodeValue(b as {value: string; latin1?: true}));
}

/** A begin record's whole-file texts as binary strings (records before gotune kept bytes hold decoded text). */
export function recordedTexts(goenv: {before: string | null; after: string; encoding?: 'latin1'}): {before: string | null; after: string} {
	if (goenv.encoding === 'latin1') return goenv;
	return {before: goenv.before === null ? null : toBinary(goenv.before), after: toBinary(goenv.after)};
}
