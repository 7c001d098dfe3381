import type {Readable, Writable} from 'node:stream';

/**
 * Asks for a secret on the terminal with nothing echoed (not even one * per character, which would tell its length).
 * Enter ends it, Backspace deletes, Ctrl-C gives 'interrupted' (exit 130), Ctrl-D on an empty line gives ''. The
 * terminal's mode is restored whatever happens.
 */
export async function readMaskedSecret(
	stdin: Readable & {isTTY?: boolean; setRawMode?: (raw: boolean) => unknown},
	out: Writable,
	question: string,
): Promise<string | 'interrupted'> {
	out.write(question);
	stdin.setRawMode?.(true);
	stdin.resume();
	let secret = '';
	try {
		return await new Promise<string | 'interrupted'>(resolve => {
			const onData = (chunk: Buffer | string) => {
				for (const char of String(chunk)) {
					if (char === '\u0003') return done('interrupted');
					if (char === '\r' || char === '\n') return done(secret);
					if (char === '\u0004') {
						if (secret === '') return done('');
						continue;
					}
					if (char === '\u007F' || char === '\b') secret = secret.slice(0, -1);
					else if (char >= ' ') secret += char;
				}
			};
			const done = (value: string | 'interrupted') => {
				stdin.off('data', onData);
				resolve(value);
			};
			stdin.on('data', onData);
		});
	} finally {
		stdin.setRawMode?.(false);
		stdin.pause();
		out.write('\n');
	}
}
