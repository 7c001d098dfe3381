import type {Key} from 'ink';
import {splitCommandWords} from '../../core/command-words.js';
import {editText, type TextState} from '../kit/text-edit.js';
import type {FixResult, TroubleshootAnswer} from '../services/troubleshoot.js';

/** How many of go's latest output lines the screen keeps while a command runs. */
export const OUTPUT_TAIL = 8;

/**
 * input: the text area; running: go runs (or the paste is being explained); answer: the explanation, with the
 * confirmation when a fix is a setting; applying: the journal writes it and the command runs again; done: the proof;
 * failed: gotune could not run go or explain (the message says why).
 */
export type Phase = 'input' | 'running' | 'answer' | 'applying' | 'done' | 'failed';

export type TroubleshootState = {
	phase: Phase;
	text: TextState;
	/** The go command being run (masked), for the running line. */
	running?: string;
	output: string[];
	answer?: TroubleshootAnswer;
	declined: boolean;
	result?: FixResult;
	error?: string;
};

export type TroubleshootAction =
	| {type: 'edit'; text: TextState}
	| {type: 'start'; command?: string}
	| {type: 'line'; line: string}
	| {type: 'answered'; answer: TroubleshootAnswer}
	| {type: 'apply'}
	| {type: 'applied'; result: FixResult}
	| {type: 'declined'}
	| {type: 'failed'; message: string}
	| {type: 'back'};

export function initialTroubleshootState(): TroubleshootState {
	return {phase: 'input', text: {value: '', cursor: 0}, output: [], declined: false};
}

export function troubleshootReducer(state: TroubleshootState, action: TroubleshootAction): TroubleshootState {
	switch (action.type) {
		case 'edit':
			return state.phase === 'input' ? {...state, text: action.text} : state;
		case 'start': {
			const {running: _running, answer: _answer, result: _result, error: _error, ...rest} = state;
			return {...rest, phase: 'running', output: [], declined: false, ...(action.command ? {running: action.command} : {})};
		}
		case 'line':
			return {...state, output: [...state.output, action.line].slice(-OUTPUT_TAIL)};
		case 'answered':
			return {...state, phase: 'answer', answer: action.answer};
		case 'apply':
			return state.phase === 'answer' ? {...state, phase: 'applying', output: []} : state;
		case 'applied':
			return {...state, phase: 'done', result: action.result};
		case 'declined':
			return {...state, declined: true};
		case 'failed':
			return {...state, phase: 'failed', error: action.message};
		case 'back':
			// The text stays: the person edits what they pasted or typed.
			return {...initialTroubleshootState(), text: state.text};
	}
}

/**
 * What Ctrl-D does with the text: one line that is a go command is run; anything else is go's output to explain. A go
 * command a shell would read differently (unbalanced quotes, a pipe...) is 'invalid', with the message saying why.
 */
export type Submission = {kind: 'command'; args: string[]} | {kind: 'text'; text: string} | {kind: 'invalid'; message: string};

export function submissionOf(value: string): Submission | undefined {
	const text = value.trim();
	if (text === '') return undefined;
	if (text.includes('\n') || !/^go(?:\s|$)/.test(text)) return {kind: 'text', text};
	// No shell runs: the line is split into go's arguments as a shell would split it (quotes, backslashes).
	const split = splitCommandWords(text);
	return split.ok ? {kind: 'command', args: split.words} : {kind: 'invalid', message: split.message};
}

/** Whether the answer waits for y/N: a fix gotune can apply, not yet declined or applied. */
export function asksToApply(state: TroubleshootState): boolean {
	return state.phase === 'answer' && !state.declined && (state.answer?.changes.length ?? 0) > 0;
}

/**
 * One key in the text area: Ctrl-D submits, Esc closes the screen, Enter is a new line and Tab a tab (a paste's line
 * ends and tabs arrive as keys in the same read, split by useKeys), anything else edits.
 */
export function inputKey(state: TroubleshootState, input: string, key: Key): TroubleshootAction | 'submit' | 'close' | undefined {
	if (key.ctrl && input === 'd') return 'submit';
	if (key.escape) return 'close';
	// go's continuation lines start with a tab, which the matcher reads: a pasted tab is kept.
	if (key.return || (key.tab && !key.shift)) {
		const {value, cursor} = state.text;
		const char = key.return ? '\n' : '\t';
		return {type: 'edit', text: {value: `${value.slice(0, cursor)}${char}${value.slice(cursor)}`, cursor: cursor + 1}};
	}
	const text = editText(state.text, input, key);
	return text ? {type: 'edit', text} : undefined;
}
