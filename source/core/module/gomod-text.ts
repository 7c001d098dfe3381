/**
 * A small reader for go.mod / go.work text, used only when the installed go cannot read the file itself
 * (Go 1.19 stops at a three-part `go` line or a `toolchain` line). It reads the directives gotune shows, nothing more.
 */
export type ModText = {
	module?: string;
	go?: string;
	toolchain?: string;
	/** require lines (go.mod) */
	requires: Array<{path: string; version: string; indirect: boolean}>;
	/** use lines (go.work) */
	uses: string[];
};

export function parseModText(text: string): ModText {
	const out: ModText = {requires: [], uses: []};
	let block: string | undefined;
	for (const raw of text.split('\n')) {
		const indirect = /\/\/\s*indirect\b/.test(raw);
		const line = raw.replace(/\/\/.*$/, '').trim();
		if (line === '') continue;
		if (block !== undefined) {
			if (line === ')') block = undefined;
			else addEntry(out, block, tokens(line), indirect);
			continue;
		}
		const [verb, ...args] = tokens(line);
		if (verb === undefined) continue;
		if (args[0] === '(') {
			block = verb;
			continue;
		}
		addEntry(out, verb, args, indirect);
	}
	return out;
}

function addEntry(out: ModText, verb: string, args: string[], indirect: boolean): void {
	switch (verb) {
		case 'module':
			out.module = args[0];
			break;
		case 'go':
			out.go = args[0];
			break;
		case 'toolchain':
			out.toolchain = args[0];
			break;
		case 'require':
			if (args.length >= 2) out.requires.push({path: args[0]!, version: args[1]!, indirect});
			break;
		case 'use':
			if (args[0] !== undefined) out.uses.push(args[0]);
			break;
		default:
			break;
	}
}

/** Splits on spaces, keeping "quoted" and `raw` strings whole and unquoted. */
function tokens(line: string): string[] {
	const out: string[] = [];
	const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
	for (let m = re.exec(line); m !== null; m = re.exec(line))
		out.push(m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : (m[2] ?? m[3]!));
	return out;
}
