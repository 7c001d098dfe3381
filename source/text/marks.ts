import type {CheckStatus} from '../core/checks.js';

/** Status marks shared by the headless commands (doctor, init) and the wizard, so both read alike. */
export const STATUS_MARKS: Record<'unicode' | 'ascii', Record<CheckStatus, string>> = {
	unicode: {ok: '✓', warn: '!', error: '✗'},
	ascii: {ok: '[ok]', warn: '[!]', error: '[x]'},
};

export function statusMark(status: CheckStatus, ascii: boolean): string {
	return STATUS_MARKS[ascii ? 'ascii' : 'unicode'][status];
}
