import type {Finding, Fix, SettingChange} from './types.js';

/** What explain knows about this machine when it picks a fix: go env values and where each comes from. */
export type Machine = {
	values: Record<string, string>;
	/** Provenance source per key ('process', 'goenv', 'default'...). */
	sources: Record<string, string>;
	/** Exact repair commands from the environment snapshot, when go is locked out (GOFLAGS, GOCACHE=off). */
	repairs: Partial<Record<'goflags' | 'gocache', string[]>>;
};

/**
 * The pattern a private module needs in GOPRIVATE/GONOSUMDB: host/owner on hosting sites where the owner is the unit
 * (github.com/acme), else the host, as private-patterns.md advises.
 */
export function privatePattern(modulePath: string): string {
	const [host = modulePath, owner] = modulePath.split('/');
	return owner !== undefined && /^(?:github\.com|gitlab\.com|bitbucket\.org)$/.test(host) ? `${host}/${owner}` : host;
}

/**
 * A change to a go setting as the exact command: `go env -w` writes the GOENV file, but an OS variable wins over it
 * (go warns and changes nothing), so a key set in the environment is changed where it is set.
 */
export function settingChange(key: string, value: string, machine: Machine): SettingChange {
	const fromProcess = machine.sources[key] === 'process';
	const command = fromProcess
		? `export ${key}=${shellWord(value)}   # in the shell start-up file that sets ${key}`
		: `go env -w ${key}=${shellWord(value)}`;
	return {key, value, command, via: fromProcess ? 'manual' : 'goenv'};
}

/**
 * Back to go's default for KEY: `go env -u` (through the journal) when the GOENV file sets it, else `unset` where the
 * OS environment sets it. SHELL_COMMAND is the exact line to print then (a lock-out's repair).
 */
export function unsetChange(key: string, machine: Machine, shellCommand?: string): SettingChange {
	const source = machine.sources[key];
	if (source === 'goenv') return {key, value: '', command: `go env -u ${key}`, via: 'goenv'};
	const command =
		shellCommand ?? (source === 'process' ? `unset ${key}   # in the shell start-up file that exports ${key}` : `go env -u ${key}`);
	return {key, value: '', command, via: 'manual'};
}

/** Adds PATTERN to a comma-separated pattern list unless it is there. */
export function withPattern(list: string, pattern: string): string {
	const entries = list.split(',').filter(e => e.trim() !== '');
	return entries.includes(pattern) ? list : [...entries, pattern].join(',');
}

export function shellWord(value: string): string {
	return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function setting(key: string, value: string, machine: Machine, note?: string): Fix {
	return {kind: 'setting', changes: [settingChange(key, value, machine)], ...(note ? {note} : {})};
}

export function command(text: string, note?: string): Fix {
	return {kind: 'command', command: text, ...(note ? {note} : {})};
}

/** go's own suggested command when the message carries one ("to add it:\n\tgo get example.net/m"). */
export function suggestedCommand(lines: string[]): string | undefined {
	return lines.map(l => /^\t(go (?:get|mod (?:download|tidy|vendor)|work use)\b.*)$/.exec(l)?.[1]).find(c => c !== undefined);
}

export type Described = {summary: string; fix: Fix; keys: string[]; confidence: 'high' | 'medium' | 'low'};

export type Describe = (finding: Finding, lines: string[], machine: Machine) => Described;
