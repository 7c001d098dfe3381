import {parseGoEnvText} from '../goenv-file.js';
import type {TargetState} from './contract.js';

/**
 * The GOENV file as lines, for edits that keep everything else byte for byte: gotune edits a key's last line in place
 * or appends, never re-sorts (go env -w would sort and drop duplicates, go-facts §1.2).
 */
export type EnvText = {lines: string[]; endsWithNewline: boolean};

export function parseEnvText(text: string): EnvText {
	const {lines, endsWithNewline} = parseGoEnvText(text);
	return {lines: lines.map(line => line.text), endsWithNewline};
}

export function renderEnvText({lines, endsWithNewline}: EnvText): string {
	return lines.length === 0 ? '' : lines.join('\n') + (endsWithNewline ? '\n' : '');
}

/** Same rule as Go's readEnvFile for a valid key (starts with A–Z): the value after the first '='; the last line wins. */
function isLineOf(line: string, key: string): boolean {
	return line.startsWith(`${key}=`);
}

export function valueOf(text: EnvText, key: string): TargetState {
	for (let i = text.lines.length - 1; i >= 0; i--) {
		const line = text.lines[i]!;
		if (isLineOf(line, key)) return {present: true, value: line.slice(key.length + 1)};
	}
	return {present: false};
}

/** Sets KEY on its last line (the one Go reads), or appends a line; earlier duplicates stay as they were. */
export function setValue(text: EnvText, key: string, value: string): EnvText {
	const lines = [...text.lines];
	for (let i = lines.length - 1; i >= 0; i--) {
		if (isLineOf(lines[i]!, key)) {
			lines[i] = `${key}=${value}`;
			return {lines, endsWithNewline: text.endsWithNewline};
		}
	}
	lines.push(`${key}=${value}`);
	return {lines, endsWithNewline: true};
}

/** Removes every line of KEY: an absent key is never written as `KEY=` (that hides $GOROOT/go.env, go-facts §1.8). */
export function removeKey(text: EnvText, key: string): EnvText {
	return {lines: text.lines.filter(line => !isLineOf(line, key)), endsWithNewline: text.endsWithNewline};
}

export function applyState(text: EnvText, key: string, state: TargetState): EnvText {
	return state.present ? setValue(text, key, state.value) : removeKey(text, key);
}

export function sameState(a: TargetState, b: TargetState): boolean {
	return a.present === b.present && (!a.present || a.value === (b as {value: string}).value);
}
