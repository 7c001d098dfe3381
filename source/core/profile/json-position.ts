/** A place in a text file, both 1-based, as editors show it (column counts characters, not bytes). */
export type Position = {line: number; column: number};

export type ParsedJson =
	| {ok: true; value: unknown; keys: Map<string, Position>; duplicates: Array<{path: string; at: Position}>}
	| {ok: false; message: string; at: Position};

/**
 * Strict JSON (RFC 8259) that remembers where each object key is, so a profile problem can name its line and column:
 * JSON.parse reports only a byte offset and forgets positions. Key paths join names with dots: `env.GOPROXY`.
 * A leading UTF-8 byte order mark (Windows editors) is accepted, as JSON tools do.
 */
export function parseJsonWithPositions(input: string): ParsedJson {
	const text = input.replace(/^\uFEFF/, '');
	const keys = new Map<string, Position>();
	const duplicates: Array<{path: string; at: Position}> = [];
	let index = 0;

	const at = (offset: number): Position => {
		const before = text.slice(0, offset);
		const line = before.split('\n').length;
		return {line, column: offset - (before.lastIndexOf('\n') + 1) + 1};
	};
	const fail = (message: string, offset = index): never => {
		throw new JsonSyntax(message, at(offset));
	};
	const skipSpace = () => {
		while (index < text.length) {
			const c = text[index]!;
			if (c === ' ' || c === '\t' || c === '\n' || c === '\r') index++;
			else if (c === '/' && (text[index + 1] === '/' || text[index + 1] === '*')) fail('comments are not allowed in JSON');
			else break;
		}
	};
	const describe = (offset: number) => (offset >= text.length ? 'the end of the file' : `'${text[offset]}'`);

	const parseString = (): string => {
		const start = index;
		index++;
		while (index < text.length && text[index] !== '"') {
			if (text[index] === '\\') index++;
			else if (text[index] === '\n') fail('a string must end on the line it starts (missing closing quote?)', start);
			index++;
		}
		if (index >= text.length) fail('a string is not closed (missing closing quote)', start);
		index++;
		try {
			return JSON.parse(text.slice(start, index)) as string;
		} catch {
			return fail('a string holds an invalid escape or control character', start);
		}
	};

	const parseValue = (path: string): unknown => {
		skipSpace();
		const c = text[index];
		if (c === '{') return parseObject(path);
		if (c === '[') {
			index++;
			const items: unknown[] = [];
			skipSpace();
			if (text[index] === ']') return (index++, items);
			for (;;) {
				items.push(parseValue(`${path}[${items.length}]`));
				skipSpace();
				if (text[index] === ',') {
					const comma = index++;
					skipSpace();
					if (text[index] === ']') fail("a trailing comma before ']' is not allowed in JSON", comma);
				} else if (text[index] === ']') return (index++, items);
				else fail(`expected ',' or ']' after an array item, found ${describe(index)}`);
			}
		}
		if (c === '"') return parseString();
		const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
		number.lastIndex = index;
		const matched = number.exec(text);
		if (matched) {
			index += matched[0].length;
			return Number(matched[0]);
		}
		for (const [word, value] of [
			['true', true],
			['false', false],
			['null', null],
		] as const) {
			if (text.startsWith(word, index)) {
				index += word.length;
				return value;
			}
		}
		if (c === "'") return fail('strings in JSON use double quotes, not single quotes');
		return fail(`expected a value, found ${describe(index)}`);
	};

	const parseObject = (path: string): Record<string, unknown> => {
		index++;
		const object: Record<string, unknown> = {};
		skipSpace();
		if (text[index] === '}') return (index++, object);
		for (;;) {
			skipSpace();
			if (text[index] !== '"') fail(`expected a key in double quotes, found ${describe(index)}`);
			const keyAt = at(index);
			const key = parseString();
			const keyPath = path ? `${path}.${key}` : key;
			if (Object.hasOwn(object, key)) duplicates.push({path: keyPath, at: keyAt});
			keys.set(keyPath, keyAt);
			skipSpace();
			if (text[index] !== ':') fail(`expected ':' after the key "${key}", found ${describe(index)}`);
			index++;
			// defineProperty: a key named __proto__ is data, as JSON.parse makes it.
			Object.defineProperty(object, key, {value: parseValue(keyPath), enumerable: true, writable: true, configurable: true});
			skipSpace();
			if (text[index] === ',') {
				const comma = index++;
				skipSpace();
				if (text[index] === '}') fail("a trailing comma before '}' is not allowed in JSON", comma);
			} else if (text[index] === '}') return (index++, object);
			else fail(`expected ',' or '}' after the value of "${key}", found ${describe(index)}`);
		}
	};

	try {
		skipSpace();
		if (index >= text.length) fail('the file is empty; a profile is a JSON object such as {"env": {}}');
		const value = parseValue('');
		skipSpace();
		if (index < text.length) fail(`unexpected ${describe(index)} after the end of the JSON value`);
		return {ok: true, value, keys, duplicates};
	} catch (error) {
		if (error instanceof JsonSyntax) return {ok: false, message: error.message, at: error.at};
		throw error;
	}
}

class JsonSyntax extends Error {
	constructor(
		message: string,
		readonly at: Position,
	) {
		super(message);
	}
}
