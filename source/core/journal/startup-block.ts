import type {TargetState} from './contract.js';

/**
 * gotune's marked block in a shell start-up file (~/.profile, ~/.bashrc, ~/.zshrc, fish conf.d/*.fish):
 *
 *   # >>> gotune MARKER >>>
 *   export PATH="$HOME/go/bin:$PATH"
 *   # <<< gotune MARKER <<<
 *
 * Pure text functions. File contents are "binary strings" (read and written as latin1: one character per byte), so
 * bytes that are not UTF-8 elsewhere in the user's file survive untouched; the block itself is recorded as text.
 */

const MARKER_SYNTAX = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function startupBlockLines(marker: string, lines: string[]): string[] {
	return [`# >>> gotune ${marker} >>>`, ...lines, `# <<< gotune ${marker} <<<`];
}

/** The exact text gotune adds (and records): the block's lines, each ending in a newline. */
export function startupBlockText(marker: string, lines: string[]): string {
	return startupBlockLines(marker, lines).join('\n') + '\n';
}

/** What is wrong with a block before anything is written; undefined when it can be added. */
export function blockProblem(marker: string, lines: string[]): string | undefined {
	if (!MARKER_SYNTAX.test(marker)) return `marker "${marker}" must be letters, digits, '.', '_' or '-' (it names the block in the file)`;
	const bad = lines.find(line => /[\n\r\0]/.test(line) || /^# (>>>|<<<) gotune /.test(line));
	if (bad !== undefined)
		return `line ${JSON.stringify(bad)} cannot go in a block: one line each, without line breaks, NUL bytes or gotune's own markers`;
	return undefined;
}

export const toBinary = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const fromBinary = (binary: string): string => Buffer.from(binary, 'latin1').toString('utf8');

type Found = {start: number; end: number; text: string};

/** The first block of MARKER in CONTENT (binary): from its opening line to after its closing line (or to the end). */
export function findBlock(content: string, marker: string): Found | undefined {
	const open = `# >>> gotune ${marker} >>>`;
	const close = `# <<< gotune ${marker} <<<`;
	let start = -1;
	let offset = 0;
	while (offset <= content.length) {
		const newline = content.indexOf('\n', offset);
		const lineEnd = newline < 0 ? content.length : newline;
		const line = content.slice(offset, lineEnd).replace(/\r$/, '');
		const next = newline < 0 ? content.length : newline + 1;
		if (start < 0 && line === open) start = offset;
		else if (start >= 0 && line === close) return {start, end: next, text: content.slice(start, next)};
		if (newline < 0) break;
		offset = next;
	}
	// An opening line without its closing line: the user cut the block; it reads as an edited block.
	return start < 0 ? undefined : {start, end: content.length, text: content.slice(start)};
}

/**
 * TEXT with every ~/.netrc secret replaced by ********: the value after a `password` or `account` token (netrc's
 * grammar: tokens separated by white space). What a secret block's journal record holds instead of the secret.
 */
export function redactSecrets(text: string): string {
	return text.replace(/(^|\s)(password|account)(\s+)\S+/g, '$1$2$3********');
}

/** The block of MARKER in CONTENT as a target state (its text; REDACTED: with its secrets replaced), for plans and conflicts. */
export function blockState(content: string | null, marker: string, redacted = false): TargetState {
	const found = content === null ? undefined : findBlock(content, marker);
	if (found === undefined) return {present: false};
	return redacted
		? {present: true, value: redactSecrets(fromBinary(found.text)), redacted: true}
		: {present: true, value: fromBinary(found.text)};
}

const holds = (found: Found | undefined, state: TargetState): boolean => {
	if (!state.present) return found === undefined;
	if (found === undefined) return false;
	return (state.redacted ? redactSecrets(found.text) : found.text) === toBinary(state.value);
};

export type BlockEdit = {action: 'restore' | 'already' | 'conflict'; next: string | null};

/**
 * Puts the block in the state AFTER (adding or replacing it). `already` when it is there; `conflict` when the file
 * holds neither the recorded before nor the after block (the user edited it): nothing is changed then.
 */
export function applyBlock(
	content: string | null,
	marker: string,
	before: TargetState,
	after: TargetState,
): BlockEdit & {addedNewline: boolean} {
	const found = content === null ? undefined : findBlock(content, marker);
	if (holds(found, after)) return {action: 'already', next: content, addedNewline: false};
	if (!holds(found, before)) return {action: 'conflict', next: content, addedNewline: false};
	const block = after.present ? toBinary(after.value) : '';
	if (found !== undefined)
		return {action: 'restore', next: content!.slice(0, found.start) + block + content!.slice(found.end), addedNewline: false};
	const base = content ?? '';
	const addedNewline = base !== '' && !base.endsWith('\n');
	return {action: 'restore', next: base + (addedNewline ? '\n' : '') + block, addedNewline};
}

/**
 * Undoes a block edit: takes out exactly the block gotune wrote (or puts the previous block back), leaving every
 * other byte of the file as it is now, including the user's edits since. A newline gotune had to add before its
 * block goes again when the block was still the end of the file; a file gotune created and that is empty again is
 * removed (next = null). FORCE replaces a block the user edited.
 */
export function undoBlock(
	content: string | null,
	marker: string,
	entry: {before: TargetState; after: TargetState; createdFile?: boolean; addedNewline?: boolean},
	force: boolean,
): BlockEdit {
	const found = content === null ? undefined : findBlock(content, marker);
	if (holds(found, entry.before) && !holds(found, entry.after)) return {action: 'already', next: content};
	const edited = !holds(found, entry.after);
	if (edited && (!force || found === undefined)) return {action: edited ? 'conflict' : 'already', next: content};
	const text = content!;
	let next = text.slice(0, found!.start) + (entry.before.present ? toBinary(entry.before.value) : '') + text.slice(found!.end);
	if (!entry.before.present && entry.addedNewline && found!.end === text.length && next.endsWith('\n')) next = next.slice(0, -1);
	if (next === '' && entry.createdFile) return {action: edited ? 'conflict' : 'restore', next: null};
	return {action: edited ? 'conflict' : 'restore', next};
}
