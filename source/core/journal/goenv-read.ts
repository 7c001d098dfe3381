import {readOptionalFile} from './durable-fs.js';
import {JournalRefusal} from './errors.js';

/**
 * The GOENV file's bytes (a binary string; null when absent). A GOENV that is a directory or a symbolic-link loop is
 * a setting go silently ignores; gotune cannot write settings there, and says so in words instead of EISDIR/ELOOP.
 */
export async function readGoenvBytes(file: string): Promise<string | null> {
	try {
		return await readOptionalFile(file, 'latin1');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const what = code === 'EISDIR' ? 'a directory' : code === 'ELOOP' ? 'a loop of symbolic links' : undefined;
		if (what === undefined) throw error;
		throw new JournalRefusal([
			{
				key: 'GOENV',
				message: `${file} is ${what}: go ignores it and reads no settings from it, so gotune cannot write settings there`,
				hint: 'Point GOENV at a file (or unset it to use the default) and run gotune again.',
			},
		]);
	}
}
