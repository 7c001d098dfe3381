import {parseGoVersion, type GoVersion} from '../version.js';

/** What `go version -m BINARY` says about a Go program: the go that built it and the module it came from. */
export type BuildInfo = {
	/** "go1.26.8" (or "devel go1.27-abc ..."), as go prints it. */
	goVersion: string;
	go?: GoVersion;
	/** The main package's import path (`path` line); absent for binaries built outside module mode. */
	path?: string;
	/** The main module and its version: "(devel)" when built from a checkout rather than MODULE@VERSION. */
	module?: {path: string; version: string; sum?: string};
	/** build settings (-ldflags, GOOS, vcs.revision, ...), as go recorded them. */
	settings: Record<string, string>;
};

/**
 * Parses the output of `go version -m BINARY` (one binary). The first line is "BINARY: GOVERSION"; each following
 * line is tab-separated: "\tpath\tPKG", "\tmod\tMODULE\tVERSION\tSUM", "\tdep\t...", "\t=>\t..." (a replacement of the
 * line before), "\tbuild\tKEY=VALUE". Undefined when the first line is not of that form (go said "not a Go binary"
 * or similar on stderr, and printed nothing here).
 */
export function parseBuildInfo(output: string, binary?: string): BuildInfo | undefined {
	const lines = output.split('\n').map(line => line.replace(/\r$/, ''));
	const first = lines[0] ?? '';
	// The binary's path may itself hold ": ", so the version is what follows the last one.
	const at = binary !== undefined && first.startsWith(`${binary}: `) ? binary.length : first.lastIndexOf(': ');
	if (at < 0) return undefined;
	const goVersion = first.slice(at + 2).trim();
	if (!/^(go\d|devel )/.test(goVersion)) return undefined;
	const info: BuildInfo = {goVersion, settings: {}};
	const go = parseGoVersion(goVersion);
	if (go) info.go = go;
	let last: string | undefined;
	for (const line of lines.slice(1)) {
		if (!line.startsWith('\t')) continue;
		const [kind, ...fields] = line.slice(1).split('\t');
		if (kind === 'path' && fields[0]) info.path = fields[0];
		else if (kind === 'mod' && fields[0] && fields[1])
			info.module = {path: fields[0], version: fields[1], ...(fields[2] ? {sum: fields[2]} : {})};
		else if (kind === '=>' && last === 'mod' && info.module && fields[0] && fields[1])
			// The main module replaced (built from a go.work or a replace): the version that counts is the replacement's.
			info.module = {path: fields[0], version: fields[1], ...(fields[2] ? {sum: fields[2]} : {})};
		else if (kind === 'build' && fields[0]) {
			const text = fields.join('\t');
			const eq = text.indexOf('=');
			if (eq > 0) info.settings[text.slice(0, eq)] = text.slice(eq + 1);
		}
		if (kind !== '=>') last = kind;
	}
	return info;
}
