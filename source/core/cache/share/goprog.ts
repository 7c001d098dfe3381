/**
 * The GOCACHEPROG value: the client program and its arguments. go splits it like cmd/internal/quoted.Split (white
 * space separates fields; a field may be wrapped in single or double quotes, with no escapes), so a path with a space
 * is quoted and a value gotune reads back is split the same way.
 */

export type CacheProg = {binary: string; server?: string; token?: string; tokenFile?: string; diskDir?: string; args: string[]};

/** go-cacher's flags (cmd/go-cacher): the server's base URL (scheme and authority only) and its bearer token. */
const SERVER_FLAGS = ['--cache-server', '-cache-server'];
const TOKEN_FLAGS = ['--access-token', '-access-token'];
/** gotune-cacher's: the file holding the token (the token itself never in GOCACHEPROG). */
const TOKEN_FILE_FLAGS = ['--access-token-file', '-access-token-file'];
const DIR_FLAGS = ['--cache-dir', '-cache-dir'];

/**
 * DISK_DIR is passed even though it is go-cacher's default: without it go-cacher prints "Defaulting to cache dir ..."
 * on every go command, and the value then says where the client's local copy lives.
 */
export function cacheProgValue(
	binary: string,
	server: string,
	options: {token?: string; tokenFile?: string; diskDir?: string} = {},
): string {
	const fields = [
		binary,
		...(options.diskDir ? ['--cache-dir', options.diskDir] : []),
		'--cache-server',
		server,
		...(options.tokenFile ? ['--access-token-file', options.tokenFile] : options.token ? ['--access-token', options.token] : []),
	];
	return fields.map(quote).join(' ');
}

function quote(field: string): string {
	if (!/[ \t\n\r'"]/.test(field)) return field;
	if (!field.includes("'")) return `'${field}'`;
	if (!field.includes('"')) return `"${field}"`;
	throw new Error(`${field} holds both kinds of quote: go cannot read it in GOCACHEPROG`);
}

/**
 * cmd/internal/quoted.Split; undefined for an unterminated quote (go refuses the value then). White space is its
 * isSpaceByte (' ', '\t', '\n', '\r'), not JavaScript's \s: a no-break space in a path stays in the field, as for go.
 */
export function splitQuoted(text: string): string[] | undefined {
	const fields: string[] = [];
	let rest = text;
	for (;;) {
		rest = rest.replace(/^[ \t\n\r]+/, '');
		if (rest === '') return fields;
		const open = rest[0]!;
		if (open === '"' || open === "'") {
			const end = rest.indexOf(open, 1);
			if (end === -1) return undefined;
			fields.push(rest.slice(1, end));
			rest = rest.slice(end + 1);
			continue;
		}
		const end = rest.search(/[ \t\n\r]/);
		fields.push(end === -1 ? rest : rest.slice(0, end));
		rest = end === -1 ? '' : rest.slice(end);
	}
}

/** What a GOCACHEPROG value says: the program, and its server and token (or token file) when given (--flag VALUE or --flag=VALUE). */
export function parseCacheProg(value: string): CacheProg | undefined {
	const fields = splitQuoted(value);
	if (!fields || fields.length === 0) return undefined;
	const [binary, ...args] = fields as [string, ...string[]];
	const read = (names: string[]): string | undefined => {
		for (const [index, arg] of args.entries()) {
			for (const name of names) {
				if (arg === name) return args[index + 1];
				if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
			}
		}
		return undefined;
	};
	const server = read(SERVER_FLAGS);
	const token = read(TOKEN_FLAGS);
	const tokenFile = read(TOKEN_FILE_FLAGS);
	const diskDir = read(DIR_FLAGS);
	return {
		binary,
		args,
		...(server ? {server} : {}),
		...(token ? {token} : {}),
		...(tokenFile ? {tokenFile} : {}),
		...(diskDir ? {diskDir} : {}),
	};
}
