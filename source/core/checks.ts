export type CheckStatus = 'ok' | 'warn' | 'error';

export type Check = {
	id: string;
	status: CheckStatus;
	message: string;
	/** What to do, as a command where one exists. */
	fix?: string;
	/** A few words for doctor's one-line summary of the group ("gopls missing"); the message is used when absent. */
	summary?: string;
	/** Grouping for the wizard view. */
	group: 'toolchain' | 'environment' | 'journal' | 'module' | 'tools';
};

export function worst(checks: Check[]): CheckStatus {
	if (checks.some(c => c.status === 'error')) return 'error';
	return checks.some(c => c.status === 'warn') ? 'warn' : 'ok';
}
