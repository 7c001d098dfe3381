import type {Writable} from 'node:stream';
import type {Check, CheckStatus} from '../core/checks.js';
import type {Env} from '../core/env.js';
import {statusMark} from '../text/marks.js';
import {wrap} from '../text/wrap.js';

export type Style = {
	color: boolean;
	ascii: boolean;
	width: number;
};

export function styleFor(stream: {isTTY?: boolean; columns?: number}, env: Env, ascii = false): Style {
	const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	const forced = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0';
	return {
		color: !noColor && env['TERM'] !== 'dumb' && (forced || stream.isTTY === true),
		ascii: ascii || env['TERM'] === 'dumb',
		// Below 20 columns word-wrapping only makes ragged output (and formatChecks' 4-column indent would not fit):
		// let the terminal fold longer lines itself.
		width: Math.max(20, Math.min(stream.columns ?? 80, 100)),
	};
}

const SGR = {red: 31, green: 32, yellow: 33, dim: 2, bold: 1} as const;

export function paint(style: Style, tone: keyof typeof SGR, text: string): string {
	return style.color ? `\u001B[${SGR[tone]}m${text}\u001B[0m` : text;
}

export function symbol(style: Style, status: CheckStatus): string {
	const tone = {ok: 'green', warn: 'yellow', error: 'red'} as const;
	return paint(style, tone[status], statusMark(status, style.ascii));
}

// Moved to source/text (shared with the wizard, which must not import commands/); re-exported for the commands.
export {wrap} from '../text/wrap.js';

export function formatChecks(checks: Check[], style: Style): string {
	const lines: string[] = [];
	for (const check of checks) {
		const [first = '', ...rest] = wrap(check.message, style.width, '    ');
		lines.push(`  ${symbol(style, check.status)} ${first.slice(4)}`, ...rest);
		if (check.fix && check.status !== 'ok') {
			for (const line of wrap(check.fix, style.width, '      ')) lines.push(paint(style, 'dim', line));
		}
	}
	return lines.join('\n');
}

export function writeLine(stream: Writable, text = ''): void {
	stream.write(`${text}\n`);
}
