import {stripVTControlCharacters} from 'node:util';
import {render as inkRender} from 'ink-testing-library';
import {act, type ReactElement} from 'react';

// Tell React this is a test so act() flushes effects synchronously (and warns about stray updates).
(globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean}).IS_REACT_ACT_ENVIRONMENT = true;

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageDown: '\u001B[6~',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	ctrlC: '\u0003',
} as const;

/**
 * ink-testing-library with act() around render, every key and unmount (ink.md §1.6), and a terminal size:
 * its fake stdout is always 100 columns with no rows, so the size is set on it and announced with 'resize',
 * the way a real terminal does.
 */
export async function renderInk(tree: ReactElement, {columns = 100, rows = 24}: {columns?: number; rows?: number} = {}) {
	let instance!: ReturnType<typeof inkRender>;
	await act(async () => {
		instance = inkRender(tree);
	});
	const resize = async (newColumns: number, newRows: number) => {
		Object.defineProperty(instance.stdout, 'columns', {value: newColumns, configurable: true});
		Object.defineProperty(instance.stdout, 'rows', {value: newRows, configurable: true});
		await act(async () => {
			instance.stdout.emit('resize');
		});
	};
	await resize(columns, rows);
	return {
		resize,
		...instance,
		/**
		 * Ink 6.8 with CI=true writes '\n' as the frame after exit: skip it. ANSI is stripped so a developer's
		 * FORCE_COLOR=1 cannot change what the assertions see.
		 */
		lastFrame: () => stripVTControlCharacters(instance.frames.findLast(frame => frame !== '\n') ?? ''),
		rawLastFrame: () => instance.frames.findLast(frame => frame !== '\n') ?? '',
		async press(...sequence: string[]) {
			for (const key of sequence) {
				await act(async () => {
					instance.stdin.write(key);
				});
				// Ink holds a lone ESC for a tick to tell it from the start of an escape sequence.
				if (key === keys.escape) await act(async () => new Promise(resolve => setImmediate(resolve)));
			}
		},
		async settle() {
			await act(async () => new Promise(resolve => setImmediate(resolve)));
		},
		/**
		 * Waits for a frame matching pattern, then yields once more: a frame written by an update from outside act()
		 * (a real go run finishing) can be on screen before its effects ran, and a key pressed in that gap reaches no
		 * useInput handler (CI saw 's' lost right after the Verify results appeared).
		 */
		async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
			const deadline = Date.now() + timeoutMs;
			while (!pattern.test(stripVTControlCharacters(instance.frames.findLast(frame => frame !== '\n') ?? ''))) {
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; last frame:\n${instance.lastFrame() ?? ''}`);
				await act(async () => new Promise(resolve => setTimeout(resolve, 50)));
			}
			await act(async () => new Promise(resolve => setImmediate(resolve)));
			return stripVTControlCharacters(instance.frames.findLast(frame => frame !== '\n') ?? '');
		},
		async unmount() {
			await act(async () => {
				instance.unmount();
			});
		},
	};
}

export type Rendered = Awaited<ReturnType<typeof renderInk>>;
