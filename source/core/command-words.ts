/** A typed command line split into words, or why it cannot be (a message naming the problem and what to do). */
type CommandWords = {ok: true; words: string[]} | {ok: false; message: string};

/** Characters a shell would act on; here no shell runs, so unquoted they would silently mean something else. */
const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')']);

/**
 * Splits LINE into words the way a POSIX shell does, without running one: blanks separate words; '...' keeps
 * everything literally; "..." keeps blanks, with \ escaping only $ ` " \ (as sh does); a \ outside quotes escapes the
 * next character; quoted and unquoted parts next to each other make one word (-ldflags="-s -w"). What only a shell
 * could do is refused rather than passed on literally: unbalanced quotes, a trailing \, $ and ` (expansion),
 * and unquoted | & ; < > ( ) (pipes, redirections, lists).
 */
export function splitCommandWords(line: string): CommandWords {
	const words: string[] = [];
	let word = '';
	let inWord = false;
	let i = 0;
	const refuse = (message: string): CommandWords => ({ok: false, message});
	while (i < line.length) {
		const c = line[i]!;
		if (c === ' ' || c === '\t') {
			if (inWord) words.push(word);
			word = '';
			inWord = false;
			i++;
			continue;
		}
		inWord = true;
		if (c === "'") {
			const end = line.indexOf("'", i + 1);
			if (end < 0) return refuse(`The command has a ' at column ${i + 1} that is never closed: close it with another ', or remove it.`);
			word += line.slice(i + 1, end);
			i = end + 1;
			continue;
		}
		if (c === '"') {
			let j = i + 1;
			for (; j < line.length && line[j] !== '"'; j++) {
				const d = line[j]!;
				if (d === '$' || d === '`') return refuse(expansion(d));
				if (d === '\\' && j + 1 < line.length && '$`"\\'.includes(line[j + 1]!)) {
					word += line[j + 1];
					j++;
				} else word += d;
			}
			if (j >= line.length)
				return refuse(`The command has a " at column ${i + 1} that is never closed: close it with another ", or remove it.`);
			i = j + 1;
			continue;
		}
		if (c === '\\') {
			if (i + 1 >= line.length) return refuse('The command ends with a \\ that escapes nothing: remove it.');
			word += line[i + 1];
			i += 2;
			continue;
		}
		if (c === '$' || c === '`') return refuse(expansion(c));
		if (OPERATORS.has(c))
			return refuse(
				`No shell runs here, so ${c} cannot pipe, redirect or chain commands: type only the go command (quote ${c} if go should get it as text).`,
			);
		word += c;
		i++;
	}
	if (inWord) words.push(word);
	return {ok: true, words};
}

function expansion(char: string): string {
	return `No shell runs here, so ${char} would not be expanded: write the value itself (in '...' ${char} is kept as text).`;
}
