import type {CheckStatus} from '../core/checks.js';
import {STATUS_MARKS} from '../text/marks.js';

/** Everything that differs between a Unicode terminal and `--ascii` (old consoles, serial lines, screen readers). */
export type Theme = {
	ascii: boolean;
	border: 'round' | 'classic';
	/** Focused box: the double line (or `#` in ascii) shows focus without relying on colour (NO_COLOR). */
	focusBorder: 'double' | 'classic';
	status: Record<CheckStatus, string>;
	pointer: string;
	/** After a finished step's name in the header. */
	done: string;
	separator: string;
	more: {up: string; down: string};
	/** Arrow keys as key hints show them: ↑/↓ choose, or ^/v choose under --ascii. */
	arrows: {up: string; down: string; left: string; right: string};
	/** Progress bar cells. */
	bar: {done: string; todo: string};
	spinner: 'dots' | 'line';
	ellipsis: string;
};

const UNICODE: Theme = {
	ascii: false,
	border: 'round',
	focusBorder: 'double',
	status: STATUS_MARKS.unicode,
	pointer: '❯',
	done: '✓',
	separator: ' · ',
	more: {up: '↑', down: '↓'},
	arrows: {up: '↑', down: '↓', left: '←', right: '→'},
	bar: {done: '█', todo: '░'},
	spinner: 'dots',
	ellipsis: '…',
};

// Same marks as `gotune doctor --ascii` (text/marks.ts), so both read alike.
const ASCII: Theme = {
	ascii: true,
	border: 'classic',
	focusBorder: 'classic',
	status: STATUS_MARKS.ascii,
	pointer: '>',
	done: '+',
	separator: ' - ',
	more: {up: '^', down: 'v'},
	arrows: {up: '^', down: 'v', left: '<', right: '>'},
	bar: {done: '#', todo: '.'},
	spinner: 'line',
	ellipsis: '...',
};

export function themeFor(ascii: boolean): Theme {
	return ascii ? ASCII : UNICODE;
}

export const STATUS_COLOR: Record<CheckStatus, string> = {ok: 'green', warn: 'yellow', error: 'red'};
