import {readFile} from 'node:fs/promises';

export type GoEnvLine = {text: string; key?: string; value?: string};

export type GoEnvFile = {
	/** Lines exactly as in the file (no trailing "\n"); key/value only where Go reads the line. */
	lines: GoEnvLine[];
	/** What Go reads: the last duplicate wins. */
	values: Map<string, string>;
	endsWithNewline: boolean;
};

/**
 * Mirrors cmd/go's readEnvFile: a line is a setting only if it has '=' and starts with A–Z; the value is everything
 * after the first '=', byte for byte (quotes are literal, nothing is trimmed); the last duplicate wins.
 */
export function parseGoEnvText(text: string): GoEnvFile {
	const lines: GoEnvLine[] = [];
	const values = new Map<string, string>();
	// Like Go's `for len(data) > 0` loop: an empty file has no lines, and a final newline ends a line, not starts one.
	const parts = text === '' ? [] : text.split('\n');
	const endsWithNewline = text.endsWith('\n');
	if (endsWithNewline) parts.pop();
	for (const part of parts) {
		const eq = part.indexOf('=');
		const first = part.charCodeAt(0);
		if (eq < 0 || !(first >= 65 && first <= 90)) {
			lines.push({text: part});
			continue;
		}
		const key = part.slice(0, eq);
		const value = part.slice(eq + 1);
		lines.push({text: part, key, value});
		values.set(key, value);
	}
	return {lines, values, endsWithNewline};
}

/** Why Go silently ignores a GOENV path that exists: it cannot be read as a file. */
export type GoEnvUnreadable = {path: string; reason: string};

const UNREADABLE: Record<string, string> = {
	EISDIR: 'is a directory',
	ELOOP: 'is a symlink loop',
	EACCES: 'cannot be read (permission denied)',
};

/**
 * Reads a GOENV-format file; a missing file reads as empty, like Go does. A directory, a symlink loop or an unreadable
 * file also reads as empty (Go ignores it too) and is reported as `unreadable`, for doctor and the wizard to name.
 */
export async function readGoEnvFile(file: string | undefined): Promise<GoEnvFile & {exists: boolean; unreadable?: GoEnvUnreadable}> {
	if (file === undefined) return {...parseGoEnvText(''), exists: false};
	try {
		return {...parseGoEnvText(await readFile(file, 'utf8')), exists: true};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
			return {...parseGoEnvText(''), exists: false};
		}
		const reason = UNREADABLE[(error as NodeJS.ErrnoException).code ?? ''];
		if (reason !== undefined) return {...parseGoEnvText(''), exists: false, unreadable: {path: file, reason}};
		throw error;
	}
}
