import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

/**
 * The wrapper ships inside Ink, added by patches/ink+6.8.0.patch (Ink's log is internal: not exported by the package,
 * so gotune cannot wrap it from outside). These load the installed, patched files by path.
 */
const inkBuild = new URL('../../node_modules/ink/build/', import.meta.url);
type InkLog = ((output: string) => boolean) & {
	clear: () => void;
	done: () => void;
	sync: (output: string) => void;
	setCursorPosition: (position: unknown) => void;
	isCursorDirty: () => boolean;
	willRender: (output: string) => boolean;
};
type Terminal = {columns?: number; rows?: number};
const {redrawOnResize} = (await import(fileURLToPath(new URL('redraw-on-resize.js', inkBuild)))) as {
	redrawOnResize: (log: InkLog, stream: Terminal, options?: {incremental?: boolean}) => InkLog;
};

/**
 * This records the calls the wrapper makes on Ink's log. What the
 * wrapper prevents, stale lines after the terminal moved them, tmux cannot show: it drops rows from the bottom when
 * a pane shrinks. xterm-like terminals push them off the top, which only a whole redraw repairs.
 */
function recordingLog() {
	const calls: string[] = [];
	let previous = '';
	const log = ((output: string) => {
		calls.push(`render ${output}`);
		previous = output;
		return true;
	}) as InkLog;
	log.clear = () => {
		calls.push('clear');
		previous = '';
	};
	log.done = () => calls.push('done') && undefined;
	log.sync = output => {
		calls.push(`sync ${output}`);
		previous = output;
	};
	log.setCursorPosition = () => undefined;
	log.isCursorDirty = () => false;
	log.willRender = output => output !== previous;
	return {log, calls};
}

describe('redrawOnResize (the first frame after a resize is drawn whole)', () => {
	it('sends frames as they are while the size stays; after a resize it clears first, once', () => {
		const terminal = {columns: 120, rows: 40};
		const {log, calls} = recordingLog();
		const render = redrawOnResize(log, terminal, {incremental: true});
		render('a\n');
		render('b\n');
		expect(calls).toEqual(['render a\n', 'render b\n']);
		terminal.rows = 30;
		render('c\n');
		render('d\n');
		expect(calls.slice(2)).toEqual(['clear', 'render c\n', 'render d\n']);
		terminal.columns = 100;
		render('e\n');
		expect(calls.slice(5)).toEqual(['clear', 'render e\n']);
	});

	it('an unchanged frame still renders after a resize (willRender), and not otherwise', () => {
		const terminal = {columns: 80, rows: 24};
		const {log} = recordingLog();
		const render = redrawOnResize(log, terminal, {incremental: true});
		render('same\n');
		expect(render.willRender('same\n')).toBe(false);
		terminal.rows = 25;
		expect(render.willRender('same\n')).toBe(true);
	});

	it('sync (Ink drew a full-screen frame itself) counts as drawn at this size', () => {
		const terminal = {columns: 80, rows: 24};
		const {log, calls} = recordingLog();
		const render = redrawOnResize(log, terminal, {incremental: true});
		terminal.rows = 20;
		render.sync('full\n');
		render('next\n');
		expect(calls).toEqual(['sync full\n', 'render next\n']);
	});

	it('leaves the full-redraw renderer alone: it redraws whole frames anyway', () => {
		const {log} = recordingLog();
		expect(redrawOnResize(log, {columns: 80, rows: 24}, {})).toBe(log);
	});
});

describe("the installed Ink's log is wrapped", () => {
	it('an incremental log redraws a frame whole after a resize, and sends nothing for an unchanged frame otherwise', async () => {
		const {default: logUpdate} = (await import(fileURLToPath(new URL('log-update.js', inkBuild)))) as {
			default: {create: (stream: unknown, options: {incremental: boolean}) => InkLog};
		};
		const written: string[] = [];
		const terminal = {columns: 80, rows: 24, write: (text: string) => written.push(text)};
		const render = logUpdate.create(terminal, {incremental: true});
		render('one\ntwo\n');
		render('one\ntwo\n');
		expect(written).toHaveLength(1);
		terminal.rows = 20;
		render('one\ntwo\n');
		// Ink's clear erases the lines it drew; the frame is then written whole, both lines.
		expect(written.slice(1).join('')).toContain('\u001B[2K');
		expect(written.at(-1)).toContain('one');
		expect(written.at(-1)).toContain('two');
	});
});
