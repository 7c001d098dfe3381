import {randomBytes} from 'node:crypto';
import {lstat, open, readlink, rename, unlink} from 'node:fs/promises';
import path from 'node:path';

/** Why the report could not be written: badInput (exit 2) when the path itself is wrong, else a failure (exit 1). */
export type ReportFileProblem = {badInput: boolean; message: string};

const PRINT_INSTEAD = 'or leave out --output to print the report';

/**
 * Writes the report to FILE as a new private file (0600) that is renamed over the name: never through a symbolic
 * link (its target could be any file of the user's, which would be overwritten and made 0600, or created where the
 * link points) and never into another hard link of the same file (rename gives the name a new inode; the other
 * names keep the old bytes). A symbolic link, a directory or a device at the name is refused, not replaced.
 */
export async function writePrivateFile(file: string, text: string): Promise<ReportFileProblem | undefined> {
	const existing = await lstat(file).catch((error: NodeJS.ErrnoException) => error);
	if (existing instanceof Error) {
		if (existing.code !== 'ENOENT') return writeProblem(existing.code, file, path.dirname(file));
	} else if (existing.isSymbolicLink()) {
		const target = await readlink(file).catch(() => '?');
		return {
			badInput: true,
			message:
				`--output ${file} is a symbolic link (to ${target}); gotune does not write a report through a link, where it could ` +
				`overwrite another file. Give the path of a regular file, or remove the link first.`,
		};
	} else if (existing.isDirectory()) {
		return {
			badInput: true,
			message: `--output ${file} is a directory; give a file name, for example --output ${path.join(file, 'gotune-report.md')}`,
		};
	} else if (!existing.isFile()) {
		return {
			badInput: true,
			message: `--output ${file} is not a regular file (a device, pipe or socket); give a file name, ${PRINT_INSTEAD}`,
		};
	}
	const dir = path.dirname(file);
	const temp = path.join(dir, `.${path.basename(file)}.gotune-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	try {
		const handle = await open(temp, 'wx', 0o600);
		try {
			await handle.writeFile(text);
			// The umask may have taken bits away; the report may name private hosts, so exactly 0600.
			await handle.chmod(0o600);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, file);
	} catch (error) {
		await unlink(temp).catch(() => undefined);
		return writeProblem((error as NodeJS.ErrnoException).code, file, dir);
	}
	return undefined;
}

/** An errno from writing FILE (in DIR) in words: what went wrong, with which path, and what to do. */
export function writeProblem(code: string | undefined, file: string, dir: string): ReportFileProblem {
	switch (code) {
		case 'ENOENT': {
			return {
				badInput: true,
				message: `cannot write the report to ${file}: the directory ${dir} does not exist; create it first, ${PRINT_INSTEAD}`,
			};
		}
		case 'ENOTDIR': {
			return {
				badInput: true,
				message: `cannot write the report to ${file}: a part of ${dir} is a file, not a directory; choose another path`,
			};
		}
		case 'EISDIR': {
			return {badInput: true, message: `cannot write the report to ${file}: it is a directory; give a file name inside it`};
		}
		case 'EACCES':
		case 'EPERM': {
			return {
				badInput: false,
				message: `cannot write the report to ${file}: no permission to create or replace files in ${dir}; choose a directory you own, ${PRINT_INSTEAD}`,
			};
		}
		case 'EROFS': {
			return {
				badInput: false,
				message: `cannot write the report to ${file}: ${dir} is on a read-only file system; choose another directory`,
			};
		}
		case 'ENOSPC':
		case 'EDQUOT': {
			return {
				badInput: false,
				message: `cannot write the report to ${file}: no space left (or quota reached) on the disk holding ${dir}; free some space, ${PRINT_INSTEAD}`,
			};
		}
		default: {
			return {
				badInput: false,
				message:
					`cannot write the report to ${file}: the system refused (${code ?? 'unknown error'}${code === 'EIO' ? ': input/output error, the disk or network file system failed' : ''}); ` +
					`try another directory, ${PRINT_INSTEAD}`,
			};
		}
	}
}
